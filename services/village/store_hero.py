"""Heroes and adventures (schema "village"): one hero row per player (its primary key),
its state as of ``settled_at``; adventures with the outcome decided at sending."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncConnection

from rules.travian import hero as rules
from rules.travian.ids import Tribe
from rules.travian.resources import Resources
from rules.travian.village_model import HeroOutput
from services.runtime.tables import required
from services.village import store

metadata = store.metadata
TS = sa.DateTime(timezone=True)

heroes = sa.Table(
    "heroes", metadata,
    sa.Column("owner_id", sa.Uuid, primary_key=True),
    required("home_village_id", sa.Uuid, store.village_fk()),
    required("tribe", sa.SmallInteger), required("xp", sa.BigInteger),
    *(required(name, sa.SmallInteger) for name in rules.ATTRIBUTES),
    required("health", sa.Integer), required("settled_at", TS),
    required("alive", sa.Boolean), sa.Column("revive_at", TS),
    required("adventures_offered", sa.Integer, server_default="0"),
    required("created_at", TS, server_default=sa.func.now()),
    # Since when its home village yields its output (hired there, or moved there).
    required("home_since", TS),
    sa.Index("heroes_home", "home_village_id"),
)

adventures = sa.Table(
    "adventures", metadata,
    sa.Column("id", sa.Uuid, primary_key=True),
    required("owner_id", sa.Uuid, sa.ForeignKey(heroes.c.owner_id, ondelete="CASCADE")),
    required("seed", sa.BigInteger), required("x", sa.SmallInteger),
    required("y", sa.SmallInteger), required("difficulty", sa.Text),
    required("offered_at", TS), required("expires_at", TS), sa.Column("sent_at", TS),
    sa.Column("arrives_at", TS), sa.Column("returns_at", TS), sa.Column("xp", sa.Integer),
    sa.Column("health_loss", sa.Integer), sa.Column("died", sa.Boolean),
    sa.Column("applied_at", TS),
    sa.UniqueConstraint("owner_id", "seed"),
    sa.Index("adventures_owner", "owner_id", "expires_at"),
)


@dataclass(frozen=True)
class HeroRow:
    owner_id: uuid.UUID
    home_village_id: uuid.UUID
    state: rules.HeroState
    offered: int


def _opt(dt) -> int | None:  # noqa: ANN001
    return None if dt is None else store.to_s(dt)


def hero_of(row: sa.Row) -> HeroRow:
    state = rules.HeroState(
        tribe=Tribe(row.tribe), at=store.to_s(row.settled_at), xp=row.xp,
        points={name: getattr(row, name) for name in rules.ATTRIBUTES}, health=row.health,
        alive=row.alive, revive_at=_opt(row.revive_at))
    return HeroRow(row.owner_id, row.home_village_id, state, row.adventures_offered)


async def load(conn: AsyncConnection, owner: uuid.UUID, *, lock: bool = False
               ) -> HeroRow | None:
    query = sa.select(heroes).where(heroes.c.owner_id == owner)
    if lock:
        query = query.with_for_update(key_share=True)  # adventures reference it
    row = (await conn.execute(query)).first()
    return None if row is None else hero_of(row)


async def owners_with_hero(conn: AsyncConnection, owners: Iterable[uuid.UUID]
                           ) -> frozenset[uuid.UUID]:
    """Which of these players have a hero (alive or not): one statement for an arrival
    pass, so a battle looks up only heroes that exist."""
    wanted = sorted(set(owners))
    if not wanted:
        return frozenset()
    return frozenset((await conn.execute(sa.select(heroes.c.owner_id).where(
        heroes.c.owner_id.in_(wanted)))).scalars())


def _values(state: rules.HeroState) -> dict:
    return {"tribe": int(state.tribe), "xp": state.xp, "health": state.health,
            "settled_at": store.to_dt(state.at), "alive": state.alive,
            "revive_at": None if state.revive_at is None else store.to_dt(state.revive_at),
            **{name: state.points.get(name, 0) for name in rules.ATTRIBUTES}}


async def create(conn: AsyncConnection, owner: uuid.UUID, home: uuid.UUID,
                 state: rules.HeroState) -> bool:
    """False when the player already has a hero (one per player: the primary key)."""
    row = (await conn.execute(insert(heroes).values(
        owner_id=owner, home_village_id=home, adventures_offered=0,
        home_since=store.to_dt(state.at), **_values(state))
        .on_conflict_do_nothing().returning(heroes.c.owner_id))).first()
    return row is not None


async def save(conn: AsyncConnection, owner: uuid.UUID, state: rules.HeroState,
               **extra: object) -> None:
    await conn.execute(sa.update(heroes).where(heroes.c.owner_id == owner)
                       .values(**_values(state), **extra))


async def outputs(conn: AsyncConnection, village_ids: Sequence[uuid.UUID]
                  ) -> dict[uuid.UUID, HeroOutput]:
    """The output of the heroes whose homes these villages are (one statement)."""
    rows = (await conn.execute(sa.select(
        heroes.c.home_village_id, heroes.c.resources, heroes.c.home_since).where(
        heroes.c.home_village_id.in_(list(village_ids))))).all()
    return {r.home_village_id: HeroOutput(rules.output({"resources": r.resources}),
                                          store.to_s(r.home_since)) for r in rows}


def adventure_of(row: sa.Row) -> rules.Adventure:
    return rules.Adventure(seed=row.seed, x=row.x, y=row.y, difficulty=row.difficulty,
                           offered_at=store.to_s(row.offered_at),
                           expires_at=store.to_s(row.expires_at))


def outcome_of(row: sa.Row, resources: Resources) -> rules.Outcome | None:
    if row.sent_at is None:
        return None
    return rules.Outcome(arrives_at=store.to_s(row.arrives_at),
                         returns_at=store.to_s(row.returns_at), xp=row.xp,
                         health_loss=row.health_loss, died=row.died, resources=resources)


async def add_offer(conn: AsyncConnection, owner: uuid.UUID, adventure: rules.Adventure
                    ) -> None:
    await conn.execute(insert(adventures).values(
        id=uuid.uuid4(), owner_id=owner, seed=adventure.seed, x=adventure.x, y=adventure.y,
        difficulty=adventure.difficulty, offered_at=store.to_dt(adventure.offered_at),
        expires_at=store.to_dt(adventure.expires_at)).on_conflict_do_nothing())


async def list_for(conn: AsyncConnection, owner: uuid.UUID) -> list[sa.Row]:
    return list((await conn.execute(sa.select(adventures).where(adventures.c.owner_id == owner)
                                    .order_by(adventures.c.offered_at, adventures.c.id))).all())


async def get_adventure(conn: AsyncConnection, adventure_id: uuid.UUID) -> sa.Row | None:
    return (await conn.execute(sa.select(adventures).where(adventures.c.id == adventure_id)
                               )).first()


async def mark_sent(conn: AsyncConnection, adventure_id: uuid.UUID, now: int,
                    outcome: rules.Outcome) -> bool:
    """Offered -> under way, once (False: already sent)."""
    row = (await conn.execute(sa.update(adventures).where(
        adventures.c.id == adventure_id, adventures.c.sent_at.is_(None)).values(
        sent_at=store.to_dt(now), arrives_at=store.to_dt(outcome.arrives_at),
        returns_at=store.to_dt(outcome.returns_at), xp=outcome.xp,
        health_loss=outcome.health_loss, died=outcome.died).returning(adventures.c.id))).first()
    return row is not None


async def mark_applied(conn: AsyncConnection, adventure_id: uuid.UUID, at: int) -> bool:
    """The outcome reached the hero, once (False: an earlier write or timer did it)."""
    row = (await conn.execute(sa.update(adventures).where(
        adventures.c.id == adventure_id, adventures.c.applied_at.is_(None))
        .values(applied_at=store.to_dt(at)).returning(adventures.c.id))).first()
    return row is not None


async def living_heroes(conn: AsyncConnection, now: int) -> list[sa.Row]:
    """Heroes (alive or not) with their open offers count and home square."""
    open_offers = (sa.select(sa.func.count()).where(
        adventures.c.owner_id == heroes.c.owner_id, adventures.c.sent_at.is_(None),
        adventures.c.expires_at > store.to_dt(now)).scalar_subquery())
    return list((await conn.execute(sa.select(
        heroes.c.owner_id, heroes.c.adventures_offered, store.villages.c.x, store.villages.c.y,
        open_offers.label("open")).join(
        store.villages, store.villages.c.id == heroes.c.home_village_id))).all())


async def count_offer(conn: AsyncConnection, owner: uuid.UUID, offered: int) -> None:
    await conn.execute(sa.update(heroes).where(heroes.c.owner_id == owner)
                       .values(adventures_offered=offered))
