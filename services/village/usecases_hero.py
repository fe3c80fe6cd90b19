"""The hero: hiring (one per player, from a village with a hero's mansion), points,
revival, battle experience, adventures.

The hero row is its state as of ``settled_at``; health regeneration and a finished revival
are computed (``rules.travian.hero.settle``), never ticked. An adventure's outcome is
decided when the hero is sent (nothing can change the hero on the way: the rules draw it
from the adventure's seed) and stored with its instants; it takes effect at ``arrives_at``
— every read computes it, the first write of the hero (or the ``hero`` wake-up timer)
stores it under the hero's row lock, marking the adventure applied once. The loot is a
delivery to the home village at ``returns_at`` (applied by that village's settle).
Lock order: a village row before the hero row (like a battle would).
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, replace

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncConnection

from rules.combat.model import Hero
from rules.travian import hero as rules
from rules.travian import village as village_rules
from rules.travian.errors import RuleError
from rules.travian.ids import BuildingType
from rules.travian.resources import Resources
from rules.travian.tribes import tribe_traits
from rules.travian.village_model import HeroOutput, hero_gross
from services.runtime.errors import DomainError
from services.runtime.timers import request_timer
from services.village import store, store_hero, store_trade, store_war
from services.village.usecases import (
    Config,
    Unit,
    commit,
    locked_settled,
    owned,
    rule_failure,
    use_case,
    user_uuid,
    wake_at,
)

TIMER_KIND = "hero"


@dataclass(frozen=True)
class HeroView:
    home_village_id: str
    state: rules.HeroState  # settled to now, pending adventure applied
    status: str  # home | adventure | away (with an army) | dead | reviving
    back_at: int | None
    next_level_xp: int
    free_points: int
    fighting_strength: int
    revival_cost: Resources
    revival_seconds: int
    output: Resources  # per hour at the world speed, for the home village


@dataclass(frozen=True)
class AdventureView:
    id: str
    adventure: rules.Adventure
    outcome: rules.Outcome | None
    state: str  # offered | expired | going | returning | done


def _seed(owner: uuid.UUID, n: int) -> int:
    digest = hashlib.blake2b(f"{owner}:adventure:{n}".encode(), digest_size=7).digest()
    return int.from_bytes(digest, "big")


async def _under_way(conn: AsyncConnection, owner: uuid.UUID
                     ) -> tuple[sa.Row, rules.Outcome] | None:
    """The adventure sent last whose outcome is not applied or whose hero is not back."""
    rows = [r for r in await store_hero.list_for(conn, owner) if r.sent_at is not None]
    if not rows:
        return None
    row = max(rows, key=lambda r: (r.sent_at, r.id))
    loot = Resources() if row.died else await store_trade.delivery_amounts(conn, row.id)
    outcome = store_hero.outcome_of(row, loot)
    assert outcome is not None
    return row, outcome


async def _current(conn: AsyncConnection, config: Config, found: store_hero.HeroRow,
                   now: int) -> tuple[rules.HeroState, tuple[sa.Row, rules.Outcome] | None,
                                      bool]:
    """(hero at now, the latest adventure, whether its outcome must still be stored)."""
    state = found.state
    latest = await _under_way(conn, found.owner_id)
    pending = False
    if latest is not None:
        row, outcome = latest
        if row.applied_at is None and now >= outcome.arrives_at:
            state = rules.apply_outcome(state, outcome, config.speed)
            pending = True
    return rules.settle(state, now, config.speed), latest, pending


def _view(found: store_hero.HeroRow, state: rules.HeroState,
          latest: tuple[sa.Row, rules.Outcome] | None, now: int, speed: float,
          away: bool = False) -> HeroView:
    back = None
    if latest is not None and now < latest[1].returns_at and not latest[1].died:
        back = latest[1].returns_at
    if not state.alive:
        status = "reviving" if state.revive_at is not None else "dead"
    elif back is not None:
        status = "adventure"
    else:
        status = "away" if away else "home"
    cost, seconds = rules.revival(state, speed)
    level = state.level
    return HeroView(
        home_village_id=str(found.home_village_id), state=state, status=status, back_at=back,
        next_level_xp=0 if level >= rules.MAX_LEVEL else rules.xp_for_level(level + 1),
        free_points=rules.free_points(state),
        fighting_strength=100 + tribe_traits(state.tribe).hero_strength_per_point
        * state.points.get("strength", 0),
        revival_cost=cost, revival_seconds=seconds,
        output=hero_gross(HeroOutput(rules.output(state.points), state.at), state.at, speed))


async def _hero(conn: AsyncConnection, user_id: str, *, lock: bool = False
                ) -> store_hero.HeroRow:
    found = await store_hero.load(conn, user_uuid(user_id), lock=lock)
    if found is None:
        raise DomainError("NOT_FOUND",
                          "No hero yet: hire one in a village with a hero's mansion.")
    return found


async def _away(conn: AsyncConnection, owner: uuid.UUID) -> bool:
    """Whether the hero walks with an army (a live movement carries it)."""
    return await store_war.hero_movement(conn, owner) is not None


@use_case
async def get(unit: Unit, user_id: str, now: int) -> HeroView:
    conn, config = unit.conn, unit.config
    found = await _hero(conn, user_id)
    state, latest, _ = await _current(conn, config, found, now)
    return _view(found, state, latest, now, config.speed, await _away(conn, found.owner_id))


async def _locked(unit: Unit, user_id: str, now: int
                  ) -> tuple[store_hero.HeroRow, rules.HeroState, tuple | None]:
    """The hero under its row lock at now, a due adventure outcome stored (once)."""
    found = await _hero(unit.conn, user_id, lock=True)
    state, latest, pending = await _current(unit.conn, unit.config, found, now)
    if pending and latest is not None:
        await store_hero.mark_applied(unit.conn, latest[0].id, latest[1].arrives_at)
    return found, state, latest


@use_case
async def hire(unit: Unit, user_id: str, village_id: str, now: int) -> HeroView:
    """The player's one hero, at home in ``village_id`` (needs a hero's mansion)."""
    loaded = await owned(unit.conn, user_id, village_id)
    state, _ = village_rules.settle(loaded.state, now, unit.config.speed)
    if village_rules.highest_level(state, BuildingType.HERO_MANSION) < 1:
        raise DomainError("BUILDING_REQUIRED", "Hiring a hero needs a hero's mansion.")
    owner = loaded.row.owner_id
    hero = rules.new_hero(state.tribe, now)
    if not await store_hero.create(unit.conn, owner, loaded.row.id, hero):
        raise DomainError("CONFLICT", "You already have a hero.")
    await _offer(unit.conn, unit.config, owner, 0, (loaded.row.x, loaded.row.y),
                 rules.MAX_OPEN_ADVENTURES, now)  # official: 3 at the start
    return _view(store_hero.HeroRow(owner, loaded.row.id, hero, 0), hero, None, now,
                 unit.config.speed)


@use_case
async def assign_points(unit: Unit, user_id: str, points: dict[str, int],
                        now: int) -> HeroView:
    """Spend free points. Points on ``resources`` change the home village's output from
    this instant: the village is locked (before the hero, the order every battle takes)
    and settled to now at the old rate first."""
    if points.get("resources"):
        home = (await _hero(unit.conn, user_id)).home_village_id
        loaded, village, done = await locked_settled(unit, user_id, str(home), now)
        await commit(unit, loaded, village, done, now)
        now = village.at
    found, state, latest = await _locked(unit, user_id, now)
    if points.get("resources") and found.home_village_id != home:
        raise DomainError("CONFLICT", "The hero's home changed; try again.")
    try:
        state = rules.assign(state, {k: v for k, v in points.items() if v})
    except RuleError as err:
        raise rule_failure(err) from None
    await store_hero.save(unit.conn, found.owner_id, state)
    return _view(found, state, latest, now, unit.config.speed)


@use_case
async def revive(unit: Unit, user_id: str, now: int) -> HeroView:
    """Pay the revival from the home village (locked first) and start it."""
    found = await _hero(unit.conn, user_id)
    loaded, village, done = await locked_settled(unit, user_id, str(found.home_village_id), now)
    now = max(now, village.at)  # settled further by a write we waited for
    found, state, latest = await _locked(unit, user_id, now)
    try:
        state, village = rules.revive(state, village, now, unit.config.speed)
    except RuleError as err:
        raise rule_failure(err) from None
    await commit(unit, loaded, village, done, now)
    await store_hero.save(unit.conn, found.owner_id, state)
    return _view(found, state, latest, now, unit.config.speed)


async def apply_battle_experience(unit: Unit, owner_id: uuid.UUID, at: int,
                                  health_after: int, xp: int) -> rules.HeroState | None:
    """For the battle code: the hero of ``owner_id`` fought at ``at`` and was left with
    ``health_after`` (whole points, ``BattleResult``'s hero health) and earned ``xp``
    (``rules.travian.hero.battle_xp``/``share_xp``). None when the player has no hero."""
    found = await store_hero.load(unit.conn, owner_id, lock=True)
    if found is None:
        return None
    state, latest, pending = await _current(unit.conn, unit.config, found, at)
    if pending and latest is not None:
        await store_hero.mark_applied(unit.conn, latest[0].id, latest[1].arrives_at)
    state = rules.after_battle(state, at, unit.config.speed, health_after, xp)
    await store_hero.save(unit.conn, owner_id, state)
    return state


async def home_lost(unit: Unit, owner_id: uuid.UUID, at: int) -> None:
    """The hero's home village was conquered at ``at``: the hero dies (hero.json "dies
    when ... home village conquered") and its home becomes the owner's capital (a capital
    cannot be conquered), where a revival is paid."""
    found = await store_hero.load(unit.conn, owner_id, lock=True)
    if found is None:
        return
    state, latest, pending = await _current(unit.conn, unit.config, found, at)
    if pending and latest is not None:
        await store_hero.mark_applied(unit.conn, latest[0].id, latest[1].arrives_at)
    if state.alive:
        state = replace(state, alive=False, health=0, revive_at=None)
    rows = await store.owner_rows(unit.conn, owner_id)
    capital = next((r for r in rows if r.is_capital), None)
    home = capital.id if capital is not None else found.home_village_id
    await store_hero.save(unit.conn, owner_id, state, home_village_id=home,
                          home_since=store.to_dt(at))  # the capital yields its output now


async def battle_hero(conn: AsyncConnection, config: Config, owner_id: uuid.UUID,
                      village_id: uuid.UUID, at: int) -> Hero | None:
    """For the battle code: the hero that fights at ``at`` in ``village_id`` (its home,
    where it stands when not on an adventure or with an army), or None (no hero, away,
    dead, no health). Lock it with ``apply_battle_experience`` afterwards in the same
    transaction."""
    found = await store_hero.load(conn, owner_id)
    if found is None or found.home_village_id != village_id:
        return None
    state, latest, _ = await _current(conn, config, found, at)
    away = await _away(conn, owner_id)
    if _view(found, state, latest, at, config.speed, away).status != "home":
        return None
    return rules.battle_hero(state, at, config.speed)


async def travelling_hero(conn: AsyncConnection, config: Config, owner_id: uuid.UUID,
                          at: int) -> Hero | None:
    """For the battle code: the hero walking with an army (the movement's ``hero``) as it
    fights at ``at`` (None: dead meanwhile, or without health)."""
    found = await store_hero.load(conn, owner_id)
    if found is None:
        return None
    state, _, _ = await _current(conn, config, found, at)
    return rules.battle_hero(state, at, config.speed)


async def hero_to_send(unit: Unit, owner_id: uuid.UUID, village_id: uuid.UUID,
                       now: int) -> None:
    """The hero may leave with an army from ``village_id`` now: it lives there, is at
    home, alive and has health (else HERO_UNAVAILABLE). Its row is locked meanwhile, so
    two sends cannot both take it."""
    found = await store_hero.load(unit.conn, owner_id, lock=True)
    if found is None:
        raise DomainError("HERO_UNAVAILABLE", "You have no hero.")
    if found.home_village_id != village_id:
        raise DomainError("HERO_UNAVAILABLE", "The hero lives in another village.")
    state, latest, _ = await _current(unit.conn, unit.config, found, now)
    view = _view(found, state, latest, now, unit.config.speed,
                 await _away(unit.conn, owner_id))
    if view.status != "home" or state.health_points <= 0:
        raise DomainError("HERO_UNAVAILABLE", f"The hero is not at home ({view.status}).")


# ---- adventures ----------------------------------------------------------------------------

def _adventure_state(row: sa.Row, now: int) -> str:
    if row.sent_at is None:
        return "offered" if now < store.to_s(row.expires_at) else "expired"
    if now < store.to_s(row.arrives_at):
        return "going"
    return "returning" if now < store.to_s(row.returns_at) and not row.died else "done"


@use_case
async def adventures(unit: Unit, user_id: str, now: int) -> list[AdventureView]:
    """Open offers and adventures under way or done (the result from the arrival on)."""
    conn = unit.conn
    found = await _hero(conn, user_id)
    out = []
    for row in await store_hero.list_for(conn, found.owner_id):
        state = _adventure_state(row, now)
        if state == "expired":
            continue
        loot = (Resources() if row.sent_at is None or row.died
                else await store_trade.delivery_amounts(conn, row.id))
        out.append(AdventureView(str(row.id), store_hero.adventure_of(row),
                                 store_hero.outcome_of(row, loot), state))
    return out


@use_case
async def start_adventure(unit: Unit, user_id: str, adventure_id: str,
                          now: int) -> AdventureView:
    """Send the hero (at home, alive) on an open adventure; result at the arrival."""
    aid = store.parse_id(adventure_id)
    found, state, latest = await _locked(unit, user_id, now)
    row = await store_hero.get_adventure(unit.conn, aid) if aid else None
    if row is None or row.owner_id != found.owner_id:
        raise DomainError("NOT_FOUND", "No such adventure.")
    if row.sent_at is not None:
        raise DomainError("CONFLICT", "The hero went on this adventure already.")
    view = _view(found, state, latest, now, unit.config.speed,
                 await _away(unit.conn, found.owner_id))
    if view.status != "home":
        raise DomainError("HERO_UNAVAILABLE", f"The hero is not at home ({view.status}).")
    home = await store.village_row(unit.conn, found.home_village_id)
    try:
        outcome = rules.send(state, store_hero.adventure_of(row), (home.x, home.y), now,
                             unit.config.speed)
    except RuleError as err:
        raise rule_failure(err) from None
    if not await store_hero.mark_sent(unit.conn, row.id, now, outcome):
        raise DomainError("CONFLICT", "The hero went on this adventure already.")
    await store_hero.save(unit.conn, found.owner_id, state)  # settled to now
    if outcome.resources.total():
        await store_trade.add_delivery(unit.conn, row.id, home.id, outcome.returns_at,
                                       outcome.resources, "adventure")
        await wake_at(unit, home.id, outcome.returns_at, now)
    await request_timer(unit.conn, unit.outbox, TIMER_KIND, store.to_dt(outcome.arrives_at),
                        payload=str(found.owner_id).encode(),
                        dedupe_key=f"hero:{found.owner_id}:{outcome.arrives_at}")
    return AdventureView(str(row.id), store_hero.adventure_of(row), outcome, "going")


async def on_hero_timer(unit: Unit, owner_id: uuid.UUID, now: int) -> bool:
    """The wake-up at an adventure's arrival: store its outcome if nothing did yet."""
    found = await store_hero.load(unit.conn, owner_id, lock=True)
    if found is None:
        return False
    state, latest, pending = await _current(unit.conn, unit.config, found, now)
    if not pending or latest is None:
        return False
    if await store_hero.mark_applied(unit.conn, latest[0].id, latest[1].arrives_at):
        await store_hero.save(unit.conn, owner_id, state)
        return True
    return False


async def _offer(conn: AsyncConnection, config: Config, owner: uuid.UUID, offered: int,
                 home: tuple[int, int], count: int, now: int) -> None:
    """``count`` new offers, numbered from ``offered`` (the hero's counter: seeds differ)."""
    for n in range(offered, offered + count):
        await store_hero.add_offer(conn, owner, rules.offer(_seed(owner, n), home, now,
                                                            config.speed))
    await store_hero.count_offer(conn, owner, offered + count)


async def offer_adventures(conn: AsyncConnection, config: Config, now: int) -> int:
    """The periodic job: every hero with fewer than 3 open offers gets one more around its
    home village. Returns how many were offered."""
    made = 0
    for row in await store_hero.living_heroes(conn, now):
        if row.open >= rules.MAX_OPEN_ADVENTURES:
            continue
        await _offer(conn, config, row.owner_id, row.adventures_offered, (row.x, row.y), 1, now)
        made += 1
    return made
