"""The T4 hero (reference hero.json, RULES.md §14): points, experience, health, revival,
adventures.  Pure: the state is a value as of an instant; every later state is computed.

- Points: 4 at creation (in resources) and 4 per level; each attribute (strength, off
  bonus, def bonus, resources) holds at most 100.  Level L needs ``25·L·(L+1)`` XP in total
  (the table, L 0..100); at level 99 all 400 points are given, so higher levels add none.
- Output for the home village (``output``): 3 of each resource per ``resources`` point
  and 6 crop/h, per hour at 1x times ``GAME_SPEED``, alive or dead (``VillageState.hero``).
- Strength ``100 + per_point·points`` (Romans 100, others 80; ``rules.combat`` applies it),
  off/def bonus 0.2 % per point.
- Health 0..100, in sub-units (``HEALTH_SUBUNITS`` per point) so regeneration is exact:
  10 points per day at 1x, times ``GAME_SPEED`` (like every duration), whenever alive (the
  reference names no pause, also not on an adventure).  A level-up heals to 100.  A battle
  that costs 90 points or more, or leaves 0, kills the hero; experience still counts (the
  hero need not survive).
- Revival: the table's cost (by tribe and level) and ``3600·clamp(L, 1, 24)`` s / speed; the
  hero comes back at the end with full health.
- Battle XP: 1 per crop upkeep of enemy units killed (animals with their T3.1 upkeep), 6
  per killed hero; the attacker's hero takes all of it, defending heroes share it by the
  upkeep of the armies they stand with (``share_xp``).
- Adventures: TravianZ's approximate table (the live formulas are not public): at most 3
  open offers, each for ``offer_lifetime_s`` / speed, sites 3..25 fields away, 30 % hard;
  XP, health loss and resources each drawn uniformly in the table's ranges from a seeded
  generator (``random.Random`` of the adventure's seed, so a replay gives the same); the
  hero walks at 7 fields/h both ways; it dies on the spot when the loss reaches its health
  (the loot is lost), otherwise the resources come home with it.  Silver and items are not
  modelled.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Literal

from rules.combat.model import Battle, BattleResult, Hero
from rules.travian._data import load
from rules.travian.errors import RuleError
from rules.travian.fields import SUBUNITS
from rules.travian.ids import ANIMAL_REFERENCE_KEY, Animal, Tribe
from rules.travian.movement import HERO_SPEED_ON_FOOT, distance, travel_time_s
from rules.travian.resources import Resources
from rules.travian.rounding import Number, as_speed, scaled_seconds
from rules.travian.units import unit_spec
from rules.travian.village_model import VillageState
from rules.travian.world import wrap

_HERO = load("hero.json")
_NATURE_UPKEEP = {row["key"]: row["upkeep_t3_1_model"] for row in load("units.json")["nature"]}
_ADVENTURE = _HERO["adventures"]["travianz_implementation"]

MAX_HEALTH = _HERO["health"]["max"]
HEALTH_SUBUNITS = 8640  # per health point: 10 points/day = 1 sub-unit per second at 1x
REGEN_PER_DAY = _HERO["health"]["natural_regeneration_percent_per_day"]
DEATH_LOSS = 90  # losing this much health in one battle kills (official)
POINTS_AT_CREATION = _HERO["points"]["at_creation"]
POINTS_PER_LEVEL = _HERO["points"]["per_level"]
ATTRIBUTE_MAX = _HERO["attribute_max_points"]
ATTRIBUTES = ("strength", "off_bonus", "def_bonus", "resources")
_XP_TABLE = tuple(row["xp_total"] for row in _HERO["experience"]["levels"])
MAX_LEVEL = len(_XP_TABLE) - 1
KILLED_HERO_XP = 6
MAX_OPEN_ADVENTURES = _ADVENTURE["max_open_offers"]
ADVENTURE_LIFETIME_S = _ADVENTURE["offer_lifetime_s"]
_OUTPUT_EACH = _HERO["resources_per_point"]["travianz"]["all_resources_each"]
_OUTPUT_BASE_CROP = _HERO["resources_per_point"]["base_crop_per_hour"]["value"]
_REVIVAL = {tribe: tuple(rows) for tribe, rows in _HERO["revival"]["by_tribe"].items()}

Difficulty = Literal["normal", "hard"]


@dataclass(frozen=True, kw_only=True)
class HeroState:
    """A hero as of ``at``: experience, assigned points, health (sub-units), life."""

    tribe: Tribe
    at: int
    xp: int = 0
    points: Mapping[str, int]  # attribute -> points (ATTRIBUTES)
    health: int = MAX_HEALTH * HEALTH_SUBUNITS
    alive: bool = True
    revive_at: int | None = None  # dead and being revived: alive again at this instant

    @property
    def level(self) -> int:
        return level_for(self.xp)

    @property
    def health_points(self) -> int:
        """Whole health points (what a battle and the API see)."""
        return self.health // HEALTH_SUBUNITS


def new_hero(tribe: Tribe, now: int) -> HeroState:
    """A new hero: level 0, full health, its 4 creation points in resources."""
    return HeroState(tribe=Tribe(tribe), at=now,
                     points={"strength": 0, "off_bonus": 0, "def_bonus": 0,
                             "resources": POINTS_AT_CREATION})  # fmt: skip


def level_for(xp: int) -> int:
    """Highest level whose total XP ``xp`` reaches (0..100)."""
    level = 0
    while level < MAX_LEVEL and xp >= _XP_TABLE[level + 1]:
        level += 1
    return level


def xp_for_level(level: int) -> int:
    return _XP_TABLE[level]


def points_total(level: int) -> int:
    """Points given up to ``level``: 4 + 4 per level, at most 4 attributes x 100."""
    return min(POINTS_AT_CREATION + POINTS_PER_LEVEL * level, ATTRIBUTE_MAX * len(ATTRIBUTES))


def free_points(state: HeroState) -> int:
    return points_total(state.level) - sum(state.points.values())


def settle(state: HeroState, until: int, speed: Number) -> HeroState:
    """The hero at ``until``: health regenerated while alive, a finished revival applied."""
    if until <= state.at:
        return state
    if not state.alive:
        if state.revive_at is None or until < state.revive_at:
            return replace(state, at=until)
        state = replace(state, alive=True, revive_at=None, at=state.revive_at,
                        health=MAX_HEALTH * HEALTH_SUBUNITS)
    full = MAX_HEALTH * HEALTH_SUBUNITS
    gained = math.floor((until - state.at) * as_speed(speed) * Fraction(
        REGEN_PER_DAY * HEALTH_SUBUNITS, 86400))
    return replace(state, at=until, health=min(full, state.health + gained))


def assign(state: HeroState, points: Mapping[str, int]) -> HeroState:
    """Add points to attributes (free points only; each attribute at most 100)."""
    unknown = set(points) - set(ATTRIBUTES)
    if unknown:
        raise RuleError("INVALID_INPUT", f"attributes are {', '.join(ATTRIBUTES)}")
    if any(isinstance(v, bool) or not isinstance(v, int) or v < 0 for v in points.values()):
        raise RuleError("INVALID_INPUT", "points are integers >= 0")
    if sum(points.values()) == 0:
        raise RuleError("INVALID_INPUT", "assign at least one point")
    if sum(points.values()) > free_points(state):
        raise RuleError("NOT_ENOUGH_POINTS", f"{free_points(state)} free point(s)")
    new = {k: state.points.get(k, 0) + points.get(k, 0) for k in ATTRIBUTES}
    if any(v > ATTRIBUTE_MAX for v in new.values()):
        raise RuleError("NOT_ENOUGH_POINTS", f"an attribute holds at most {ATTRIBUTE_MAX}")
    return replace(state, points=new)


def output(points: Mapping[str, int]) -> Resources:
    """What the hero yields per hour at 1x for its home village: ``resources`` points times
    TravianZ's 3 of each resource (the reference's recommendation; the official "10 of one
    chosen resource" mode is not offered), plus the 6 crop/h every hero yields."""
    each = points.get("resources", 0) * _OUTPUT_EACH
    return Resources(each, each, each, each + _OUTPUT_BASE_CROP)


def gain_xp(state: HeroState, xp: int) -> HeroState:
    """Experience from a battle or an adventure; a level-up heals to full health."""
    if xp < 0:
        raise RuleError("INVALID_INPUT", "experience is >= 0")
    after = replace(state, xp=state.xp + xp)
    if state.alive and after.level > state.level:
        after = replace(after, health=MAX_HEALTH * HEALTH_SUBUNITS)
    return after


def battle_hero(state: HeroState | None, at: int, speed: Number) -> Hero | None:
    """What ``rules.combat`` fights with at ``at`` (None: no hero, dead or 0 health)."""
    if state is None:
        return None
    now = settle(state, at, speed)
    if not now.alive or now.health_points <= 0:
        return None
    return Hero(strength_points=now.points.get("strength", 0),
                off_bonus_points=now.points.get("off_bonus", 0),
                def_bonus_points=now.points.get("def_bonus", 0),
                health=now.health_points)  # fmt: skip


def after_battle(state: HeroState, at: int, speed: Number, health_after: int,
                 xp: int) -> HeroState:
    """Apply a battle at ``at``: the health ``rules.combat`` left (whole points) and the
    XP earned.  Losing 90 points or more, or reaching 0, kills the hero."""
    now = settle(state, at, speed)
    if not now.alive:
        return now
    before = now.health_points
    health_after = max(0, min(health_after, before))
    if health_after == 0 or before - health_after >= DEATH_LOSS:
        return replace(gain_xp(now, xp), alive=False, health=0, revive_at=None)
    lost = (before - health_after) * HEALTH_SUBUNITS
    return gain_xp(replace(now, health=max(0, now.health - lost)), xp)


def battle_xp(killed: Mapping[int, int], killed_heroes: int = 0) -> int:
    """XP of a battle for one side: crop upkeep of the enemies it killed (animals by their
    T3.1 upkeep), 6 per killed hero."""
    total = KILLED_HERO_XP * killed_heroes
    for unit, count in killed.items():
        spec = unit_spec(unit)
        if spec.tribe is None:
            upkeep = _NATURE_UPKEEP[ANIMAL_REFERENCE_KEY[Animal(unit)]]
        else:
            upkeep = spec.upkeep
        total += upkeep * count
    return total


@dataclass(frozen=True, slots=True)
class HeroOutcome:
    """What one battle did to a hero (the report's "hero results")."""

    health_before: int
    health_after: int
    xp: int
    died: bool


def dies(health_before: int, health_after: int) -> bool:
    """Losing 90 points or more in one battle, or reaching 0, kills (official)."""
    return health_after <= 0 or health_before - health_after >= DEATH_LOSS


def battle_outcomes(battle: Battle, result: BattleResult
                    ) -> tuple[HeroOutcome | None, list[HeroOutcome | None]]:
    """Each hero's health, XP and death after ``result`` of ``battle`` (attacker, then one
    per defending army).  The attacker's hero takes the XP of every defender killed (and 6
    per defending hero killed); defending heroes share the XP of the attackers killed (and
    of a killed attacking hero) by the upkeep of the armies they stand with."""
    def outcome(hero: Hero | None, after: int | None, xp: int) -> HeroOutcome | None:
        if hero is None or after is None:
            return None
        return HeroOutcome(hero.health, after, xp, dies(hero.health, after))

    attacker = battle.attacker.hero
    defenders = [army.hero for army in battle.defenders]
    killed_def: dict[int, int] = {}
    for lost in result.defender_losses:
        for unit, n in lost.items():
            killed_def[unit] = killed_def.get(unit, 0) + n
    heroes_killed = sum(
        1 for hero, after in zip(defenders, result.defender_hero_health, strict=True)
        if hero is not None and after is not None and dies(hero.health, after))
    attacker_after = result.attacker_hero_health
    attacker_died = (attacker is not None and attacker_after is not None
                     and dies(attacker.health, attacker_after))
    total = battle_xp(result.attacker_losses, int(attacker_died))
    with_hero = [i for i, hero in enumerate(defenders) if hero is not None]
    weights = [sum(unit_spec(u).upkeep * n for u, n in battle.defenders[i].units.items())
               for i in with_hero]
    shares = dict(zip(with_hero, share_xp(total, weights), strict=True))
    return (outcome(attacker, attacker_after, battle_xp(killed_def, heroes_killed)),
            [outcome(hero, after, shares.get(i, 0)) for i, (hero, after) in
             enumerate(zip(defenders, result.defender_hero_health, strict=True))])


def share_xp(total: int, weights: Sequence[int]) -> list[int]:
    """Split ``total`` between defending heroes by their armies' upkeep: floors, and the
    remainder one by one to the largest weights (ties to the first)."""
    if not weights:
        return []
    weight = sum(weights)
    if weight <= 0:
        base = [total // len(weights)] * len(weights)
        order = list(range(len(weights)))
    else:
        base = [total * w // weight for w in weights]
        order = sorted(range(len(weights)), key=lambda i: (-weights[i], i))
    for i in order[: total - sum(base)]:
        base[i] += 1
    return base


def revival(state: HeroState, speed: Number) -> tuple[Resources, int]:
    """(cost, seconds) to revive the hero at its level."""
    rows = _REVIVAL[state.tribe.name.lower()]
    row = rows[min(state.level, len(rows) - 1)]
    return Resources.of(row["cost"]), scaled_seconds(row["time_s"], Fraction(1), as_speed(speed))


def start_revival(state: HeroState, now: int, speed: Number) -> tuple[HeroState, Resources]:
    """Begin reviving a dead hero (the caller pays ``cost`` from the home village)."""
    if state.alive:
        raise RuleError("HERO_UNAVAILABLE", "the hero is alive")
    if state.revive_at is not None:
        raise RuleError("HERO_UNAVAILABLE", "the hero is already being revived")
    cost, seconds = revival(state, speed)
    return replace(state, at=max(state.at, now), revive_at=now + seconds), cost


def revive(state: HeroState, village: VillageState, now: int, speed: Number
           ) -> tuple[HeroState, VillageState]:
    """Start the revival, paid from the home village settled to ``now``
    (INSUFFICIENT_RESOURCES when its stock does not cover the cost)."""
    if village.at != now:
        raise RuleError("INVALID_INPUT", f"settle the village to {now} first (at {village.at})")
    reviving, cost = start_revival(state, now, speed)
    price = cost.times(SUBUNITS)
    if not village.stock.covers(price):
        raise RuleError("INSUFFICIENT_RESOURCES", f"revival needs {cost.as_dict()}")
    return reviving, replace(village, stock=village.stock - price)


# ---- adventures ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Adventure:
    """An offered adventure: where, how hard, until when."""

    seed: int
    x: int
    y: int
    difficulty: Difficulty
    offered_at: int
    expires_at: int


@dataclass(frozen=True, slots=True)
class Outcome:
    """What an adventure does, decided at sending (nothing changes the hero on the way)."""

    arrives_at: int
    returns_at: int
    xp: int
    health_loss: int  # whole points
    died: bool
    resources: Resources  # brought home at returns_at (nothing if it died)


def offer(seed: int, home: tuple[int, int], now: int, speed: Number) -> Adventure:
    """One adventure around ``home``: a square 3..25 fields away (wrapping map), 30 % hard,
    open for the offer lifetime / speed.  Deterministic in ``seed``."""
    rng = random.Random(seed)
    low, high = _ADVENTURE["site_distance_fields"]
    while True:
        dx, dy = rng.randint(-high, high), rng.randint(-high, high)
        if low <= math.hypot(dx, dy) <= high:
            break
    x, y = wrap(home[0] + dx), wrap(home[1] + dy)
    hard = rng.randrange(100) < _ADVENTURE["hard_share_percent"]
    lifetime = scaled_seconds(ADVENTURE_LIFETIME_S, Fraction(1), as_speed(speed))
    return Adventure(seed=seed, x=x, y=y, difficulty="hard" if hard else "normal",
                     offered_at=now, expires_at=now + lifetime)  # fmt: skip


def travel_s(home: tuple[int, int], site: tuple[int, int], speed: Number) -> int:
    """One way, on foot (7 fields/h)."""
    return travel_time_s(distance(*home, *site), HERO_SPEED_ON_FOOT, speed=speed)


def send(state: HeroState, adventure: Adventure, home: tuple[int, int], now: int,
         speed: Number) -> Outcome:
    """Send a hero settled to ``now`` (alive, health > 0) on an open adventure."""
    if now >= adventure.expires_at:
        raise RuleError("INVALID_INPUT", "the adventure has expired")
    if not state.alive or state.health_points <= 0:
        raise RuleError("HERO_UNAVAILABLE", "the hero is dead or without health")
    table = _ADVENTURE[adventure.difficulty]
    rng = random.Random(adventure.seed * 7919 + 1)
    xp = rng.randint(*table["xp"])
    loss = rng.randint(*table["hp_loss"])
    amount = rng.randint(*table["resources_each"])
    one_way = travel_s(home, (adventure.x, adventure.y), speed)
    arrives = now + one_way
    health_then = settle(state, arrives, speed).health_points
    died = loss >= health_then
    return Outcome(arrives_at=arrives, returns_at=arrives + one_way, xp=xp,
                   health_loss=min(loss, health_then), died=died,
                   resources=Resources() if died else Resources.uniform(amount))  # fmt: skip


def apply_outcome(state: HeroState, outcome: Outcome, speed: Number) -> HeroState:
    """The adventure's result at its arrival: damage (death if it reaches the health),
    then the experience (a level-up heals)."""
    now = settle(state, outcome.arrives_at, speed)
    if outcome.died:
        return replace(gain_xp(now, outcome.xp), alive=False, health=0, revive_at=None)
    hurt = replace(now, health=max(0, now.health - outcome.health_loss * HEALTH_SUBUNITS))
    return gain_xp(hurt, outcome.xp)
