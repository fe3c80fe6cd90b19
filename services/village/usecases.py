"""Village use cases: one function per use case, plain values in and out.

A use case the servicer calls is ``@use_case``: it takes village's unit of work (``Work``:
the ``UnitOfWork`` with the outbox and the config), opens its ONE transaction of it and
runs its body in the ``Unit`` built on that transaction. The helpers they share (and the
handlers, already in their inbox row's transaction) take the ``Unit`` itself.

Reads settle in memory to now and store no completion of the village's own jobs (the timer
or the next write does, under the row lock, and publishes it); a read that reaches a
movement's arrival applies it first (``arrivals``, under the row lock), since a battle
must be stored and reported once. Every write locks the
village row (``SELECT ... FOR NO KEY UPDATE``), settles to now, applies the rules' action, stores
the result, publishes what completed and asks the scheduler for a wake-up at the next due
instant, all in one transaction. So a completion is applied exactly once, by whichever of
the timer or a write reaches it first, and a timer firing late, early or twice changes
nothing that settling would not.
"""

from __future__ import annotations

import math
import time
import uuid
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, replace
from typing import Literal

from google.protobuf import timestamp_pb2
from sqlalchemy.ext.asyncio import AsyncConnection

from protos.village.v1 import village_events_pb2
from rules.travian import village as rules
from rules.travian.culture import SETTLERS_PER_VILLAGE
from rules.travian.errors import RuleError
from rules.travian.ids import BuildingType, UnitType
from rules.travian.resources import Resources
from rules.travian.war import BEGINNER_PROTECTION_HOURS
from rules.travian.world import DEFAULT_WORLD_SEED
from services.runtime.config import Settings
from services.runtime.db import Joined, UnitOfWork, use_case_with
from services.runtime.errors import DomainError
from services.runtime.events import BufferedOutbox, Outbox
from services.runtime.timers import request_timer
from services.village import store

TIMER_KIND = "settle"
UPDATED = "village.village.updated"
NAME_MAX = 40


@dataclass(frozen=True)
class Config:
    """What the village service is configured with (WORLD_SEED, GAME_SPEED,
    BEGINNER_PROTECTION_HOURS, the combat service's address)."""

    world_seed: int
    speed: float
    protection_hours: float = BEGINNER_PROTECTION_HOURS
    combat_address: str = ""

    @classmethod
    def from_settings(cls, settings: Settings) -> Config:
        seed, hours = settings.world_seed, settings.beginner_protection_hours
        return cls(world_seed=DEFAULT_WORLD_SEED if seed is None else seed,
                   speed=settings.game_speed,
                   protection_hours=BEGINNER_PROTECTION_HOURS if hours is None else hours,
                   combat_address=settings.addresses.get("combat", ""))


@dataclass(frozen=True)
class Unit:
    """What a use case works in: the transaction, the outbox and the configuration."""

    conn: AsyncConnection
    outbox: Outbox | BufferedOutbox
    config: Config


@dataclass(frozen=True)
class Work:
    """Village's unit of work: where a use case opens its one transaction (``uow``: the
    service's Database, or a ``Joined`` transaction already open), and what the ``Unit``
    built on it carries besides the connection."""

    uow: UnitOfWork
    outbox: Outbox | BufferedOutbox
    config: Config

    @property
    def schema(self) -> str:
        return self.uow.schema

    def transaction(self) -> AbstractAsyncContextManager[AsyncConnection]:
        """``uow``'s one transaction (so ``Work`` is a ``UnitOfWork`` itself)."""
        return self.uow.transaction()

    def joined(self, conn: AsyncConnection) -> Work:
        """The same work inside ``conn``'s open transaction (``run_idempotent``'s, which
        also holds the idempotency record: the change and the stored answer commit
        together)."""
        return replace(self, uow=Joined(conn, self.uow.schema))


def _unit(work: Work, conn: AsyncConnection) -> Unit:
    return Unit(conn, work.outbox, work.config)


# ``body(unit, ...)`` as a use case ``(work, ...)``: the runtime's ``use_case`` with
# village's ``Unit`` on the transaction for the connection.
use_case = use_case_with(_unit)


@dataclass(frozen=True)
class VillageView:
    """A village settled to ``now``, with the figures the answers show."""

    row: object
    state: rules.VillageState
    building_ids: dict[int, uuid.UUID]
    now: int
    production: object
    capacity: tuple[int, int]
    population: int
    founding: bool


def now_s() -> int:
    return math.floor(time.time())


def rule_failure(err: RuleError) -> DomainError:
    return DomainError(err.code, err.message)


def user_uuid(user_id: str) -> uuid.UUID:
    parsed = store.parse_id(user_id)
    if parsed is None:
        raise DomainError("UNAUTHENTICATED", "Not signed in.")
    return parsed


def view_of(loaded: store.Loaded, state: rules.VillageState, now: int, speed: float,
            building_ids: dict[int, uuid.UUID] | None = None) -> VillageView:
    return VillageView(row=loaded.row, state=state,
                       building_ids=building_ids or loaded.building_ids, now=now,
                       production=rules.rates(state, speed), capacity=rules.capacity(state),
                       population=rules.population(state),
                       founding=store.founding(loaded.row, now))


async def owned(conn: AsyncConnection, user_id: str, village_id: str, *,
                lock: bool = False) -> store.Loaded:
    """The caller's village; another player's (or no) village is VILLAGE_NOT_FOUND."""
    vid, owner = store.parse_id(village_id), user_uuid(user_id)
    loaded = await store.load(conn, vid, lock=lock) if vid else None
    if loaded is None or loaded.row.owner_id != owner:
        raise DomainError("VILLAGE_NOT_FOUND", "Village not found.")
    return loaded


# ---- reads (settled in memory) -----------------------------------------------------------

@use_case
async def list_villages(unit: Unit, user_id: str, now: int) -> list[VillageView]:
    """The owner's villages settled to now: one load of them all. A village with a movement
    due by now has it applied first (under its row lock, ``arrivals``) and is loaded again."""
    from services.village import store_war  # the war tables build on store

    owner = user_uuid(user_id)
    loaded = await store.load_owner(unit.conn, owner)
    due = set(await store_war.has_due(unit.conn, [v.row.id for v in loaded], now))
    for village_id in due:
        await arrivals(unit, village_id, now)
    if due:
        loaded = await store.load_owner(unit.conn, owner)
    speed = unit.config.speed
    return [view_of(v, rules.settle(v.state, now, speed)[0], now, speed) for v in loaded]


async def get_village(conn: AsyncConnection, config: Config, user_id: str, village_id: str,
                      now: int) -> VillageView:
    loaded = await owned(conn, user_id, village_id)
    state, _ = rules.settle(loaded.state, now, config.speed)
    return view_of(loaded, state, now, config.speed)


@dataclass(frozen=True)
class TroopsAway:
    """Troops away from their village: ``village_id``/``x``/``y`` is the other end."""

    kind: Literal["founding", "reinforcement", "attack", "raid", "scout", "return"]
    units: dict[UnitType, int]
    village_id: uuid.UUID | str  # "" for an oasis
    x: int
    y: int
    arrives_at: int | None


async def troops_elsewhere(conn: AsyncConnection, view: VillageView) -> list[TroopsAway]:
    """This village's troops away: settlers still walking to the villages they found (a
    movement of their own). Reinforcements sent elsewhere come with issue 10's movements."""
    settler = settler_of(view.row.tribe)
    return [TroopsAway("founding", {settler: SETTLERS_PER_VILLAGE}, r.id, r.x, r.y,
                       store.to_s(r.founded_at))
            for r in await store.settlers_walking(conn, view.row.owner_id, view.row.id,
                                                  store.to_dt(view.now))]


# ---- writes (row lock, settle, act, store, publish, timer) -------------------------------

async def account_facts(conn: AsyncConnection, loaded: store.Loaded, *,
                        building: BuildingType | None = None) -> rules.AccountFacts:
    """What the rules need of the owner's other villages: one aggregate query (the palace
    rule, one palace per account, is looked up only when a palace is being built)."""
    acc = await store.account(conn, loaded.row.owner_id, loaded.row.id,
                              palace=building is BuildingType.PALACE)
    return rules.AccountFacts(has_palace_elsewhere=acc.palace_elsewhere, villages=acc.villages,
                              expansion_slots_used=acc.founded_from_here)


async def locked_settled(unit: Unit, user_id: str, village_id: str,
                         now: int) -> tuple[store.Loaded, rules.VillageState, list]:
    """The caller's village locked and settled to the instant the write acts at:
    ``max(now, settled_at)``. ``now`` is read before the lock; a write that held it may
    have settled the village past it, and a village never goes back in time. So the write
    acts at the returned ``state.at`` (never at its own ``now``)."""
    loaded = await owned(unit.conn, user_id, village_id, lock=True)
    at = max(now, loaded.state.at)
    if store.founding(loaded.row, at):
        raise DomainError("CONFLICT", "The settlers have not arrived yet.")
    if await arrivals(unit, loaded.row.id, at):
        loaded = await owned(unit.conn, user_id, village_id, lock=True)
    state, completions = rules.settle(loaded.state, at, unit.config.speed)
    return loaded, state, completions


async def act(unit: Unit, user_id: str, village_id: str, now: int, action, *,  # noqa: ANN001
              new_job: bool = True):  # noqa: ANN201 - what ``action`` answers
    """One write of this module: lock and settle (``locked_settled``), apply
    ``action(loaded, state, at) -> (state, answer)`` at the settled instant ``at``, store
    and publish (``commit``); a rule's refusal becomes its DomainError."""
    loaded, state, done = await locked_settled(unit, user_id, village_id, now)
    try:
        state, answer = await action(loaded, state, state.at)
    except ValueError as err:
        raise _as_domain(err) from None
    await commit(unit, loaded, state, done, state.at, new_job=new_job)
    return answer


async def commit(unit: Unit, loaded: store.Loaded, state: rules.VillageState,
                 completions: list, now: int, *, new_job: bool = False,
                 extra: dict | None = None) -> dict[int, uuid.UUID]:
    """Store the state, publish its completions, ask for the next wake-up."""
    return (await commit_many(unit, [(loaded, state, completions)], now, new_job=new_job,
                              extra=extra))[0]


async def commit_many(unit: Unit, settled: list[tuple[store.Loaded, rules.VillageState, list]],
                      now: int, *, new_job: bool = False,
                      extra: dict | None = None) -> list[dict[int, uuid.UUID]]:
    """``commit`` of several villages: their rows stored together (``store.save_many``),
    then each one's completions published and its next wake-up asked for."""
    saved = await store.save_many(unit.conn, [
        store.Save(loaded, state, rules.population(state), extra)
        for loaded, state, _ in settled])
    speed = unit.config.speed
    for (loaded, state, completions), ids in zip(settled, saved, strict=True):
        for completion in completions:
            await publish_completion(unit, loaded.row, ids, completion)
        due = rules.next_due(state, speed)
        if due is not None and (new_job or completions
                                or due != rules.next_due(loaded.state, speed)):
            await wake_at(unit, loaded.row.id, due, now)
    return saved


async def wake_at(unit: Unit, village_id: uuid.UUID, due: int, now: int) -> None:
    """A scheduler timer at ``due``; one per (village, instant) (the dedupe key), no
    ordering key: the handler is idempotent by state, so order does not matter."""
    at = max(due, now)
    await request_timer(unit.conn, unit.outbox, TIMER_KIND, store.to_dt(at),
                        payload=str(village_id).encode(),
                        dedupe_key=f"settle:{village_id}:{at}")


def _ts(t: int) -> timestamp_pb2.Timestamp:
    ts = timestamp_pb2.Timestamp()
    ts.FromSeconds(int(t))
    return ts


async def publish_completion(unit: Unit, row: object, ids: dict[int, uuid.UUID],
                             completion: rules.Completion) -> None:
    """One VillageUpdated per completion, in the transaction that applies it."""
    d = completion.detail
    msg = village_events_pb2.VillageUpdated(village_id=str(row.id), owner_id=str(row.owner_id),
                                            at=_ts(completion.at))
    if completion.kind == "building":
        position = int(d["position"])
        msg.building_complete.CopyFrom(village_events_pb2.BuildingCompleted(
            building_id=str(ids.get(position, "")), position=position,
            building_type=int(d["building"]), level=int(d["level"])))
    elif completion.kind == "training":
        msg.training_complete.CopyFrom(village_events_pb2.TrainingCompleted(
            job_id=completion.job_id, unit=int(d["unit"]), count=int(d.get("count", 1)),
            remaining=int(d.get("remaining", 0))))
    elif completion.kind in ("research", "smithy"):
        msg.research_complete.CopyFrom(village_events_pb2.ResearchCompleted(
            job_id=completion.job_id, kind=str(d.get("kind", completion.kind)),
            unit=int(d["unit"]), level=int(d.get("level", 1))))
    elif completion.kind == "merchants":  # issue 10: resources unloaded here
        msg.merchants_arrived.CopyFrom(village_events_pb2.MerchantsArrived(
            trip_id=completion.job_id, wood=int(d["wood"]), clay=int(d["clay"]),
            iron=int(d["iron"]), crop=int(d["crop"])))
    else:  # starvation: no push of its own (the village read shows the loss)
        return
    await unit.outbox.add(unit.conn, UPDATED, msg, key=str(row.id))


@use_case
async def rename_village(unit: Unit, user_id: str, village_id: str, name: str,
                         now: int) -> VillageView:
    name = " ".join(name.split())
    if not 1 <= len(name) <= NAME_MAX:
        raise DomainError("INVALID_INPUT", f"A village name has 1 to {NAME_MAX} characters.",
                          {"fields": {"name": f"1 to {NAME_MAX} characters"}})
    loaded = await owned(unit.conn, user_id, village_id, lock=True)
    await store.rename(unit.conn, loaded.row.id, name)
    loaded = await store.load(unit.conn, loaded.row.id)
    state, _ = rules.settle(loaded.state, now, unit.config.speed)
    return view_of(loaded, state, now, unit.config.speed)


@use_case
async def upgrade_building(unit: Unit, user_id: str, village_id: str, building: int,
                           position: int, now: int) -> rules.BuildJob:
    async def action(loaded: store.Loaded, state: rules.VillageState, at: int):  # noqa: ANN202
        btype = BuildingType(building)
        return rules.upgrade(state, position, btype, at, unit.config.speed,
                             job_id=str(uuid.uuid4()),
                             account=await account_facts(unit.conn, loaded, building=btype))

    return await act(unit, user_id, village_id, now, action)


@use_case
async def cancel_building(unit: Unit, user_id: str, village_id: str, building_id: str,
                          now: int) -> Resources:
    """``building_id`` is a building's id (its latest queued level is cancelled) or a job's."""
    async def action(loaded: store.Loaded, state: rules.VillageState, at: int):  # noqa: ANN202
        bid = store.parse_id(building_id)
        positions = {i: p for p, i in loaded.building_ids.items()}
        jobs = [j for j in state.builds
                if j.id == building_id or (bid is not None and positions.get(bid) == j.position)]
        if not jobs:
            raise DomainError("CANNOT_CANCEL", "Nothing of that building is under way.")
        return rules.cancel_build(state, max(jobs, key=lambda j: j.seq).id, at)

    return await act(unit, user_id, village_id, now, action, new_job=False)


@use_case
async def train(unit: Unit, user_id: str, village_id: str, unit_type: int, count: int,
                great: bool, now: int) -> rules.TrainingJob:
    if not 1 <= count <= 1_000_000:
        raise DomainError("INVALID_INPUT", "count must be 1..1000000.",
                          {"fields": {"count": "1..1000000"}})

    async def action(loaded: store.Loaded, state: rules.VillageState, at: int):  # noqa: ANN202
        return rules.train(state, UnitType(unit_type), count, at, unit.config.speed,
                           job_id=str(uuid.uuid4()), great=great,
                           account=await account_facts(unit.conn, loaded))

    return await act(unit, user_id, village_id, now, action)


@use_case
async def research(unit: Unit, user_id: str, village_id: str, unit_type: int,
                   kind: Literal["research", "weapons", "armour"],
                   now: int) -> rules.ResearchJob:
    async def action(loaded: store.Loaded, state: rules.VillageState, at: int):  # noqa: ANN202
        if kind == "research":
            return rules.research(state, UnitType(unit_type), at, unit.config.speed,
                                  job_id=str(uuid.uuid4()))
        return rules.smithy_upgrade(state, UnitType(unit_type), kind, at, unit.config.speed,
                                    job_id=str(uuid.uuid4()))

    return await act(unit, user_id, village_id, now, action)


def _as_domain(err: ValueError) -> DomainError:
    """A rule refusal keeps its code; an enum value the rules do not know is bad input."""
    if isinstance(err, RuleError):
        return rule_failure(err)
    return DomainError("INVALID_INPUT", "Unknown building or unit.")


# ---- timers and events ---------------------------------------------------------------------

async def settle_villages(unit: Unit, village_ids: list[uuid.UUID], now: int,
                          ahead: dict[uuid.UUID, int] | None = None) -> int:
    """The timer's work for a batch of wake-ups: settle each village to now, store it and
    publish what completed. Returns how many completions were applied (0 when a read-free
    write or an earlier firing got there). ``ahead``: the villages' next arrivals
    (``next_arrivals``) when the caller has looked them up already, else looked up here;
    a movement sent since has a wake-up of its own.

    One statement each for the whole batch finds the movements due (or still ahead: an
    early firing wakes again at the next arrival), locks the rows (in id order) and loads
    their states; their changes are stored with one statement per kind of change
    (``commit_many``) and their events with one more (``BufferedOutbox``); nothing of it is
    published before its commit, so the timer handler gives it a few villages at a time
    (``handlers.timer_handlers``)."""
    ids = sorted(set(village_ids))
    applied = 0
    if ahead is None:
        ahead = await store.next_arrivals(unit.conn, ids)
    for village_id, first in sorted((v, ahead[v]) for v in ids if v in ahead):
        if first <= now:
            applied += await arrivals(unit, village_id, now)
        else:
            await wake_at(unit, village_id, first, now)
    buffer = BufferedOutbox(unit.outbox)
    buffered = Unit(unit.conn, buffer, unit.config)
    changed = []
    for loaded in await store.load_many(unit.conn, await store.lock_many(unit.conn, ids)):
        settled = await _settle_locked(buffered, loaded, now)
        if settled is not None:
            changed.append(settled)
            applied += len(settled[2])
    await commit_many(buffered, changed, now)
    await buffer.flush(unit.conn)
    return applied


async def _settle_locked(unit: Unit, loaded: store.Loaded, now: int
                         ) -> tuple[store.Loaded, rules.VillageState, list] | None:
    """One locked village of ``settle_villages`` settled to now: what to store (None when
    nothing changed; an early firing wakes again when its job is due)."""
    village_id = loaded.row.id
    founded_at = store.to_s(loaded.row.founded_at)
    if loaded.row.founding:
        if store.founding(loaded.row, now):  # early: wake again at the arrival
            await wake_at(unit, village_id, founded_at, now)
            return None
        if await store.mark_founded(unit.conn, village_id):
            await unit.outbox.add(unit.conn, UPDATED, village_events_pb2.VillageUpdated(
                village_id=str(village_id), owner_id=str(loaded.row.owner_id),
                at=_ts(founded_at), village_founded=village_events_pb2.VillageFounded(
                    village_id=str(village_id), x=loaded.row.x, y=loaded.row.y)),
                key=str(village_id))
    state, completions = rules.settle(loaded.state, now, unit.config.speed)
    if state == loaded.state:
        due = rules.next_due(state, unit.config.speed)
        if due is not None and due > now:  # fired early: wake again when it is due
            await wake_at(unit, village_id, due, now)
        return None
    return loaded, state, completions


async def next_arrivals(conn: AsyncConnection, village_ids: list[uuid.UUID]
                        ) -> dict[uuid.UUID, int]:
    """village -> when its next movement arrives (only villages with one)."""
    return await store.next_arrivals(conn, village_ids)


async def arrivals(unit: Unit, village_id: uuid.UUID, now: int, *, rewake: bool = False) -> int:
    """Movements due at this village by ``now``, applied first (usecases_war): an arrival is
    one more due event of the village, in (instant, then movement id) order."""
    from services.village import usecases_war  # it builds on this module

    return await usecases_war.apply_arrivals(unit, village_id, now, rewake=rewake)


async def set_owner_inactive(conn: AsyncConnection, owner_id: str, inactive: bool) -> int:
    owner = store.parse_id(owner_id)
    if owner is None:
        return 0
    return await store.set_inactive(conn, owner, inactive)


def settler_of(tribe: int) -> UnitType:
    return {1: UnitType.SETTLER, 2: UnitType.SETTLER_TEUTON, 3: UnitType.SETTLER_GAUL}[tribe]

