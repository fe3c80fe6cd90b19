"""A* and bounded reachability on the map's 8-neighbour grid, uniform step cost 1.

Blocked tiles (enemy units) can be neither crossed nor entered; friendly units can be
crossed. Whether the destination may be *ended on* (1UPT) is the caller's rule.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Collection

from .maps import MapDef


def find_path(
    map_def: MapDef,
    start: int,
    goal: int,
    blocked: Collection[int],
    max_cost: int | None = None,
) -> list[int] | None:
    """Shortest path ``[start, ..., goal]`` or None; ties broken by tile id (deterministic).

    With ``max_cost`` the search prunes every node whose optimistic total exceeds it,
    so a far goal costs little to reject.
    """
    if start == goal:
        return [start]
    if not map_def.passable[goal] or goal in blocked:
        return None
    h0 = map_def.distance(start, goal)
    if max_cost is not None and h0 > max_cost:
        return None
    came_from: dict[int, int] = {}
    g_score: dict[int, int] = {start: 0}
    frontier: list[tuple[int, int, int]] = [(h0, 0, start)]
    while frontier:
        _, g, tile = heapq.heappop(frontier)
        if tile == goal:
            path = [tile]
            while tile in came_from:
                tile = came_from[tile]
                path.append(tile)
            path.reverse()
            return path
        if g > g_score.get(tile, g):
            continue
        ng = g + 1
        for nxt in map_def.passable_neighbours[tile]:
            if nxt in blocked:
                continue
            if ng >= g_score.get(nxt, ng + 1):
                continue
            f = ng + map_def.distance(nxt, goal)
            if max_cost is not None and f > max_cost:
                continue
            g_score[nxt] = ng
            came_from[nxt] = tile
            heapq.heappush(frontier, (f, ng, nxt))
    return None


def reachable(
    map_def: MapDef, start: int, blocked: Collection[int], max_cost: int
) -> dict[int, int]:
    """Every tile reachable within ``max_cost`` steps (start included) -> its step cost."""
    cost = {start: 0}
    queue = deque([start])
    while queue:
        tile = queue.popleft()
        c = cost[tile]
        if c >= max_cost:
            continue
        for nxt in map_def.passable_neighbours[tile]:
            if nxt not in cost and nxt not in blocked:
                cost[nxt] = c + 1
                queue.append(nxt)
    return cost


def distance_field(map_def: MapDef, sources: Collection[int]) -> list[int]:
    """Steps from every tile to the nearest source over passable terrain, ignoring units.

    Index = tile id; unreachable tiles get a large number. Used by the AI to walk
    towards targets; sources may themselves be impassable-free city or unit tiles.
    """
    far = map_def.tile_count * 4
    dist = [far] * (map_def.tile_count + 1)
    queue: deque[int] = deque()
    for s in sorted(set(sources)):
        dist[s] = 0
        queue.append(s)
    while queue:
        tile = queue.popleft()
        d = dist[tile] + 1
        for nxt in map_def.passable_neighbours[tile]:
            if dist[nxt] > d:
                dist[nxt] = d
                queue.append(nxt)
    return dist
