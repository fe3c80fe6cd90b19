"""Deliveries (resources on their way to a village) and merchant trips (schema "village").

A delivery is a due event of its *target* village: ``store.load`` hands the pending ones
to the rules as ``VillageState.arrivals`` and ``store.save`` marks the ones the settle
applied (``delivered_at`` set once, ``WHERE delivered_at IS NULL``, under the target's row
lock, in the transaction that adds them to its stock).
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from rules.travian.merchants import Trip
from rules.travian.resources import Resources
from rules.travian.village import Arrival, VillageState
from services.runtime.tables import required
from services.village import store

metadata = sa.MetaData(schema="village")
TS = sa.DateTime(timezone=True)
_AMOUNTS = ("wood", "clay", "iron", "crop")

# String references to villages: store.py imports this module before it declares them.
VILLAGE_FK = "village.villages.id"


deliveries = sa.Table(
    "deliveries", metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    sa.Column("village_id", sa.Uuid, sa.ForeignKey(VILLAGE_FK, ondelete="CASCADE"),
              nullable=False),
    required("arrives_at", TS), *(required(r, sa.BigInteger) for r in _AMOUNTS),
    required("source", sa.Text), sa.Column("delivered_at", TS),
    sa.Index("deliveries_pending", "village_id",
             postgresql_where=sa.text("delivered_at IS NULL")),
)

merchant_trips = sa.Table(
    "merchant_trips", metadata,
    # A trip's outward delivery has the trip's id.
    sa.Column("id", sa.Uuid, sa.ForeignKey(deliveries.c.id, ondelete="CASCADE"),
              primary_key=True),
    *(sa.Column(f"{end}_village_id", sa.Uuid, sa.ForeignKey(VILLAGE_FK, ondelete="CASCADE"),
                nullable=False) for end in ("from", "to")),
    required("sender_id", sa.Uuid),
    required("merchants", sa.Integer), *(required(r, sa.BigInteger) for r in _AMOUNTS),
    required("sent_at", TS), required("arrives_at", TS), required("returns_at", TS),
    sa.Index("merchant_trips_from", "from_village_id", "returns_at"),
    sa.Index("merchant_trips_to", "to_village_id", "arrives_at"),
)


def _amounts(row: sa.Row) -> Resources:
    return Resources(row.wood, row.clay, row.iron, row.crop)


async def pending_arrivals(conn: AsyncConnection, village_ids: Sequence[uuid.UUID]
                           ) -> dict[uuid.UUID, tuple[Arrival, ...]]:
    """Deliveries not yet applied, per target village, in (arrival, id) order."""
    rows = (await conn.execute(sa.select(deliveries).where(
        deliveries.c.village_id.in_(list(village_ids)), deliveries.c.delivered_at.is_(None))
        .order_by(deliveries.c.arrives_at, deliveries.c.id))).all()
    out: dict[uuid.UUID, list[Arrival]] = {}
    for r in rows:
        out.setdefault(r.village_id, []).append(
            Arrival(id=str(r.id), at=store.to_s(r.arrives_at), resources=_amounts(r)))
    return {k: tuple(v) for k, v in out.items()}


async def mark_delivered(conn: AsyncConnection, old: VillageState, new: VillageState) -> None:
    """The arrivals the settle applied (in ``old``, gone from ``new``) are delivered."""
    left = {a.id for a in new.arrivals}
    for arrival in old.arrivals:
        if arrival.id not in left:
            await conn.execute(sa.update(deliveries).where(
                deliveries.c.id == uuid.UUID(arrival.id), deliveries.c.delivered_at.is_(None))
                .values(delivered_at=store.to_dt(arrival.at)))


async def add_delivery(conn: AsyncConnection, delivery_id: uuid.UUID, village_id: uuid.UUID,
                       at: int, resources: Resources, source: str) -> None:
    await conn.execute(sa.insert(deliveries).values(
        id=delivery_id, village_id=village_id, arrives_at=store.to_dt(at), source=source,
        **resources.as_dict()))


async def add_trip(conn: AsyncConnection, trip_id: uuid.UUID, sender: uuid.UUID,
                   origin: uuid.UUID, target: uuid.UUID, trip: Trip) -> None:
    """A merchant trip and its delivery to ``target`` (one transaction with the send)."""
    await add_delivery(conn, trip_id, target, trip.arrives_at, trip.resources, "merchants")
    await conn.execute(sa.insert(merchant_trips).values(
        id=trip_id, from_village_id=origin, to_village_id=target, sender_id=sender,
        merchants=trip.merchants, sent_at=store.to_dt(trip.sent_at),
        arrives_at=store.to_dt(trip.arrives_at), returns_at=store.to_dt(trip.returns_at),
        **trip.resources.as_dict()))


def trip_of(row: sa.Row) -> Trip:
    return Trip(merchants=row.merchants, resources=_amounts(row),
                sent_at=store.to_s(row.sent_at), arrives_at=store.to_s(row.arrives_at),
                returns_at=store.to_s(row.returns_at))


async def trips_out(conn: AsyncConnection, village_id: uuid.UUID, now: int) -> list[sa.Row]:
    """This village's trips whose merchants are not home yet (going or coming back)."""
    return list((await conn.execute(sa.select(merchant_trips).where(
        merchant_trips.c.from_village_id == village_id,
        merchant_trips.c.returns_at > store.to_dt(now))
        .order_by(merchant_trips.c.arrives_at, merchant_trips.c.id))).all())


async def trips_in(conn: AsyncConnection, village_id: uuid.UUID, now: int) -> list[sa.Row]:
    """Trips still on their way to this village."""
    return list((await conn.execute(sa.select(merchant_trips).where(
        merchant_trips.c.to_village_id == village_id,
        merchant_trips.c.arrives_at > store.to_dt(now))
        .order_by(merchant_trips.c.arrives_at, merchant_trips.c.id))).all())


async def delivery_amounts(conn: AsyncConnection, delivery_id: uuid.UUID) -> Resources:
    """What a delivery carries (nothing if there is none, e.g. a dead hero's adventure)."""
    row = (await conn.execute(sa.select(deliveries).where(
        deliveries.c.id == delivery_id))).first()
    return Resources() if row is None else _amounts(row)


async def delivered_at(conn: AsyncConnection, delivery_id: uuid.UUID) -> int | None:
    row = (await conn.execute(sa.select(deliveries.c.delivered_at).where(
        deliveries.c.id == delivery_id))).first()
    return None if row is None or row.delivered_at is None else store.to_s(row.delivered_at)
