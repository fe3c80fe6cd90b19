"""Map content and grid geometry.

Maps are plain data: the tactics service seeds ``app.maps`` and ``app.map_tiles``
from :func:`map_metadata` and :func:`map_tiles` in a migration. Geometry (tile ids,
neighbours, distances) lives here too, so that pathfinding, range checks and the AI
agree on one topology, the one ``GET /maps/{code}`` reports as ``topology``.

Tile ids are ``row * width + col + 1`` (1-based, row-major, row 0 at the top).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PASSABLE_TERRAINS: tuple[str, ...] = ("plains", "forest", "hills")
IMPASSABLE_TERRAINS: tuple[str, ...] = ("water", "mountain")

# Square grid, 8-neighbourhood; every step (straight or diagonal) costs 1, so the
# Chebyshev distance is both the range metric and a lower bound of the path length.
TOPOLOGY: dict[str, Any] = {
    "kind": "square",
    "neighbours": 8,
    "rangeMetric": "chebyshev",
    "moveCost": 1,
    "diagonalCornerCutting": True,
    "passable": list(PASSABLE_TERRAINS),
    "impassable": list(IMPASSABLE_TERRAINS),
    "tileId": "row * width + col + 1",
}

# Neighbour order is fixed (N, NE, E, SE, S, SW, W, NW) so every search is deterministic.
_STEPS: tuple[tuple[int, int], ...] = (
    (-1, 0),
    (-1, 1),
    (0, 1),
    (1, 1),
    (1, 0),
    (1, -1),
    (0, -1),
    (-1, -1),
)

_TERRAIN_BY_CHAR = {".": "plains", "f": "forest", "h": "hills", "~": "water", "^": "mountain"}


@dataclass(frozen=True)
class StartDef:
    """Where one side starts: its city and its units (unit code, (row, col))."""

    kind: str
    city: tuple[int, int]
    units: tuple[tuple[str, tuple[int, int]], ...]


@dataclass(frozen=True)
class MapDef:
    """A fixed map. ``terrain`` and ``resources`` are indexed by tile id (index 0 unused)."""

    id: int
    code: str
    schema_version: int
    width: int
    height: int
    terrain: tuple[str, ...]
    resources: dict[int, tuple[str, int]]
    starts: tuple[StartDef, ...]
    passable: tuple[bool, ...] = field(init=False, repr=False, compare=False)
    neighbours: tuple[tuple[int, ...], ...] = field(init=False, repr=False, compare=False)
    passable_neighbours: tuple[tuple[int, ...], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        n = self.width * self.height
        if len(self.terrain) != n + 1:
            raise ValueError("terrain must have width*height entries plus the unused index 0")
        passable = tuple(i > 0 and self.terrain[i] in PASSABLE_TERRAINS for i in range(n + 1))
        neighbours: list[tuple[int, ...]] = [()]
        for tid in range(1, n + 1):
            row, col = self.row_col(tid)
            around = []
            for dr, dc in _STEPS:
                r, c = row + dr, col + dc
                if 0 <= r < self.height and 0 <= c < self.width:
                    around.append(r * self.width + c + 1)
            neighbours.append(tuple(around))
        object.__setattr__(self, "rows", (-1, *(self.row_col(t)[0] for t in range(1, n + 1))))
        object.__setattr__(self, "cols", (-1, *(self.row_col(t)[1] for t in range(1, n + 1))))
        object.__setattr__(self, "passable", passable)
        object.__setattr__(self, "neighbours", tuple(neighbours))
        object.__setattr__(
            self,
            "passable_neighbours",
            tuple(tuple(t for t in ts if passable[t]) for ts in neighbours),
        )

    @property
    def tile_count(self) -> int:
        return self.width * self.height

    def tile_id(self, row: int, col: int) -> int:
        """Tile id of (row, col); raises ValueError outside the map."""
        if not self.in_bounds(row, col):
            raise ValueError(f"({row}, {col}) is outside the map")
        return row * self.width + col + 1

    def in_bounds(self, row: int, col: int) -> bool:
        return 0 <= row < self.height and 0 <= col < self.width

    def row_col(self, tile_id: int) -> tuple[int, int]:
        return divmod(tile_id - 1, self.width)

    def distance(self, a: int, b: int) -> int:
        """Chebyshev distance between two tiles: the range metric."""
        dr = self.rows[a] - self.rows[b]
        dc = self.cols[a] - self.cols[b]
        if dr < 0:
            dr = -dr
        if dc < 0:
            dc = -dc
        return dr if dr > dc else dc

    def tiles_within(self, center: int, radius: int) -> tuple[int, ...]:
        """All in-bounds tiles within ``radius`` of ``center`` (any terrain), by id."""
        row, col = self.row_col(center)
        out = []
        for r in range(max(0, row - radius), min(self.height, row + radius + 1)):
            for c in range(max(0, col - radius), min(self.width, col + radius + 1)):
                out.append(r * self.width + c + 1)
        return tuple(out)


def map_from_ascii(
    *,
    map_id: int,
    code: str,
    rows: list[str],
    resources: dict[tuple[int, int], tuple[str, int]],
    starts: tuple[StartDef, ...],
    schema_version: int = 1,
) -> MapDef:
    """Build a map from rows of terrain characters (``. f h ~ ^``); used for tests too."""
    height = len(rows)
    width = len(rows[0])
    terrain = [""]
    for row in rows:
        if len(row) != width:
            raise ValueError("all rows must have the same width")
        terrain.extend(_TERRAIN_BY_CHAR[ch] for ch in row)
    by_id = {r * width + c + 1: res for (r, c), res in resources.items()}
    return MapDef(
        id=map_id,
        code=code,
        schema_version=schema_version,
        width=width,
        height=height,
        terrain=tuple(terrain),
        resources=by_id,
        starts=starts,
    )


def _mirrored(left_half: list[str]) -> list[str]:
    return [half + half[::-1] for half in left_half]


# The default map: left half drawn here, right half is its mirror image, so neither
# side has a terrain advantage. A lake splits the centre; the fronts run north and south
# of it. Each city has one iron and one stone tile within its radius.
_DEFAULT_LEFT = [
    "...ff...^^",  # 0
    "..fff....^",  # 1
    "........h.",  # 2
    ".h..ff....",  # 3
    ".hh.......",  # 4
    "...h..^..~",  # 5
    "......^..~",  # 6
    "......f..~",  # 7  human city at (7, 2)
    "..f...^..~",  # 8
    ".h....^..~",  # 9
    ".hh.......",  # 10
    ".h..ff....",  # 11
    "........h.",  # 12
    "..fff....^",  # 13
    "...ff...^^",  # 14
]
_DEFAULT_RESOURCES_LEFT: dict[tuple[int, int], tuple[str, int]] = {
    (5, 3): ("iron", 3),  # within the human city's radius
    (9, 1): ("stone", 2),  # within the human city's radius
    (3, 1): ("iron", 2),  # out of reach of the start city
    (10, 2): ("stone", 2),
    (2, 8): ("stone", 3),
    (12, 8): ("iron", 3),
}


def _default_map() -> MapDef:
    width = 20
    resources: dict[tuple[int, int], tuple[str, int]] = {}
    for (r, c), res in _DEFAULT_RESOURCES_LEFT.items():
        resources[(r, c)] = res
        resources[(r, width - 1 - c)] = res
    return map_from_ascii(
        map_id=1,
        code="default",
        rows=_mirrored(_DEFAULT_LEFT),
        resources=resources,
        starts=(
            StartDef("human", (7, 2), (("warrior", (7, 3)), ("slinger", (6, 3)))),
            StartDef("ai", (7, 17), (("warrior", (7, 16)), ("slinger", (6, 16)))),
        ),
    )


DEFAULT_MAP = _default_map()
MAPS: dict[str, MapDef] = {DEFAULT_MAP.code: DEFAULT_MAP}


def map_metadata(map_def: MapDef) -> dict[str, Any]:
    """The ``GET /maps/{code}`` body (the service adds ETag headers)."""
    return {
        "id": map_def.id,
        "code": map_def.code,
        "schemaVersion": map_def.schema_version,
        "width": map_def.width,
        "height": map_def.height,
        "topology": dict(TOPOLOGY),
    }


def map_tiles(map_def: MapDef) -> list[dict[str, Any]]:
    """Every tile as a ``GET /maps/{code}/tiles`` item, ordered by id."""
    out = []
    for tid in range(1, map_def.tile_count + 1):
        row, col = map_def.row_col(tid)
        res = map_def.resources.get(tid)
        out.append(
            {
                "id": tid,
                "row": row,
                "col": col,
                "terrain": map_def.terrain[tid],
                "resourceType": res[0] if res else None,
                "resourceAmount": res[1] if res else 0,
            }
        )
    return out
