"""Tournament of the tactics AI levels: each level against each other and the scripted human.

Run: .venv/bin/python bench/bench_tactics_tournament.py [--games 40] [--max-rounds 150]

For every pairing, ``--games`` seeded games on the default map (seeds 0..n-1); the two
sides swap seats every other game, so neither always moves first. A game still going
after ``--max-rounds`` turn numbers is a draw. Prints win/draw/loss of the first-named
side and, per level, its turn time p50/p99 (wall clock, over every turn it played).
No assertions: this only prints.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from rules.tactics.ai import DIFFICULTIES, plan_turn
from rules.tactics.game import end_turn, new_game
from rules.tactics.maps import DEFAULT_MAP
from rules.tactics.scripted import scripted_turn
from rules.tactics.state import ACTIVE, GameState

SCRIPTED = "scripted"
Player = Callable[[GameState, int], tuple[GameState, list[dict[str, Any]]]]


def _player(level: str) -> Player:
    if level == SCRIPTED:
        return scripted_turn
    return lambda state, pid: plan_turn(state, pid, level)


def play(seed: int, first: str, second: str, max_rounds: int,
         times: dict[str, list[float]]) -> str | None:
    """One game: ``first`` in seat 1 (the human's), ``second`` in seat 2; the winner's
    level (None for a draw)."""
    state = new_game(DEFAULT_MAP, rng_seed=seed, rng_version=1, human_user_id="bench")
    seats = {p.id: lvl for p, lvl in zip(state.participants, (first, second), strict=True)}
    while state.status == ACTIVE and state.turn_no <= max_rounds:
        pid = state.active_participant_id
        level = seats[pid]
        started = time.perf_counter()
        state, _ = _player(level)(state, pid)
        state, _ = end_turn(state, pid)
        times[level].append((time.perf_counter() - started) * 1000)
    if state.status == ACTIVE or state.winner_participant_id is None:
        return None
    return seats[state.winner_participant_id]


def _pct(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--games", type=int, default=40, help="games per pairing")
    parser.add_argument("--max-rounds", type=int, default=150)
    args = parser.parse_args()
    levels = [*DIFFICULTIES, SCRIPTED]
    pairs = [(a, b) for i, a in enumerate(levels) for b in levels[i + 1:]]
    times: dict[str, list[float]] = defaultdict(list)
    print(f"{args.games} games per pairing, {args.games * len(pairs)} games in all, "
          f"default map, draw after {args.max_rounds} turns")
    print(f"| {'pairing (A vs B)':<22} | A wins | draws | B wins |")
    print(f"|{'-' * 24}|--------|-------|--------|")
    for a, b in pairs:
        tally = {a: 0, b: 0, None: 0}
        for seed in range(args.games):
            first, second = (a, b) if seed % 2 == 0 else (b, a)
            tally[play(seed, first, second, args.max_rounds, times)] += 1
        n = args.games
        print(f"| {a + ' vs ' + b:<22} | {tally[a] / n:6.0%} | {tally[None] / n:5.0%} | "
              f"{tally[b] / n:6.0%} |")
    print()
    print("| level    | turns | p50 ms | p99 ms |")
    print("|----------|-------|--------|--------|")
    for level in levels:
        ms = times[level]
        print(f"| {level:<8} | {len(ms):>5} | {_pct(ms, 0.5):6.2f} | {_pct(ms, 0.99):6.2f} |")


if __name__ == "__main__":
    main()
