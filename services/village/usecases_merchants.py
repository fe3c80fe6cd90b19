"""Merchants: send resources to any village (own or another player's); list trips.

Sending locks the *source* village only: it is settled to now, the rules
(``rules.travian.merchants.plan``) take the load from its stock, and the trip and its
delivery row are stored in the same transaction. The delivery is then a due event of the
target: every settle of the target (a read in memory, a write or the wake-up timer under
its row lock) applies it at ``arrives_at``, capped by the storage, and the one that stores
it marks it delivered, so it is applied exactly once. The scheduler's ``settle`` timer of
the target at ``arrives_at`` is only the wake-up that publishes ``merchants_arrived``.
Merchants are home again at ``returns_at`` (computed; nothing to apply).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from rules.travian import merchants
from rules.travian import village as rules
from rules.travian.errors import RuleError
from rules.travian.ids import BuildingType
from rules.travian.resources import Resources
from services.runtime.errors import DomainError
from services.village import store, store_trade, usecases_war
from services.village.usecases import (
    Unit,
    commit,
    locked_settled,
    owned,
    rule_failure,
    use_case,
    wake_at,
)

MAX_AMOUNT = 10**9


@dataclass(frozen=True)
class TripView:
    id: str
    from_village_id: str
    to_village_id: str
    to_x: int
    to_y: int
    trip: merchants.Trip

    def state(self, now: int) -> str:
        return "going" if now < self.trip.arrives_at else "returning"


@dataclass(frozen=True)
class Overview:
    total: int
    at_home: int
    capacity: int
    outgoing: list[TripView]
    incoming: list[TripView]


async def _target(conn: AsyncConnection, to_village_id: str | None,
                  square: tuple[int, int] | None) -> sa.Row:
    if to_village_id:
        vid = store.parse_id(to_village_id)
        row = await store.village_row(conn, vid) if vid else None
    elif square is not None:
        rows = await store.villages_in(conn, [square[0]], [square[1]])
        row = rows[0] if rows else None
    else:
        raise DomainError("INVALID_INPUT", "Name the target village or its square.",
                          {"fields": {"to": "required"}})
    if row is None:
        raise DomainError("VILLAGE_NOT_FOUND", "No village there.")
    return row


@use_case
async def send(unit: Unit, user_id: str, village_id: str, to_village_id: str | None,
               square: tuple[int, int] | None, resources: Resources, now: int) -> TripView:
    """Merchants leave now with ``resources`` (whole) for the target village."""
    if any(not 0 <= v <= MAX_AMOUNT for v in resources.as_tuple()):
        raise DomainError("INVALID_INPUT", f"Amounts are 0..{MAX_AMOUNT}.",
                          {"fields": {"resources": f"0..{MAX_AMOUNT} each"}})
    target = await _target(unit.conn, to_village_id, square)
    if store.founding(target, now):
        raise DomainError("CONFLICT", "The target village is still being founded.")
    loaded, state, done = await locked_settled(unit, user_id, village_id, now)
    now = max(now, state.at)  # another write may have settled it while we waited for the lock
    if target.id == loaded.row.id:
        raise DomainError("INVALID_INPUT", "Merchants go to another village.",
                          {"fields": {"to": "another village"}})
    if target.owner_id != loaded.row.owner_id:  # RULES.md section 17
        await usecases_war.refuse_while_protected(
            unit, loaded.row.owner_id, now, "Under beginner's protection resources can be "
            "received but not sent to other players.")
    away = merchants.busy([store_trade.trip_of(r) for r in
                           await store_trade.trips_out(unit.conn, loaded.row.id, now)], now)
    try:
        state, trip = merchants.plan(state, (loaded.row.x, loaded.row.y), (target.x, target.y),
                                     resources, now, unit.config.speed, away=away)
    except RuleError as err:
        raise rule_failure(err) from None
    await commit(unit, loaded, state, done, now)
    trip_id = uuid.uuid4()
    await store_trade.add_trip(unit.conn, trip_id, loaded.row.owner_id, loaded.row.id,
                               target.id, trip)
    await wake_at(unit, target.id, trip.arrives_at, now)
    return TripView(str(trip_id), str(loaded.row.id), str(target.id), target.x, target.y, trip)


@use_case
async def overview(unit: Unit, user_id: str, village_id: str, now: int) -> Overview:
    """The caller's village's merchants: at home, under way, and trips coming here."""
    conn, config = unit.conn, unit.config
    loaded = await owned(conn, user_id, village_id)
    state, _ = rules.settle(loaded.state, now, config.speed)
    out_rows = await store_trade.trips_out(conn, loaded.row.id, now)
    in_rows = await store_trade.trips_in(conn, loaded.row.id, now)
    squares = {r.id: (r.x, r.y)
               for r in await store.squares_of(conn, {t.to_village_id for t in out_rows})}
    outgoing = [TripView(str(t.id), str(t.from_village_id), str(t.to_village_id),
                         *squares.get(t.to_village_id, (0, 0)), store_trade.trip_of(t))
                for t in out_rows]
    incoming = [TripView(str(t.id), str(t.from_village_id), str(t.to_village_id),
                         loaded.row.x, loaded.row.y, store_trade.trip_of(t)) for t in in_rows]
    total = merchants.merchant_count(rules.highest_level(state, BuildingType.MARKETPLACE))
    return Overview(total=total,
                    at_home=max(0, total - merchants.busy([v.trip for v in outgoing], now)),
                    capacity=merchants.capacity(
                        state.tribe, rules.highest_level(state, BuildingType.TRADE_OFFICE)),
                    outgoing=outgoing, incoming=incoming)
