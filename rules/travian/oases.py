"""Oases: their animals over time, annexation, and the production bonus.

Reference: oases.json (RULES.md §15).
- **Animals.** An untouched oasis holds the world generator's installation animals
  (``world.square``).  Once fought, its state is the survivors at the fight's instant;
  from then on it respawns lazily, computed when looked at (no sweep of the map):
  every ``NATURE_REGTIME`` (43200 s at 1x, divided by ``GAME_SPEED``) each kind listed for
  its type grows by ``floor((base + U·range)·g)`` up to a cap (TravianZ), with ``g = 0.3``
  (the installation factor: the players' average progress is not tracked) and the cap
  ``floor(cap_min + U·(cap_max − cap_min))`` of its class with ``P = 0`` (class 0: 5..10,
  1: 10..20, 2: 20..35).  ``U`` comes from a keyed hash of (seed, x, y, period, kind), so
  a look at any instant gives the same answer; the cap is drawn once per oasis and kind
  (TravianZ redraws it per run, which can shrink a herd; a fixed cap keeps it monotone).
  An annexed oasis does not respawn (TravianZ respawns only unoccupied oases).
- **Annexation.** Hero's mansion level 10, 15, 20 give 1, 2, 3 oases
  (``floor((L − 5) / 5)``); the oasis lies within 3 squares in x and in y of the village
  (wrapping); it must be free and empty (no animals at that instant).  The reference's
  way is a won normal attack with the hero that leaves it empty; the service asks for the
  emptied oasis and the hero at home (see services/village/README.md).
- **Taking an owned oasis** (RULES.md §15, TravianZ's model of the official "1, 2 or 3
  attacks when its owner has 3, 2 or 1 oases"): the oasis has a loyalty (100 when
  annexed) that regenerates by the owner's hero's mansion level points per hour (times
  ``GAME_SPEED``); each won normal attack with the hero, the hero alive and the oasis left
  empty lowers it by ``floor(100 / d)``, ``d = min(3, 4 − owner's oasis count)``; below
  ``99 / d`` it changes owner when the attacker could annex it (in reach, a free slot).
- **Bonus.** The percent per resource of every annexed oasis adds up and joins the
  village's bonus buildings (added, not multiplied: ``fields.village_production``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from fractions import Fraction
from types import MappingProxyType

from rules.combat.model import Army
from rules.travian._data import load
from rules.travian.errors import RuleError
from rules.travian.ids import Animal
from rules.travian.resources import Resources
from rules.travian.rounding import Number, as_speed, scaled_seconds
from rules.travian.world import MAP_SIZE, _oasis_name, square

_OASES = load("oases.json")
RESPAWN_S = 43200  # TravianZ NATURE_REGTIME default, at 1x
GROWTH = Fraction(3, 10)  # g at world creation (and here, always)
REACH = 3  # squares in x and in y
_CAPS = {0: (5, 10), 1: (10, 20), 2: (20, 35)}  # (cap_min, cap_max) of each class at g 0.3
_MAX_PERIODS = 100_000  # a herd reaches its caps long before; bounds a look's work


@dataclass(frozen=True, slots=True)
class _Kind:
    cap_class: int
    bonus: Resources
    growth: tuple[tuple[Animal, int, int], ...]  # (animal, base, range)


def _kinds() -> dict[str, _Kind]:
    """By the world's oasis type name (types sharing a name have the same lists)."""
    out: dict[str, _Kind] = {}
    for t in _OASES["types"]:
        out.setdefault(_oasis_name(t["bonus_percent"]), _Kind(
            cap_class=t["cap_class"], bonus=Resources.of(t["bonus_percent"]),
            growth=tuple((Animal[a["animal"].upper()], a["base"], a["range"])
                         for a in t["animals"])))  # fmt: skip
    return out


_KINDS = _kinds()


@dataclass(frozen=True, kw_only=True)
class OasisState:
    """An oasis as of ``at``: animals, owner.  ``fought_at`` None = untouched (initial)."""

    x: int
    y: int
    oasis_type: str
    animals: Mapping[Animal, int]
    at: int
    fought_at: int | None = None
    owner_village: str | None = None
    loyalty: int = 100  # an owned oasis's loyalty as of ``loyalty_at`` (regenerating)
    loyalty_at: int | None = None


def initial(seed: int, x: int, y: int, at: int = 0) -> OasisState:
    """The generated oasis at (x, y) (INVALID_INPUT if the square is not an oasis)."""
    sq = square(seed, x, y)
    if sq.kind != "oasis" or sq.oasis_type is None:
        raise RuleError("INVALID_INPUT", f"({x}|{y}) is not an oasis")
    return OasisState(x=x, y=y, oasis_type=sq.oasis_type, animals=dict(sq.animals), at=at)


_U_BITS = 32  # U = h / 2**32 with h a keyed hash: exact integer arithmetic below


def _unit(seed: int, x: int, y: int, salt: str) -> int:
    """h of a deterministic U = h / 2**32 in [0, 1)."""
    digest = hashlib.blake2b(f"{seed}:{x}:{y}:{salt}".encode(), digest_size=4).digest()
    return int.from_bytes(digest, "big")


def _cap(seed: int, state: OasisState, animal: Animal) -> int:
    """floor(cap_min + U·(cap_max − cap_min))."""
    low, high = _CAPS[_KINDS[state.oasis_type].cap_class]
    return low + (_unit(seed, state.x, state.y, f"cap:{int(animal)}") * (high - low)
                  >> _U_BITS)


def respawn_period_s(speed: Number) -> int:
    return scaled_seconds(RESPAWN_S, Fraction(1), as_speed(speed))


def animals_at(state: OasisState, at: int, seed: int, speed: Number) -> dict[Animal, int]:
    """The animals at ``at``: the stored ones plus every respawn since the last fight."""
    animals = {a: n for a, n in state.animals.items() if n}
    if state.fought_at is None or state.owner_village is not None or at <= state.fought_at:
        return animals
    periods = min((at - state.fought_at) // respawn_period_s(speed), _MAX_PERIODS)
    growing = []
    for animal, base, spread in _KINDS[state.oasis_type].growth:
        if (base + spread) * GROWTH >= 1:  # a kind whose increment is always 0 never grows
            growing.append((animal, base, spread, _cap(seed, state, animal)))
    for k in range(1, periods + 1):
        if all(animals.get(a, 0) >= cap for a, _, _, cap in growing):
            break
        for animal, base, spread, cap in growing:
            have = animals.get(animal, 0)
            if have >= cap:
                continue
            h = _unit(seed, state.x, state.y, f"respawn:{state.fought_at}:{k}:{int(animal)}")
            # floor((base + U·range)·g) with U = h / 2**32, g = 3/10
            step = (((base << _U_BITS) + h * spread) * GROWTH.numerator
                    // (GROWTH.denominator << _U_BITS))
            grown = min(have + step, cap)
            if grown:
                animals[animal] = grown
    return animals


def defending_army(state: OasisState, at: int, seed: int, speed: Number) -> Army:
    """Nature's army in the oasis at ``at`` (``rules.combat``: no wall, base defence 10)."""
    return Army(tribe=None, units={int(a): n for a, n in animals_at(state, at, seed, speed)
                                   .items()})  # fmt: skip


def after_fight(state: OasisState, survivors: Mapping[int, int], at: int) -> OasisState:
    """The oasis right after a battle at ``at``: what survived; respawn starts again."""
    return replace(state, animals=MappingProxyType({Animal(a): n for a, n in survivors.items()
                                                    if n}), at=at, fought_at=at)  # fmt: skip


def slots(hero_mansion_level: int) -> int:
    """Oases a village may hold: 1, 2, 3 from hero's mansion level 10, 15, 20."""
    if hero_mansion_level < 10:
        return 0
    return min(3, (hero_mansion_level - 5) // 5)


def _wrapped(a: int, b: int) -> int:
    delta = abs(a - b)
    return min(delta, MAP_SIZE - delta)


def in_reach(village: tuple[int, int], oasis: tuple[int, int]) -> bool:
    """Within 3 squares in x and in y (the 7x7 square around the village, wrapping)."""
    return (_wrapped(village[0], oasis[0]) <= REACH and _wrapped(village[1], oasis[1]) <= REACH)


def check_annex(state: OasisState, village: tuple[int, int], village_id: str,
                hero_mansion_level: int, owned: int, at: int, seed: int,
                speed: Number) -> OasisState:
    """The oasis annexed by ``village_id`` at ``at``, or the rule that refuses it:
    OUT_OF_REACH, NO_OASIS_SLOT (mansion level vs ``owned``), OASIS_NOT_EMPTY (animals
    at ``at`` or another owner)."""
    if not in_reach(village, (state.x, state.y)):
        raise RuleError("OUT_OF_REACH", "an oasis within 3 squares in x and y is needed")
    if state.owner_village == village_id:
        raise RuleError("INVALID_INPUT", "the oasis already belongs to this village")
    if owned >= slots(hero_mansion_level):
        raise RuleError("NO_OASIS_SLOT", f"hero's mansion level {hero_mansion_level} allows "
                                         f"{slots(hero_mansion_level)} oasis/oases")
    if state.owner_village is not None:
        raise RuleError("OASIS_NOT_EMPTY", "the oasis belongs to another village")
    if animals_at(state, at, seed, speed):
        raise RuleError("OASIS_NOT_EMPTY", "animals still live in the oasis")
    return replace(state, animals=MappingProxyType({}), at=at, owner_village=village_id,
                   loyalty=OASIS_LOYALTY, loyalty_at=at)


def bonus(oasis_types: Iterable[str]) -> Resources:
    """The production bonus (percent per resource) of a village's annexed oases."""
    total = Resources()
    for name in oasis_types:
        try:
            total = total + _KINDS[name].bonus
        except KeyError:
            raise RuleError("INVALID_INPUT", f"unknown oasis type {name!r}") from None
    return total


OASIS_LOYALTY = 100  # an annexed oasis's loyalty


def attacks_needed(owner_oases: int) -> int:
    """``d``: the attacks that take an oasis whose owner holds ``owner_oases`` oases."""
    return max(1, min(3, 4 - owner_oases))


def oasis_loyalty_at(loyalty: int, since: int, at: int, owner_mansion_level: int,
                     speed: Number) -> int:
    """The loyalty at ``at``: regenerated from ``since`` by the owner's hero's mansion
    level points per hour (times the world speed), at most 100."""
    if at <= since:
        return loyalty
    grown = Fraction(at - since) * max(owner_mansion_level, 0) * as_speed(speed) / 3600
    return min(OASIS_LOYALTY, loyalty + int(grown))


def oasis_loyalty_after_attack(loyalty: int, owner_oases: int) -> int:
    """One qualifying attack lowers the loyalty by ``floor(100 / d)`` (never below 0)."""
    return max(0, loyalty - OASIS_LOYALTY // attacks_needed(owner_oases))


def oasis_taken(loyalty: int, owner_oases: int) -> bool:
    """Below ``99 / d`` the oasis changes owner (when the attacker may annex it)."""
    return loyalty * attacks_needed(owner_oases) < 99
