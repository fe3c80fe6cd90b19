"""World use cases: capital placement, new villages, the map, rankings, inactivity."""

from __future__ import annotations

import dataclasses
import itertools
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncConnection

from rules.travian import village as rules
from rules.travian import world
from rules.travian.culture import SETTLERS_PER_VILLAGE, cp_required
from rules.travian.errors import RuleError
from rules.travian.ids import Tribe
from rules.travian.movement import army_travel_time_s
from services.runtime.errors import DomainError
from services.village import store, usecases_oasis
from services.village.usecases import (
    Config,
    Unit,
    VillageView,
    commit,
    locked_settled,
    rule_failure,
    settler_of,
    use_case,
    user_uuid,
    view_of,
    wake_at,
)

CAPITAL_LAYOUT = "4-4-4-6"
SPIRAL_CHUNK = 512
MAX_RADIUS = 15
CP_SUBUNITS = rules.CP_SUBUNITS


def _empty(state: rules.VillageState) -> rules.VillageState:
    """The state a brand-new row is saved against (so ``save`` writes all of ``state``)."""
    return dataclasses.replace(state, buildings={}, units={}, researched=frozenset(),
                               weapons={}, armour={}, builds=(), trainings=(), researches=())


def _row_values(state: rules.VillageState, **values: object) -> dict:
    return {"stock_wood": state.stock.wood, "stock_clay": state.stock.clay,
            "stock_iron": state.stock.iron, "stock_crop": state.stock.crop,
            "settled_at": store.to_dt(state.at), "culture": state.culture,
            "next_seq": state.next_seq, "population": rules.population(state), **values}


async def _store_new(conn: AsyncConnection, state: rules.VillageState,
                     values: dict) -> store.Loaded | None:
    row = await store.insert_village(conn, _row_values(state, **values))
    if row is None:
        return None
    loaded = store.Loaded(row, _empty(state), {})
    ids = await store.save(conn, loaded, state, population=rules.population(state))
    return store.Loaded(row, state, ids)


@dataclass
class SpiralHint:
    """Where this process's capital search starts: the spiral index of the last capital it
    placed (at start-up, the start of the ring just inside the newest capital's). Capitals
    fill the spiral outwards, so a search reads a chunk of squares or two, not every square
    from the centre. Only a hint: the unique (x, y) index decides who gets a square; a
    square behind the hint that comes free again is not offered by this process."""

    index: int | None = None


SPIRAL = SpiralHint()


def ring_start(ring: int) -> int:
    """The spiral index of ring ``ring``'s first square ((2k - 1)^2 squares lie inside)."""
    return 0 if ring <= 0 else (2 * ring - 1) ** 2


def spiral_from(index: int) -> Iterator[tuple[int, tuple[int, int]]]:
    """(index, square) of the spiral from ``index`` on: from its ring, the rest skipped in
    memory (no query)."""
    ring = next(k for k in range(world.WORLD_RADIUS + 1) if ring_start(k + 1) > index)
    squares = enumerate(world.spiral_from_centre(ring), start=ring_start(ring))
    return itertools.islice(squares, index - ring_start(ring), None)


async def create_capital(conn: AsyncConnection, config: Config, user_id: str, username: str,
                         tribe: int, now: int) -> VillageView:
    """Idempotent per user. The capital goes on the free 4-4-4-6 square nearest the centre
    (the world's spiral, from this process's hint on); two registrations at once never
    share one: the unique (x, y) index makes the second insert a no-op and it tries the
    next square."""
    owner = store.parse_id(user_id)
    if owner is None or tribe not in (1, 2, 3):
        raise DomainError("INVALID_INPUT", "A user id and a tribe 1..3 are required.")
    existing = await store.capital_of(conn, owner)
    if existing is None and SPIRAL.index is None:
        newest = await store.newest_capital(conn)
        ring = max(abs(newest.x), abs(newest.y)) - 1 if newest is not None else 0
        SPIRAL.index = ring_start(ring)
    spiral = spiral_from(SPIRAL.index or 0)
    while True:
        if existing is not None:
            loaded = (await store.load_many(conn, [existing]))[0]
            state, _ = rules.settle(loaded.state, now, config.speed)
            return view_of(loaded, state, now, config.speed)
        chunk = list(itertools.islice(spiral, SPIRAL_CHUNK))
        if not chunk:
            raise DomainError("COORDINATES_OCCUPIED", "The world is full.")
        squares = [(i, s) for i, s in ((i, world.square(config.world_seed, x, y))
                                       for i, (x, y) in chunk)
                   if s.kind == "village" and s.layout == CAPITAL_LAYOUT]
        taken = await store.taken_squares(conn, [(s.x, s.y) for _, s in squares])
        for index, sq in squares:
            if (sq.x, sq.y) in taken:
                continue
            state = rules.new_village(Tribe(tribe), True, world.field_types(sq.layout), now)
            loaded = await _store_new(conn, state, {
                "id": uuid.uuid4(), "owner_id": owner, "owner_name": username,
                "name": f"{username}'s village", "x": sq.x, "y": sq.y, "tribe": tribe,
                "is_capital": True, "layout": sq.layout, "founded_at": store.to_dt(now)})
            if loaded is not None:
                SPIRAL.index = max(SPIRAL.index or 0, index)
                return view_of(loaded, state, now, config.speed)
            existing = await store.capital_of(conn, owner)
            if existing is not None:
                break  # made by a concurrent call for the same user: answer it


@use_case
async def capital(unit: Unit, user_id: str, username: str, tribe: int,
                  now: int) -> VillageView:
    """CreateCapital (auth's call at registration): ``create_capital`` in a transaction of
    its own (the ``user.registered`` fallback runs it in its inbox row's)."""
    return await create_capital(unit.conn, unit.config, user_id, username, tribe, now)


@use_case
async def found_village(unit: Unit, user_id: str, x: int, y: int, from_village_id: str,
                        now: int) -> tuple[uuid.UUID, int]:
    """Three settlers leave now; the village exists from their arrival (its row is made at
    once, shown as being founded, so a second founder of the square is refused)."""
    try:
        sq = world.square(unit.config.world_seed, x, y)
    except RuleError as err:
        raise rule_failure(err) from None
    if sq.kind != "village":
        raise DomainError("COORDINATES_OCCUPIED", "Only a free village square can be settled.")
    if await store.taken_squares(unit.conn, [(x, y)]):
        raise DomainError("COORDINATES_OCCUPIED", f"({x}|{y}) is taken or being settled.")
    owner = user_uuid(user_id)
    if not from_village_id:
        capital = await store.capital_of(unit.conn, owner)
        if capital is None:
            raise DomainError("VILLAGE_NOT_FOUND", "No capital.")
        from_village_id = str(capital.id)
    loaded, state, done = await locked_settled(unit, user_id, from_village_id, now)
    now = state.at  # the settlers leave at the instant the write acts at (>= now)
    settler = settler_of(loaded.row.tribe)
    if state.units.get(settler, 0) < SETTLERS_PER_VILLAGE:
        raise DomainError("NOT_ENOUGH_SETTLERS",
                          f"{SETTLERS_PER_VILLAGE} settlers at home are needed.")
    account = await store.account(unit.conn, owner, loaded.row.id)
    number = account.villages + 1
    needed = cp_required(number, unit.config.speed)
    culture = await account_culture(unit, owner, loaded.row.id, state.culture,
                                    account.stored_culture_elsewhere, needed, now)
    if culture // CP_SUBUNITS < needed:
        raise DomainError("NOT_ENOUGH_CULTURE_POINTS",
                          f"{needed} culture points are needed for village {number}.",
                          {"required": needed, "current": culture // CP_SUBUNITS})
    arrival = now + army_travel_time_s((loaded.row.x, loaded.row.y), (x, y),
                                       {int(settler): SETTLERS_PER_VILLAGE},
                                       speed=unit.config.speed)
    new_state = rules.new_village(Tribe(loaded.row.tribe), False, world.field_types(sq.layout),
                                  arrival)
    new_id = uuid.uuid4()
    made = await _store_new(unit.conn, new_state, {
        "id": new_id, "owner_id": owner, "owner_name": loaded.row.owner_name,
        "name": f"{loaded.row.owner_name}'s village {number}", "x": x, "y": y,
        "tribe": loaded.row.tribe, "is_capital": False, "layout": sq.layout,
        "founding": True, "founded_at": store.to_dt(arrival), "founded_from": loaded.row.id})
    if made is None:
        raise DomainError("COORDINATES_OCCUPIED", f"({x}|{y}) is taken or being settled.")
    state = rules.remove_units(state, {settler: SETTLERS_PER_VILLAGE})
    await commit(unit, loaded, state, done, now)
    await wake_at(unit, new_id, arrival, now)
    return new_id, arrival


async def account_culture(unit: Unit, owner: uuid.UUID, village_id: uuid.UUID, here: int,
                          stored_elsewhere: int, needed: int, now: int) -> int:
    """The account's culture sub-units now. Culture only grows, so the others' stored
    values (as of their settled_at) are a lower bound: when it already covers ``needed``
    no other village is loaded; otherwise each is settled to now for the exact sum."""
    if (here + stored_elsewhere) // CP_SUBUNITS >= needed:
        return here + stored_elsewhere
    others = [o for o in await store.load_owner(unit.conn, owner) if o.row.id != village_id]
    return here + sum(rules.settle(o.state, now, unit.config.speed)[0].culture for o in others)


@dataclass(frozen=True)
class MapEntry:
    square: world.Square
    village: object | None  # the village row on it, if any
    founding: bool
    oasis_owner: str | None = None  # the village that annexed this oasis


async def get_map(conn: AsyncConnection, config: Config, x: int, y: int, radius: int,
                  now: int) -> list[MapEntry]:
    """Every square of the window (computed) and the stored villages on them (one query)."""
    if not 0 <= radius <= MAX_RADIUS:
        raise DomainError("INVALID_INPUT", f"radius must be 0..{MAX_RADIUS}.",
                          {"fields": {"radius": f"0..{MAX_RADIUS}"}})
    try:
        squares = world.window(config.world_seed, x, y, radius)
    except RuleError as err:
        raise rule_failure(err) from None
    squares, owners = await usecases_oasis.current_squares(conn, config, squares, now)
    rows = await store.villages_in(conn, (s.x for s in squares), (s.y for s in squares))
    by_square = {(r.x, r.y): r for r in rows}
    out = []
    for sq in squares:
        row = by_square.get((sq.x, sq.y))
        out.append(MapEntry(sq, row, row is not None and store.founding(row, now),
                            owners.get((sq.x, sq.y))))
    return out


@use_case
async def list_rankings(unit: Unit, page: int, page_size: int, sort: str,
                        order: str) -> tuple[list, int]:
    """The ranking as the hourly job last computed it (no request scans the world)."""
    return await store.ranking_page(unit.conn, page, page_size, sort, order)
