"""The world map: every square is a pure function of ``(seed, x, y)``.

No table of the 641,601 squares exists anywhere: a square's kind, field layout, oasis
type and initial animals come from a keyed hash (BLAKE2b) of the seed and the
coordinates, drawn the way TravianZ draws its map (reference ``world.json`` /
``oases.json``): one integer r in 1..1000 per square; r <= 900 picks one of the twelve
field layouts by the cumulative per-mille shares (4-4-4-6 31 %, ...); r > 900 is an
oasis (types 1..11 0.8 % each, type 12 1.2 %). ``(0, 0)`` and ``(400, 400)`` are fixed
4-4-4-6 squares. The reference makes no plain wilderness (its share is 0), so
``"wilderness"`` is a kind the type allows but this generator never draws; oases hold
their installation animals (``install_min..install_max`` per listed kind, uniform).
Only what changes (villages, touched oases) is stored by the village service.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

from rules.travian._data import load
from rules.travian.errors import RuleError
from rules.travian.ids import Animal, BuildingType
from rules.travian.resources import RESOURCE_NAMES, Resources

_WORLD = load("world.json")
_OASES = load("oases.json")

WORLD_RADIUS = 400
MAP_SIZE = 2 * WORLD_RADIUS + 1
DEFAULT_WORLD_SEED = 20261201  # the fixed default of WORLD_SEED
SquareKind = Literal["village", "oasis", "wilderness"]

_SLOT_TYPES = {int(code): BuildingType[name.upper()] for code, name in _WORLD["slot_codes"].items()}
# layout "wood-clay-iron-crop" -> the 18 field types of positions 1..18
_LAYOUT_FIELDS: dict[str, tuple[BuildingType, ...]] = {
    kind["layout"]: tuple(_SLOT_TYPES[code] for code in kind["slots_f1_f18"])
    for kind in _WORLD["field_kinds"]
}
LAYOUTS: tuple[str, ...] = tuple(_LAYOUT_FIELDS)
STANDARD_LAYOUT = "4-4-4-6"
_FIXED_SQUARES = frozenset({(0, 0), (WORLD_RADIUS, WORLD_RADIUS)})


def _oasis_name(bonus: Mapping[str, int]) -> str:
    """``wood``, ``wood_crop``, ``clay``, ``clay_crop``, ``iron``, ``iron_crop``, ``crop``,
    and ``crop2`` for the +50 % crop oasis."""
    kinds = [name for name in RESOURCE_NAMES if bonus.get(name)]
    if kinds == ["crop"] and bonus["crop"] == 50:
        return "crop2"
    return "_".join(kinds)


@dataclass(frozen=True, slots=True)
class _OasisKind:
    number: int  # TravianZ oasistype 1..12
    name: str
    bonus: Resources
    animals: tuple[tuple[Animal, int, int], ...]  # (animal, install_min, install_max)


_OASIS_KINDS: tuple[_OasisKind, ...] = tuple(
    _OasisKind(
        number=t["travianz_oasistype"],
        name=_oasis_name(t["bonus_percent"]),
        bonus=Resources.of(t["bonus_percent"]),
        animals=tuple(
            (Animal[a["animal"].upper()], a["install_min"], a["install_max"]) for a in t["animals"]
        ),
    )
    for t in _OASES["types"]
)
OASIS_TYPES: tuple[str, ...] = tuple(dict.fromkeys(k.name for k in _OASIS_KINDS))


def _cumulative() -> tuple[tuple[int, str | _OasisKind], ...]:
    """(upper bound of r, outcome) in draw order: layouts first, then oases."""
    table: list[tuple[int, str | _OasisKind]] = []
    upper = 0
    for kind in _WORLD["field_kinds"]:
        upper += round(kind["map_share_percent"] * 10)
        table.append((upper, kind["layout"]))
    for oasis, raw in zip(_OASIS_KINDS, _OASES["types"], strict=True):
        upper += round(raw["map_share_percent"] * 10)
        table.append((upper, oasis))
    if upper != 1000:  # the reference's shares must cover the whole draw
        raise AssertionError(f"world shares add up to {upper} per mille, not 1000")
    return tuple(table)


_DRAW_TABLE = _cumulative()


@dataclass(frozen=True, slots=True)
class Square:
    x: int
    y: int
    kind: SquareKind
    layout: str | None = None  # village squares: "wood-clay-iron-crop", e.g. "4-4-4-6"
    oasis_type: str | None = None  # oases: one of OASIS_TYPES
    oasis_bonus: Resources = Resources()  # percent per resource (0 unless an oasis)
    animals: Mapping[Animal, int] = field(default_factory=lambda: MappingProxyType({}))


def _check(value: int, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RuleError("INVALID_INPUT", f"{what} must be an integer, got {value!r}")
    if not -WORLD_RADIUS <= value <= WORLD_RADIUS:
        raise RuleError("INVALID_INPUT", f"{what} must be in -{WORLD_RADIUS}..{WORLD_RADIUS}")
    return value


def _hash(seed: int, x: int, y: int, salt: str) -> int:
    digest = hashlib.blake2b(f"{seed}:{x}:{y}:{salt}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def _uniform(seed: int, x: int, y: int, salt: str, low: int, high: int) -> int:
    """A deterministic integer in low..high (the modulo bias of a 64-bit hash is < 1e-15)."""
    return low + _hash(seed, x, y, salt) % (high - low + 1)


def wrap(value: int) -> int:
    """Any integer coordinate folded onto -400..400 (the map wraps at its edges)."""
    return (value + WORLD_RADIUS) % MAP_SIZE - WORLD_RADIUS


def square(seed: int, x: int, y: int) -> Square:
    """The generated square at (x, y); off-map coordinates are ``INVALID_INPUT``."""
    _check(x, "x")
    _check(y, "y")
    if (x, y) in _FIXED_SQUARES:
        return Square(x, y, "village", layout=STANDARD_LAYOUT)
    r = _uniform(seed, x, y, "kind", 1, 1000)
    outcome = next(value for upper, value in _DRAW_TABLE if r <= upper)
    if isinstance(outcome, str):
        return Square(x, y, "village", layout=outcome)
    animals = {}
    for animal, low, high in outcome.animals:
        count = _uniform(seed, x, y, f"animal:{int(animal)}", low, high) if high > low else low
        if count:
            animals[animal] = count
    return Square(
        x,
        y,
        "oasis",
        oasis_type=outcome.name,
        oasis_bonus=outcome.bonus,
        animals=MappingProxyType(animals),
    )


def field_types(layout: str) -> tuple[BuildingType, ...]:
    """The 18 field types of positions 1..18 for a layout such as ``"4-4-4-6"``."""
    try:
        return _LAYOUT_FIELDS[layout]
    except (KeyError, TypeError):
        raise RuleError("INVALID_INPUT", f"field layouts are {', '.join(LAYOUTS)}") from None


def window(seed: int, x: int, y: int, radius: int) -> list[Square]:
    """Every square within ``radius`` (in x and in y) of (x, y), wrapping at the edges.

    Rows from y - radius up to y + radius, each from x - radius to x + radius; a window
    never covers a square twice (radius <= 400)."""
    _check(x, "x")
    _check(y, "y")
    if isinstance(radius, bool) or not isinstance(radius, int) or not 0 <= radius <= WORLD_RADIUS:
        raise RuleError("INVALID_INPUT", f"radius must be an integer in 0..{WORLD_RADIUS}")
    return [
        square(seed, wrap(x + dx), wrap(y + dy))
        for dy in range(-radius, radius + 1)
        for dx in range(-radius, radius + 1)
    ]


def spiral_from_centre(start_ring: int = 0) -> Iterator[tuple[int, int]]:
    """Every square once, centre outwards: (0, 0), then ring after ring (ring k = the
    squares at Chebyshev distance k), each ring walked from its east side anticlockwise.
    New players take the first free 4-4-4-6 square of this order. ``start_ring`` begins
    at ring k (the same order from there on; ring k starts at index ``(2k - 1) ** 2``)."""
    if start_ring <= 0:
        yield (0, 0)
    for k in range(max(1, start_ring), WORLD_RADIUS + 1):
        # east side going up, north side going west, west side going down, south going east
        for y in range(-k + 1, k + 1):
            yield (k, y)
        for x in range(k - 1, -k - 1, -1):
            yield (x, k)
        for y in range(k - 1, -k - 1, -1):
            yield (-k, y)
        for x in range(-k + 1, k + 1):
            yield (x, -k)
