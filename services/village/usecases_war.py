"""War use cases: sending troops, their arrival (battles, reinforcements, returns), calling
them back, sending reinforcements home, and the movements of a village.

A movement is data (``village.movements``) with a scheduler timer as a wake-up only (the
village's ``settle`` timer at the arrival instant). Its arrival is one more due event of
the destination village: whichever of the timer, a read or a write of that village reaches
the instant first applies it, under the village's row lock, through the conditional
transition ``moving -> stationed | done``. Arrivals due together are applied one after
the other in (arrival instant, movement id) order, each against the state the previous
left; jobs completing at the same instant come first (they are settled to the instant
before the arrival is applied).

Structure of the apply path (``apply_arrivals``): one *pass* per village and transaction.
It locks the village, reads its due movements (row-locked), its stationed guests and the
squares/populations of every origin once (``ArrivalPass``), then walks the arrivals in
memory: ``_arrive`` (returns, reinforcements) and ``_battle`` (builds the
``ResolveRequest``; ``heroes_and_nature`` is its seam) -> ``_apply_report``. Nothing is
written during the walk: transitions, the armies walking home and the events
(``BufferedOutbox``) are collected and written at the end in a few statements.

Battles: combat's ``Preview`` (computed, nothing stored) gives each report as the walk
reaches it; before anything is written, ``ResolveBatch`` stores every battle of the pass in
one combat transaction (idempotent by battle id = movement id). A battle that was stored
before (a pass that stored and then failed to commit: a crash, a lost connection) keeps
its stored report; if that differs from the preview, the walk is done again in memory with
the stored reports (a walk runs in a savepoint, so anything it writes itself is undone
with it). So the village applies exactly the stored outcome, once; a crash
before the commit leaves nothing of the pass applied, and the retry gets the same stored
reports.

Troops on the way eat from home (RULES.md section 19): the home village's load lists its
armies on the road with their arrival instants (``VillageState.away``), and settling stops
their upkeep at each arrival. Stationed reinforcements eat from the host (they are
``VillageState.guests``) and starve first.

Heroes: a hero sent with an army (``movements.hero``) fights with it; the hero at home
defends its village. The report carries each hero's health, XP and death
(``rules.travian.hero.battle_outcomes``), applied to the hero rows in the same transaction.
Oases: a raid or attack on an oasis fights its animals (``rules.travian.oases``); the
movement's destination is its origin, so its arrival is a due event of the sending
village, and the survivors of the herd are stored (respawn restarts from them).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from functools import lru_cache
from types import SimpleNamespace

import sqlalchemy as sa
from google.protobuf import timestamp_pb2
from sqlalchemy.ext.asyncio import AsyncConnection

from protos.combat.v1 import combat_pb2 as cpb
from protos.combat.v1 import combat_pb2_grpc
from protos.common.v1 import common_pb2
from protos.village.v1 import village_events_pb2 as ev
from rules.travian import village as rules
from rules.travian import war, world
from rules.travian.culture import cp_required, expansion_slots
from rules.travian.errors import RuleError
from rules.travian.fields import SUBUNITS
from rules.travian.ids import BuildingType, UnitType
from rules.travian.movement import HERO_SPEED_ON_FOOT, MAP_MAX, MAP_MIN, army_travel_time_s
from rules.travian.resources import Resources
from services.runtime.clients import invoke, make_channel
from services.runtime.errors import DomainError
from services.runtime.events import BufferedOutbox
from services.village import store, store_hero, store_war, usecases_hero, usecases_oasis
from services.village.usecases import (
    UPDATED,
    Config,
    TroopsAway,
    Unit,
    commit,
    locked_settled,
    owned,
    rule_failure,
    use_case,
    user_uuid,
    wake_at,
)

B = BuildingType
MISSIONS = {cpb.MISSION_TYPE_ATTACK: "attack", cpb.MISSION_TYPE_RAID: "raid",
            cpb.MISSION_TYPE_SCOUT: "scout", cpb.MISSION_TYPE_REINFORCE: "reinforce",
            cpb.MISSION_TYPE_RETURN: "return"}
MISSION_OF = {name: value for value, name in MISSIONS.items()}
RESOLVE_TIMEOUT_S = 10
CONFIRM_BATCH = 200  # battles per ResolveBatch call (a message stays well under 4 MB)
PASS_ATTEMPTS = 3  # a pass computed again with the stored reports (see apply_arrivals)
FIELD_POSITIONS = range(1, 19)


@lru_cache(maxsize=4)
def combat_stub(address: str) -> combat_pb2_grpc.CombatServiceStub:
    """One balanced channel to combat per process (made on first use, in its loop)."""
    return combat_pb2_grpc.CombatServiceStub(make_channel(address))


def _ts(t: int) -> timestamp_pb2.Timestamp:
    out = timestamp_pb2.Timestamp()
    out.FromSeconds(int(t))
    return out


def level_of(state: rules.VillageState, building: BuildingType) -> int:
    return rules.highest_level(state, building)


@dataclass(frozen=True)
class SendOrder:
    """A player's order, as plain values."""

    from_village_id: str
    x: int
    y: int
    mission: str
    units: dict[int, int]
    catapult_targets: list[int]
    scout_target: int = 0
    hero: bool = False  # the sender's hero goes with the army


# ---- sending ------------------------------------------------------------------------------

async def protection_until(unit: Unit, owner: uuid.UUID) -> int:
    """When this account's beginner's protection ends (0 hours configured: already over)."""
    if unit.config.protection_hours <= 0:
        return 0
    started, ended = await store_war.protection_started(unit.conn, owner)
    return war.protection_ends_at(started, unit.config.protection_hours, unit.config.speed,
                                  ended)


async def refuse_while_protected(unit: Unit, owner: uuid.UUID, now: int, message: str) -> None:
    """BEGINNER_PROTECTION (400, with ``protected_until``) while ``owner`` is protected."""
    protected = await protection_until(unit, owner)
    if now < protected:
        raise DomainError("BEGINNER_PROTECTION", message, {
            "protected_until": store.to_dt(protected).isoformat().replace("+00:00", "Z")})


async def protection_ends(conn: AsyncConnection, config: Config,
                          owners: list[uuid.UUID], now: int) -> dict[uuid.UUID, int]:
    """When each of these accounts' beginner's protection ends, for those still protected
    at ``now`` (what the map and the village show)."""
    if config.protection_hours <= 0:
        return {}
    out = {}
    for owner, (started, ended) in (await store_war.protection_of(conn, owners)).items():
        until = war.protection_ends_at(started, config.protection_hours, config.speed, ended)
        if now < until:
            out[owner] = until
    return out


def _rule(err: RuleError) -> DomainError:
    if err.code == "INVALID_INPUT":
        return DomainError("INVALID_INPUT", err.message, {"fields": {"units": err.message}})
    return rule_failure(err)


@use_case
async def send_troops(unit: Unit, user_id: str, order: SendOrder, now: int
                      ) -> tuple[uuid.UUID, str, int]:
    """Troops at home leave now for (x, y); returns (movement id, mission, arrival)."""
    if order.mission not in ("attack", "raid", "scout", "reinforce"):
        raise DomainError("INVALID_INPUT", "movement_type is attack, raid, scout or reinforce.",
                          {"fields": {"movement_type": "attack | raid | scout | reinforce"}})
    if not (MAP_MIN <= order.x <= MAP_MAX and MAP_MIN <= order.y <= MAP_MAX):
        raise DomainError("INVALID_INPUT", f"Coordinates are {MAP_MIN}..{MAP_MAX}.",
                          {"fields": {"to": f"x, y in {MAP_MIN}..{MAP_MAX}"}})
    loaded, state, done = await locked_settled(unit, user_id, order.from_village_id, now)
    now = state.at  # a write acts at the settled instant (it may be past our clock)
    rally_point = level_of(state, B.RALLY_POINT)
    if rally_point < 1:
        raise DomainError("RALLY_POINT_REQUIRED", "Troops leave from a rally point.")
    try:
        units = {UnitType(u): n for u, n in order.units.items()}
        targets = [BuildingType(t) for t in order.catapult_targets]
        war.check_army(state.tribe, units, order.mission,  # type: ignore[arg-type]
                       hero=order.hero and order.mission != "scout")
        war.check_catapult_targets(targets, units, order.mission,  # type: ignore[arg-type]
                                   rally_point)
    except ValueError as err:
        if isinstance(err, RuleError):
            raise _rule(err) from None
        raise DomainError("INVALID_INPUT", "Unknown unit or building.") from None
    try:
        left = rules.remove_units(state, units)
    except RuleError as err:
        raise DomainError("TROOPS_NOT_AT_HOME", err.message) from None
    if order.hero and order.mission not in ("attack", "raid", "reinforce"):
        raise DomainError("INVALID_INPUT", "The hero goes with attacks, raids and "
                          "reinforcements only.", {"fields": {"hero": "not with scouts"}})
    owner = loaded.row.owner_id
    target, oasis = await _target(unit, order, now)
    if target is not None and target.id == loaded.row.id:
        raise DomainError("SAME_VILLAGE", "Troops cannot be sent to their own village.")
    hostile = target is not None and order.mission in war.HOSTILE
    if hostile and target.owner_id == owner:
        raise DomainError("OWN_VILLAGE", "You cannot attack, raid or scout your own village.")
    if order.hero:
        await usecases_hero.hero_to_send(unit, owner, loaded.row.id, now)
    if hostile:
        await refuse_while_protected(unit, target.owner_id, now,
                                     "That player is under beginner's protection.")
        await store_war.end_protection(unit.conn, owner, now)  # attacking ends one's own
    elif target is not None and target.owner_id != owner:
        # RULES.md section 17: while protected no troops go to or come from other players.
        await refuse_while_protected(unit, owner, now, "Under beginner's protection no "
                                     "troops go to other players.")
        await refuse_while_protected(unit, target.owner_id, now, "That player is under "
                                     "beginner's protection: no troops come from others.")
    square = oasis or (target.x, target.y)
    travel = army_travel_time_s((loaded.row.x, loaded.row.y), square, units,
                                hero_speed=HERO_SPEED_ON_FOOT if order.hero else None,
                                tournament_square_level=level_of(state, B.TOURNAMENT_SQUARE),
                                speed=unit.config.speed)
    arrives = now + max(travel, 1)
    await commit(unit, loaded, left, done, now)
    # An oasis has no row to lock: its battle is a due event of the sending village.
    destination = loaded.row.id if target is None else target.id
    movement_id = await store_war.insert_movement(unit.conn, store_war.NewMovement(
        owner_id=owner, mission=order.mission, origin_id=loaded.row.id,
        destination_id=destination, tribe=int(state.tribe), units=units, sent_at=now,
        arrives_at=arrives, levels={u: state.weapons.get(u, 0) for u in units},
        armour={u: state.armour.get(u, 0) for u in units}, rally_point_level=rally_point,
        tournament_square_level=level_of(state, B.TOURNAMENT_SQUARE),
        catapult_targets=[int(t) for t in targets],
        scout_target=order.scout_target or (cpb.SCOUT_TARGET_RESOURCES
                                            if order.mission == "scout" else 0),
        hero=order.hero, oasis=oasis))
    await wake_at(unit, destination, arrives, now)
    if hostile:
        await _publish(unit, target.owner_id, target.id, arrives, incoming_attack=ev.IncomingAttack(
            movement_id=str(movement_id), mission=MISSION_OF[order.mission],
            arrives_at=_ts(arrives), from_x=loaded.row.x, from_y=loaded.row.y))
    return movement_id, order.mission, arrives


async def _target(unit: Unit, order: SendOrder, now: int
                  ) -> tuple[object | None, tuple[int, int] | None]:
    """The village on the square (one being founded counts from its settlers' arrival,
    ``store.founding``, not from when its wake-up clears the flag), or else the oasis there
    (attacks and raids only)."""
    target = await store_war.village_at(unit.conn, order.x, order.y)
    where = f"({order.x}|{order.y})"
    if target is not None and not store.founding(target, now):
        return target, None
    if target is None and world.square(unit.config.world_seed, order.x, order.y).kind == "oasis":
        if order.mission in ("attack", "raid"):
            return None, (order.x, order.y)
        raise DomainError("NO_VILLAGE_THERE", f"{where} is an oasis: only attacks and raids "
                          "go there.")
    raise DomainError("NO_VILLAGE_THERE", f"There is no village at {where}.")


async def _publish(unit: Unit, owner_id: uuid.UUID, village_id: uuid.UUID, at: int,
                   **change: object) -> None:
    """One VillageUpdated (the existing envelope) for ``owner_id``'s ``village_id``."""
    msg = ev.VillageUpdated(village_id=str(village_id), owner_id=str(owner_id), at=_ts(at),
                            **change)
    await unit.outbox.add(unit.conn, UPDATED, msg, key=str(village_id))


# ---- calling back and sending home --------------------------------------------------------

@use_case
async def recall(unit: Unit, user_id: str, movement_id: str, now: int
                 ) -> tuple[uuid.UUID, str, int]:
    """Within the window after sending, the troops turn back: home after as long as they
    had travelled. Exactly once against the arrival (the movement row's lock)."""
    mid = store.parse_id(movement_id)
    row = await store_war.movement(unit.conn, mid, lock=True) if mid else None
    if row is None or row.owner_id != user_uuid(user_id) or row.mission == "return":
        raise DomainError("NOT_FOUND", "Movement not found.")
    sent, arrives = store.to_s(row.sent_at), store.to_s(row.arrives_at)
    if row.state != "moving" or now > war.recallable_until(sent, arrives):
        raise DomainError("CANNOT_RECALL", "Too late to call these troops back.")
    await store_war.finish(unit.conn, row.id, "recalled")
    back = now + max(now - sent, 1)
    return_id = await _send_home(unit, row, row.units, Resources(), now, back, hero=row.hero)
    return return_id, "return", back


def _homeward(row: object, units: dict, loot: Resources, at: int, arrives: int, *,
              hero: bool = False) -> store_war.NewMovement:
    """The troops of movement ``row`` (and its hero, if ``hero``) walking home from ``at``,
    arriving at ``arrives``."""
    return store_war.NewMovement(
        owner_id=row.owner_id, mission="return", origin_id=row.origin_id,
        destination_id=row.origin_id, tribe=row.tribe,
        units={int(u): n for u, n in units.items()}, sent_at=at, arrives_at=arrives,
        levels=store_war.units_of(row.levels), armour=store_war.units_of(row.armour),
        loot=loot, parent_id=row.id, id=uuid.uuid4(), hero=hero)


async def _send_home(unit: Unit, row: object, units: dict, loot: Resources, at: int,
                     arrives: int, *, hero: bool = False) -> uuid.UUID:
    """The troops of movement ``row`` (and its hero) walk home, arriving at ``arrives`` (a
    wake-up there)."""
    movement_id = await store_war.insert_movement(
        unit.conn, _homeward(row, units, loot, at, arrives, hero=hero))
    await wake_at(unit, row.origin_id, arrives, at)
    return movement_id


async def _travel_home(unit: Unit, row: object, units: dict, at: int,
                       hero: bool = False, places: dict | None = None) -> int:
    """When troops (and a hero, if ``hero``) leaving the destination of ``row`` (a village,
    or the oasis it raided) at ``at`` are home (``places``: the villages' squares when the
    caller has them)."""
    if places is None or row.origin_id not in places or row.destination_id not in places:
        places = await store_war.places(unit.conn, [row.origin_id, row.destination_id])
    home = places[row.origin_id]
    here = ((row.oasis_x, row.oasis_y) if row.oasis_x is not None
            else (places[row.destination_id].x, places[row.destination_id].y))
    return at + max(1, army_travel_time_s(here, (home.x, home.y), units,
                                          hero_speed=HERO_SPEED_ON_FOOT if hero else None,
                                          tournament_square_level=row.tournament_square_level,
                                          speed=unit.config.speed))


@use_case
async def send_back(unit: Unit, user_id: str, movement_id: str, now: int
                    ) -> tuple[uuid.UUID, str, int]:
    """Stationed reinforcements go home, by their owner's or their host's order."""
    caller = user_uuid(user_id)
    mid = store.parse_id(movement_id)
    row = await store_war.movement(unit.conn, mid) if mid else None
    if row is None or row.state != "stationed":
        raise DomainError("NOT_FOUND", "No such reinforcement.")
    host = await store.load(unit.conn, row.destination_id, lock=True)
    if caller not in (row.owner_id, host.row.owner_id):
        raise DomainError("NOT_FOUND", "No such reinforcement.")
    await apply_arrivals(unit, host.row.id, now)
    host = await store.load(unit.conn, row.destination_id, lock=True)
    state, done = rules.settle(host.state, now, unit.config.speed)
    key = str(row.id)
    units = dict(state.guests.get(key, {}))
    if key not in state.guests or not await store_war.leave_station(unit.conn, row.id):
        raise DomainError("NOT_FOUND", "No such reinforcement.")
    guests = {k: v for k, v in state.guests.items() if k != key}
    await commit(unit, host, replace(state, guests=guests), done, now)
    if not units and not row.hero:  # starved meanwhile: nobody walks home
        return row.id, "return", now
    arrives = await _travel_home(unit, row, units, now, row.hero)
    return (await _send_home(unit, row, units, Resources(), now, arrives, hero=row.hero),
            "return", arrives)


# ---- arrivals -----------------------------------------------------------------------------

@dataclass
class ArrivalPass:
    """One village's due arrivals applied together under one row lock: what the pass reads
    once (the stationed guests, the squares and populations of the village and of every
    origin), the battles' reports (``known``: stored ones; else combat's ``Preview``), and
    what it writes once at the end (the movements' transitions, the armies walking home,
    the events through a :class:`BufferedOutbox`)."""

    guests: dict[str, object]
    places: dict[uuid.UUID, object]
    known: dict[str, cpb.Report] = field(default_factory=dict)
    battles: list[cpb.ResolveRequest] = field(default_factory=list)
    applied: dict[str, cpb.Report] = field(default_factory=dict)
    outcomes: dict[uuid.UUID, tuple[str, uuid.UUID | None]] = field(default_factory=dict)
    homeward: list[store_war.NewMovement] = field(default_factory=list)
    # players of the pass (the village's owner, the senders, the guests) who have a hero
    hero_owners: frozenset[uuid.UUID] = frozenset()

    def finish(self, movement_id: uuid.UUID, state: str,
               report_id: uuid.UUID | None = None) -> None:
        self.outcomes[movement_id] = (state, report_id)

    def guests_in(self, state: rules.VillageState) -> list[object]:
        """The village's guests in arrival order (those still listed in the settled state)."""
        return sorted((g for g in self.guests.values()
                       if any(state.guests.get(str(g.id), {}).values())),
                      key=lambda g: (g.arrives_at, g.id))

    async def report(self, unit: Unit, request: cpb.ResolveRequest) -> cpb.Report:
        """The battle's report as this pass applies it: the stored one when known, else
        combat's preview of these inputs (confirmed by ``confirm`` before anything is
        written)."""
        report = self.known.get(request.battle_id)
        if report is None:
            report = (await invoke(combat_stub(unit.config.combat_address).Preview, request,
                                   timeout=RESOLVE_TIMEOUT_S)).message
        self.battles.append(request)
        self.applied[request.battle_id] = report
        return report

    async def confirm(self, unit: Unit) -> dict[str, cpb.Report]:
        """Store every battle of the pass (``ResolveBatch``: a battle stored before keeps its
        report); the stored reports, by battle id."""
        stub = combat_stub(unit.config.combat_address)
        stored: dict[str, cpb.Report] = {}
        for start in range(0, len(self.battles), CONFIRM_BATCH):
            answer = (await invoke(stub.ResolveBatch, cpb.ResolveBatchRequest(
                battles=self.battles[start:start + CONFIRM_BATCH]),
                timeout=RESOLVE_TIMEOUT_S)).message
            stored |= {r.id: r for r in answer.reports}
        return stored

    async def write(self, unit: Unit) -> None:
        """Before the village's own state is stored (a guest stationed by this pass must be
        ``stationed`` when its units are saved)."""
        await store_war.finish_many(unit.conn, self.outcomes)
        await store_war.insert_movements(unit.conn, self.homeward)


async def apply_arrivals(unit: Unit, village_id: uuid.UUID, now: int, *,
                         rewake: bool = False) -> int:
    """Apply every movement due at this village by ``now``, in order; how many.

    Exactly once: the village row is locked, then the due movements (``moving``, arrived by
    ``now``) are read row-locked, so a recall, a read or another firing reaching them waits
    and then finds them no longer ``moving``; one conditional statement moves them all out
    of ``moving`` in this transaction (``ArrivalPass.write``). Each arrival is applied after
    settling to its instant, against the state the previous one left, in (arrival instant,
    movement id) order; the whole pass commits or nothing of it does.

    Battles: each is previewed by combat (computed, not stored) as the pass reaches it;
    before anything is written, ``ResolveBatch`` stores them all (one call, one combat
    transaction). A battle stored before (a pass that stored and then failed to commit) keeps
    its stored report: if one differs from the preview, the pass is computed again in
    memory with the stored reports (nothing was written yet), so the village always applies
    the stored outcome, once.

    ``rewake`` (the timer's call): a firing that finds the next arrival still ahead (early,
    or its movement's time changed) asks for a wake-up at it."""
    if not await store_war.has_due(unit.conn, [village_id], now):
        if rewake:
            ahead = await store_war.next_arrival(unit.conn, village_id)
            if ahead is not None and ahead > now:
                await wake_at(unit, village_id, ahead, now)
        return 0
    loaded = await store.load(unit.conn, village_id, lock=True)
    rows = await store_war.due(unit.conn, village_id, now) if loaded else []
    if not rows:
        return 0
    stationed = await store_war.stationed_at(unit.conn, [village_id])
    places = await store_war.places(unit.conn, [village_id, *(r.origin_id for r in rows)])
    hero_owners = await store_hero.owners_with_hero(unit.conn, [
        loaded.row.owner_id, *(r.owner_id for r in rows), *(g.owner_id for g in stationed)])
    known: dict[str, cpb.Report] = {}
    for _ in range(PASS_ATTEMPTS):
        # A savepoint: whatever a walk writes itself (beyond what ArrivalPass collects) is
        # undone with a walk that is done again.
        walk = await unit.conn.begin_nested()
        run = ArrivalPass(guests={str(g.id): g for g in stationed}, places=places,
                          known=known, hero_owners=hero_owners)
        events = BufferedOutbox(unit.outbox)
        batch = Unit(unit.conn, events, unit.config)
        # Settle to each arrival in turn and apply it to the state the previous left; the
        # row's own changes (loyalty, a new owner) carry over to the next wave.
        row = SimpleNamespace(**loaded.row._mapping)
        state, completions, extra = loaded.state, [], {}
        for movement in rows:
            at = max(store.to_s(movement.arrives_at), state.at)
            state, done = rules.settle(state, at, unit.config.speed)
            completions += done
            state, changed = await _arrive(batch, run, row, state, movement, at)
            extra |= changed
            for key, value in changed.items():
                setattr(row, key, value)
        stored = await run.confirm(unit)
        if all(stored[i] == report for i, report in run.applied.items()):
            await walk.commit()
            break
        await walk.rollback()
        known = {**known, **stored}  # every battle of this pass is stored now
    else:
        raise RuntimeError(f"the stored reports at {village_id} kept changing")
    await run.write(batch)
    await commit(batch, loaded, state, completions, now, extra=extra)
    await events.flush(unit.conn)
    return len(rows)


async def _arrive(unit: Unit, run: ArrivalPass, village: SimpleNamespace,
                  state: rules.VillageState, row: object, at: int
                  ) -> tuple[rules.VillageState, dict]:
    """One movement reaches this (locked, settled) village: its effect on the state."""
    units = store_war.units_of(row.units)
    vid, host_owner = village.id, village.owner_id
    arrival = ev.TroopArrival(movement_id=str(row.id), mission=MISSION_OF[row.mission],
                              destination_id=str(vid))
    if row.mission == "return":
        run.finish(row.id, "done")
        if row.owner_id != host_owner:  # home conquered meanwhile: the troops are lost
            await _publish(unit, row.owner_id, vid, at, troop_arrival=arrival)
            return state, {}
        home = dict(state.units)
        for u, n in units.items():
            home[u] = home.get(u, 0) + n
        cap = rules.capacity(state)
        limits = (cap[0], cap[0], cap[0], cap[1])
        loot = store_war.loot_of(row).times(SUBUNITS).as_tuple()
        stock = Resources(*(min(s + g, c * SUBUNITS) if g else s for s, g, c in
                            zip(state.stock.as_tuple(), loot, limits, strict=True)))
        await _publish(unit, host_owner, vid, at, troop_arrival=arrival)
        return replace(state, units=home, stock=stock), {}
    if row.mission == "reinforce":
        run.finish(row.id, "stationed")
        run.guests[str(row.id)] = row
        guests = {**state.guests, str(row.id): units}
        await _publish(unit, host_owner, vid, at, troop_arrival=arrival)
        if row.owner_id != host_owner:
            await _publish(unit, row.owner_id, row.origin_id, at, troop_arrival=arrival)
        return replace(state, guests=guests), {}
    if row.oasis_x is not None:
        return await _oasis_battle(unit, run, village, state, row, units, at, arrival)
    return await _battle(unit, run, village, state, row, units, at, arrival)


def _levels(levels: dict) -> list[cpb.UnitLevel]:
    return [cpb.UnitLevel(unit=int(u), level=int(n)) for u, n in sorted(levels.items()) if n]


def _counts(units: dict) -> list[common_pb2.UnitCount]:
    return [common_pb2.UnitCount(unit=int(u), count=int(n)) for u, n in sorted(units.items())
            if n]


def _hero_msg(hero: object | None) -> cpb.BattleHero | None:
    if hero is None:
        return None
    return cpb.BattleHero(strength_points=hero.strength_points,
                          off_bonus_points=hero.off_bonus_points,
                          def_bonus_points=hero.def_bonus_points, health=hero.health)


async def heroes_and_nature(unit: Unit, run: ArrivalPass, request: cpb.ResolveRequest,
                            row: object, guests: list, at: int) -> cpb.ResolveRequest:
    """Heroes join the battle (not a scouting): the attacker's if it walks with the army,
    the defender's at home (not away; looked up only if the pass found the defender has a
    hero), each reinforcement's that came with it."""
    if row.mission == "scout":
        return request
    conn, config = unit.conn, unit.config
    heroes = [await usecases_hero.travelling_hero(conn, config, row.owner_id, at)
              if row.hero else None]
    if not request.oasis:
        home = request.defenders[0]
        owner = uuid.UUID(home.owner_id)
        heroes.append(await usecases_hero.battle_hero(conn, config, owner,
                                                      uuid.UUID(home.village_id), at)
                      if owner in run.hero_owners else None)
        heroes += [await usecases_hero.travelling_hero(conn, config, g.owner_id, at)
                   if g.hero else None for g in guests]
    for army, hero in zip((request.attacker, *request.defenders), heroes, strict=False):
        if hero is not None:
            army.hero.CopyFrom(_hero_msg(hero))
    return request


async def _heroes_after(unit: Unit, report: cpb.Report, at: int, guests: list) -> bool:
    """Each fighting hero's health and XP (a death too) from the report; whether the
    attacking hero survived. A stationed army whose hero died goes on without it."""
    alive = False
    for i, side in enumerate((report.attacker, *report.defenders)):
        if not side.HasField("hero"):
            continue
        await usecases_hero.apply_battle_experience(unit, uuid.UUID(side.owner_id), at,
                                                    side.hero.health_after,
                                                    side.hero.experience)
        if i == 0:
            alive = not side.hero.died
        elif i >= 2 and side.hero.died:
            await store_war.hero_left(unit.conn, guests[i - 2].id)
    return alive


async def conquest_allowed(unit: Unit, row: object, target: SimpleNamespace,
                           units: dict) -> bool:
    """Loyalty at 0 changes the owner only if the rules allow it: not a capital, the
    attacker's village has a free expansion slot and the account enough culture points."""
    if row.mission != "attack" or target.is_capital or not war.administrators(units):
        return False
    origin = await store.load(unit.conn, row.origin_id)
    if origin is None:
        return False
    slots = expansion_slots(level_of(origin.state, B.RESIDENCE), level_of(origin.state, B.PALACE))
    if slots - await store_war.expansions_used(unit.conn, row.origin_id) <= 0:
        return False
    villages = await store.owner_rows(unit.conn, row.owner_id)
    culture = sum(v.culture for v in villages) // rules.CP_SUBUNITS
    return culture >= cp_required(len(villages) + 1, unit.config.speed)


async def _battle(unit: Unit, run: ArrivalPass, target: SimpleNamespace,
                  state: rules.VillageState, row: object, units: dict, at: int,
                  arrival: ev.TroopArrival) -> tuple[rules.VillageState, dict]:
    guests = run.guests_in(state)
    origin = run.places[row.origin_id]
    residence = max(level_of(state, B.RESIDENCE), level_of(state, B.PALACE))
    loyalty = war.loyalty_now(target.loyalty, store.to_s(target.loyalty_at), at, residence,
                              unit.config.speed)
    request = await heroes_and_nature(unit, run, cpb.ResolveRequest(
        battle_id=str(row.id), mission=MISSION_OF[row.mission], at=_ts(at),
        attacker=cpb.BattleArmy(owner_id=str(row.owner_id), village_id=str(row.origin_id),
                                tribe=row.tribe, units=_counts(units),
                                levels=_levels(store_war.units_of(row.levels))),
        defenders=[cpb.BattleArmy(owner_id=str(target.owner_id), village_id=str(target.id),
                                  tribe=int(state.tribe), units=_counts(state.units),
                                  levels=_levels(state.armour))]
        + [cpb.BattleArmy(owner_id=str(g.owner_id), village_id=str(g.origin_id), tribe=g.tribe,
                          units=_counts(state.guests[str(g.id)]),
                          levels=_levels(store_war.units_of(g.armour))) for g in guests],
        attacker_village=cpb.VillagePlace(id=str(origin.id), name=origin.name, x=origin.x,
                                          y=origin.y, owner_id=str(origin.owner_id)),
        defender_village=cpb.VillagePlace(id=str(target.id), name=target.name, x=target.x,
                                          y=target.y, owner_id=str(target.owner_id)),
        defender_tribe=int(state.tribe),
        buildings=[cpb.BuildingLevel(position=p, building_type=int(b), level=lvl)
                   for p, (b, lvl) in sorted(state.buildings.items()) if lvl > 0],
        stock=common_pb2.Resources(**{k: v // SUBUNITS for k, v in state.stock.as_dict().items()}),
        pop_attacker=origin.population or 0,
        pop_defender=rules.population(state), rally_point_level=row.rally_point_level,
        catapult_targets=list(row.catapult_targets), scout_target=row.scout_target,
        loyalty_before=loyalty,
        conquest_allowed=await conquest_allowed(unit, row, target, units),
        defender_is_capital=target.is_capital), row, guests, at)
    report = await run.report(unit, request)
    return await _apply_report(unit, run, state, row, guests, report, at, arrival)


def _place(row: object) -> cpb.VillagePlace:
    return cpb.VillagePlace(id=str(row.id), name=row.name, x=row.x, y=row.y,
                            owner_id=str(row.owner_id))


async def _oasis_battle(unit: Unit, run: ArrivalPass, village: SimpleNamespace,
                        state: rules.VillageState, row: object, units: dict, at: int,
                        arrival: ev.TroopArrival) -> tuple[rules.VillageState, dict]:
    """A raid or attack on an oasis (applied at the sending village, ``village``): the
    army fights the animals there at ``at``; the herd's survivors are stored. No wall, no
    morale, nothing to loot (RULES.md section 15: the animals' bounty goes to the hero's
    inventory, which is not modelled). A won attack whose hero survives and leaves it empty
    annexes it if the village has a free hero's mansion slot and the oasis is in reach."""
    x, y = row.oasis_x, row.oasis_y
    oasis, nature = await usecases_oasis.oasis_defence(unit.conn, unit.config, x, y, at)
    claim = await usecases_oasis.claim_of(unit.conn, unit.config, oasis, village, state, at)
    request = await heroes_and_nature(unit, run, cpb.ResolveRequest(
        battle_id=str(row.id), mission=MISSION_OF[row.mission], at=_ts(at),
        attacker=cpb.BattleArmy(owner_id=str(row.owner_id), village_id=str(row.origin_id),
                                tribe=row.tribe, units=_counts(units),
                                levels=_levels(store_war.units_of(row.levels))),
        defenders=[cpb.BattleArmy(owner_id=claim.owner_player if claim else "",
                                  village_id=str(claim.owner_village) if claim else "",
                                  units=_counts(nature.units))],
        attacker_village=_place(village),
        defender_village=cpb.VillagePlace(name=f"Oasis ({oasis.oasis_type})", x=x, y=y),
        oasis=True, rally_point_level=row.rally_point_level,
        catapult_targets=list(row.catapult_targets), stock=common_pb2.Resources(),
        oasis_owner_oases=claim.owner_oases if claim else 0,
        loyalty_before=claim.loyalty if claim else 0,
        conquest_allowed=claim.allowed if claim else False),
        row, [], at)
    report = await run.report(unit, request)
    herd = dict(nature.units)
    for item in report.defenders[0].lost:
        herd[item.unit] = herd.get(item.unit, 0) - item.count
    await usecases_oasis.record_fight(unit.conn, unit.config, x, y, herd, at)
    hero = report.attacker.hero if report.attacker.HasField("hero") else None
    if claim is not None:  # another village's oasis: its loyalty, or taken
        state = await usecases_oasis.settle_claim(unit.conn, oasis, claim, village, state,
                                                  report.loyalty_after, report.conquered, at)
    elif row.mission == "attack" and hero is not None and not hero.died and not any(
            herd.values()):
        state = await usecases_oasis.annex_by_battle(unit.conn, unit.config, village, state,
                                                     x, y, at)
    survivors = _minus(units, report.attacker.lost)
    await _home_and_notify(unit, run, row, report, survivors, Resources(), at, arrival, [])
    return state, {}


def _minus(units: dict, lost: list) -> dict:
    left = dict(units)
    for item in lost:
        unit = UnitType(item.unit)
        left[unit] = left.get(unit, 0) - item.count
        if left[unit] <= 0:
            left.pop(unit)
    return left


async def _apply_report(unit: Unit, run: ArrivalPass, state: rules.VillageState,
                        row: object, guests: list, report: cpb.Report, at: int,
                        arrival: ev.TroopArrival) -> tuple[rules.VillageState, dict]:
    """The battle's outcome on the village, the survivors' way home and the events."""
    home = _minus(state.units, report.defenders[0].lost)
    hosted = dict(state.guests)
    for guest, side in zip(guests, report.defenders[1:], strict=True):
        hosted[str(guest.id)] = _minus(hosted[str(guest.id)], side.lost)
    loot = Resources(report.loot.wood, report.loot.clay, report.loot.iron, report.loot.crop)
    stock = Resources(*(max(0, s - g * SUBUNITS) for s, g in
                        zip(state.stock.as_tuple(), loot.as_tuple(), strict=True)))
    buildings = dict(state.buildings)
    for change in report.buildings:
        btype = BuildingType(change.building_type)
        if change.level_after > 0 or change.position in FIELD_POSITIONS:
            buildings[change.position] = (btype, change.level_after)
        else:
            buildings.pop(change.position, None)
    survivors = _minus(store_war.units_of(row.units), report.attacker.lost)
    extra: dict = {}
    if report.loyalty_after != report.loyalty_before or report.conquered:
        extra = {"loyalty": report.loyalty_after, "loyalty_at": store.to_dt(at)}
    if report.conquered:  # one administrator settles in; the village is the attacker's
        admin = min(war.administrators(survivors))
        survivors[admin] -= 1
        if not survivors[admin]:
            survivors.pop(admin)
        extra |= {"owner_id": row.owner_id, "owner_name": run.places[row.origin_id].owner_name,
                  "conquered_from": row.origin_id}
    await _home_and_notify(unit, run, row, report, survivors, loot, at, arrival, guests)
    after = replace(state, units=home, guests=hosted, stock=stock, buildings=buildings)
    if report.conquered:
        after = await _conquered(unit, after, row, report, at)
    return after, extra


async def _conquered(unit: Unit, state: rules.VillageState, row: object, report: cpb.Report,
                     at: int) -> rules.VillageState:
    """A conquered village's build, training, research and smithy queues are cancelled
    (nothing refunded); the old owner's hero living there dies and its home becomes the
    old owner's capital (hero.json: "home village conquered"). Buildings, research and
    smithy levels stay with the village; the old owner's troops still away from it are
    lost when they come home."""
    old_owner = uuid.UUID(report.defender_village.owner_id)
    hero = await store_hero.load(unit.conn, old_owner, lock=True)
    if hero is not None and str(hero.home_village_id) == report.defender_village.id:
        await usecases_hero.home_lost(unit, old_owner, at)
    return replace(state, builds=(), trainings=(), researches=())


async def _home_and_notify(unit: Unit, run: ArrivalPass, row: object, report: cpb.Report,
                           survivors: dict, loot: Resources, at: int,
                           arrival: ev.TroopArrival, guests: list) -> None:
    """The battle is over for movement ``row``: heroes hurt and taught, the survivors (and a
    living hero) walk home with the loot (written with the pass), every player concerned
    hears of it."""
    hero = await _heroes_after(unit, report, at, guests)
    run.finish(row.id, "done", uuid.UUID(report.id))
    if any(survivors.values()) or hero:
        arrives = await _travel_home(unit, row, survivors, at, hero, run.places)
        run.homeward.append(_homeward(row, survivors, loot, at, arrives, hero=hero))
        await wake_at(unit, row.origin_id, arrives, at)
    arrival.report_id = report.id
    notified: set[uuid.UUID] = set()
    for side in (report.attacker, *report.defenders):
        if not side.owner_id:  # nature
            continue
        owner = uuid.UUID(side.owner_id)
        if owner in notified:
            continue
        notified.add(owner)
        where = uuid.UUID(side.village_id)
        await _publish(unit, owner, where, at, report=ev.ReportCreated(
            report_id=report.id, role=side.role, mission=report.mission))
        await _publish(unit, owner, where, at, troop_arrival=arrival)


# ---- reading -------------------------------------------------------------------------------

@dataclass(frozen=True)
class MovementView:
    row: object
    origin: object
    destination: object
    hidden: bool


@use_case
async def list_movements(unit: Unit, user_id: str, village_id: str, now: int
                         ) -> dict[str, list[MovementView]]:
    """Incoming, outgoing, here (others' reinforcements) and elsewhere (this village's) of
    one of the caller's villages; an enemy's incoming army is hidden (mission and time only).
    A read reaching an arrival's instant applies it first."""
    loaded = await owned(unit.conn, user_id, village_id)
    await apply_arrivals(unit, loaded.row.id, now)
    rows = await store_war.of_village(unit.conn, loaded.row.id)
    places = await store_war.places(unit.conn, [r.origin_id for r in rows]
                                    + [r.destination_id for r in rows])
    me, vid = loaded.row.owner_id, loaded.row.id
    out: dict[str, list[MovementView]] = {"incoming": [], "outgoing": [], "here": [],
                                          "elsewhere": []}
    for r in rows:
        view = MovementView(r, places.get(r.origin_id), _destination(r, places),
                            hidden=r.owner_id != me and r.state == "moving")
        if r.state == "stationed":
            out["here" if r.destination_id == vid else "elsewhere"].append(view)
        elif r.destination_id == vid and r.oasis_x is None:
            out["incoming"].append(view)
        else:
            out["outgoing"].append(view)
    return out


async def troops_away(conn: AsyncConnection, village_id: uuid.UUID
                     ) -> tuple[list[TroopsAway], list[TroopsAway]]:
    """``GetTroops``' (elsewhere, here) from the movements: this village's armies on the
    road (kind = their mission; ``arrives_at`` set) or stationed elsewhere (kind
    "reinforcement"), and others' reinforcements stationed here (with their origin)."""
    rows = await store_war.of_village(conn, village_id)
    places = await store_war.places(conn, [r.origin_id for r in rows]
                                    + [r.destination_id for r in rows])
    elsewhere, here = [], []
    for r in rows:
        units = store_war.units_of(r.units)
        if r.origin_id == village_id:
            to = places.get(r.origin_id) if r.mission == "return" else _destination(r, places)
            elsewhere.append(TroopsAway(
                "reinforcement" if r.mission == "reinforce" else r.mission, units,
                to.id if to.id else "", to.x, to.y,
                store.to_s(r.arrives_at) if r.state == "moving" else None))
        elif r.state == "stationed":
            origin = places[r.origin_id]
            here.append(TroopsAway("reinforcement", units, origin.id, origin.x, origin.y, None))
    return elsewhere, here


def _destination(row: object, places: dict) -> object:
    """The movement's target place: a village, or the oasis square (no village id)."""
    if row.oasis_x is None:
        return places.get(row.destination_id)
    return SimpleNamespace(id="", name="Oasis", x=row.oasis_x, y=row.oasis_y)


async def apply_due(unit: Unit, village_ids: list[uuid.UUID] | sa.Select, now: int) -> None:
    """A read reaching an arrival's instant applies it first (then reads the result)."""
    for village_id in await store_war.has_due(unit.conn, village_ids, now):
        await apply_arrivals(unit, village_id, now)
