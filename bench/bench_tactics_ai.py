"""Time of one AI turn of the tactics game, beside a same-run baseline.

Run: .venv/bin/python bench/bench_tactics_ai.py [--turns 1000]

1. Played games: the scripted human against the AI on the default map, a new game
   (next seed) whenever one finishes, until the AI has played ``--turns`` turns.
2. Crowded board: the AI's turn on the default map with 30 units a side, from
   ``--turns`` different positions.
Baseline: a bare breadth-first search over the whole map from one tile, repeated the
same number of times. The budget is 50 ms at p99 per AI turn; the ratio to the
baseline is what to compare across machines. Wall-clock and CPU (thread) time are
both shown: on a loaded machine the wall-clock tail includes time spent descheduled.
No assertions: this only prints.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections import deque
from collections.abc import Callable
from dataclasses import replace
from typing import Any, TypeVar

from rules.tactics.ai import ai_turn
from rules.tactics.game import end_turn, new_game
from rules.tactics.maps import DEFAULT_MAP
from rules.tactics.scripted import scripted_turn
from rules.tactics.state import GameState, Unit

HUMAN, AI = 1, 2
T = TypeVar("T")


def _percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


Sample = tuple[float, float]  # (wall seconds, cpu seconds)


def _timed(fn: Callable[..., T], *args: Any) -> tuple[T, Sample]:
    """Call ``fn(*args)``; return its result and (wall, cpu) seconds."""
    w0, c0 = time.perf_counter(), time.thread_time()
    result = fn(*args)
    return result, (time.perf_counter() - w0, time.thread_time() - c0)


def _report(label: str, samples: list[Sample], extra: str = "") -> None:
    for clock, idx in (("wall", 0), ("cpu", 1)):
        ms = [s[idx] * 1000 for s in samples]
        print(
            f"{label:<32} {clock:<4} n={len(ms):>5}  p50={_percentile(ms, 0.50):7.3f} ms  "
            f"p99={_percentile(ms, 0.99):7.3f} ms  max={max(ms):7.3f} ms  "
            f"mean={statistics.fmean(ms):7.3f} ms {extra if idx == 0 else ''}"
        )


def played_games(turns: int) -> tuple[list[Sample], int, int]:
    """AI turn times over played games; also the games started and the most units a
    side had when the AI moved."""
    samples: list[Sample] = []
    seed = 0
    games = 1
    most_units = 0
    state = new_game(rng_seed=seed)
    while len(samples) < turns:
        if state.status != "active":
            seed += 1
            games += 1
            state = new_game(rng_seed=seed)
        state, _ = scripted_turn(state, HUMAN)
        state, _ = end_turn(state, HUMAN)
        if state.status != "active":
            continue
        most_units = max(most_units, len(state.units_of(HUMAN)), len(state.units_of(AI)))
        (state, _), sample = _timed(ai_turn, state, AI)
        samples.append(sample)
    return samples, games, most_units


def crowded_state(seed: int, per_side: int = 30) -> GameState:
    """Default map, 30 units a side placed at random in each side's half."""
    rng = random.Random(seed)
    base = new_game(rng_seed=seed)
    m = DEFAULT_MAP
    taken = {c.tile_id for c in base.cities}
    units: list[Unit] = []
    for owner, cols in ((HUMAN, range(0, 10)), (AI, range(10, 20))):
        free = [
            m.tile_id(r, c)
            for r in range(m.height)
            for c in cols
            if m.passable[m.tile_id(r, c)] and m.tile_id(r, c) not in taken
        ]
        for tile in rng.sample(free, per_side):
            code = "warrior" if rng.random() < 0.6 else "slinger"
            units.append(
                Unit(len(units) + 1, owner, code, 20 if code == "warrior" else 15, False, tile)
            )
            taken.add(tile)
    state = replace(base, units=tuple(units), next_unit_id=len(units) + 1)
    state, _ = end_turn(state, HUMAN)  # AI to move
    return state


def crowded(turns: int) -> list[Sample]:
    samples = []
    for seed in range(turns):
        state = crowded_state(seed)
        samples.append(_timed(ai_turn, state, AI)[1])
    return samples


def _bfs(neighbours: tuple[tuple[int, ...], ...], start: int) -> int:
    seen = {start}
    queue = deque([start])
    while queue:
        tile = queue.popleft()
        for nxt in neighbours[tile]:
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return len(seen)


def bfs_baseline(turns: int) -> list[Sample]:
    """A bare BFS over the passable tiles of the default map, no game logic."""
    m = DEFAULT_MAP
    neighbours = m.passable_neighbours
    start = m.tile_id(*m.starts[0].city)
    return [_timed(_bfs, neighbours, start)[1] for _ in range(turns)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--turns", type=int, default=1000)
    args = parser.parse_args()

    played, games, most_units = played_games(args.turns)
    crowd = crowded(args.turns)
    baseline = bfs_baseline(args.turns)

    base_p50 = _percentile([b[0] for b in baseline], 0.5)
    print(f"tactics AI turn, default map {DEFAULT_MAP.width}x{DEFAULT_MAP.height}")
    _report("AI turn, played games", played, f"({games} games, up to {most_units} units a side)")
    _report("AI turn, crowded board 30 v 30", crowd)
    _report("baseline: bare BFS over the map", baseline)
    played_p50 = _percentile([p[0] for p in played], 0.5)
    crowd_p50 = _percentile([c[0] for c in crowd], 0.5)
    print(
        f"wall p50 / baseline p50: played {played_p50 / base_p50:.1f}x, "
        f"crowded {crowd_p50 / base_p50:.1f}x; budget 50 ms at p99"
    )


if __name__ == "__main__":
    main()
