"""The deterministic AI at three difficulty levels: same state, seed and level, same actions.

``normal`` (the default) is the original policy: the best attacks first (kills, then
favourable trades, never a useless suicide), then every other unit moves: melee units
close in on enemy units and the enemy city (standing on it to capture it), ranged units
take spots at distance 2 away from enemy melee and hold still there while they bombard
a city.

``easy`` plays the same attacks but picks its moves almost at random, so its units
wander and arrive one by one: plain, sometimes poor choices.

``hard`` looks ahead: it plans the turn with each of a few candidate styles (muster
and keep together before pushing, focus fire, hunt ranged units, protect the cities),
plays the opponent's best-guess reply to each (the normal policy) and keeps the plan
whose resulting position scores best. Its work is bounded by a deterministic node
budget (simulated side-turns, :data:`HARD_NODE_BUDGET`), not by the clock, so replay
stays exact and the turn time stays far inside the service's budget.

Every level ends the turn, so the returned state is the human's turn (or a finished
game).
"""

from __future__ import annotations

import random
from dataclasses import replace
from typing import Any

from .game import check_turn, end_turn
from .policy import AI_STYLE, Style, play_turn
from .state import ACTIVE, FINISHED, GameState
from .units import UNIT_DEFS

EASY = "easy"
NORMAL = "normal"
HARD = "hard"
DIFFICULTIES = (EASY, NORMAL, HARD)
DEFAULT_DIFFICULTY = NORMAL

EASY_STYLE = replace(AI_STYLE, noise=1000.0)
HARD_STYLE = Style(
    muster=6, home_radius=5, cohesion=2, focus_fire=True, even_trades=False, hunt_ranged=True
)
# Candidate plans of a hard turn, best guess first (it is kept when the budget runs out).
HARD_CANDIDATES = (
    HARD_STYLE,
    replace(HARD_STYLE, muster=0),
    replace(HARD_STYLE, cohesion=0),
    replace(AI_STYLE, focus_fire=True, even_trades=False),
)
# Simulated side-turns per hard turn: each candidate costs two (its plan and the reply).
# A normal turn is under 1 ms at p99, so 8 nodes stay far inside the 500 ms budget.
HARD_NODE_BUDGET = 8
_WIN = 1_000_000.0


def turn_rng(state: GameState, participant_id: int, rng_seed: int | None = None) -> random.Random:
    """The tie-breaking RNG of one turn, derived from seed, rng version, turn and side.

    ``random.Random`` seeded with a str is stable across runs and Python versions
    (it hashes with SHA-512), unlike ``hash()``.
    """
    seed = state.rng_seed if rng_seed is None else rng_seed
    key = f"palisade.tactics:v{state.rng_version}:{seed}:{state.turn_no}:{participant_id}"
    return random.Random(key)


def evaluate(state: GameState, participant_id: int) -> float:
    """How good the position is for ``participant_id``: a won game, else material
    (unit hp weighted by attack, plus a bonus per unit) and city hp, own minus enemy."""
    if state.status == FINISHED:
        return _WIN if state.winner_participant_id == participant_id else -_WIN
    score = 0.0
    for u in state.units:
        value = u.hp * (1 + UNIT_DEFS[u.type_code].attack / 10) + 20
        score += value if u.owner == participant_id else -value
    for c in state.cities:
        value = c.hp * 2 + 200
        score += value if c.owner == participant_id else -value
    return score


def _hard_plan(
    state: GameState, pid: int, rng_seed: int | None
) -> tuple[GameState, list[dict[str, Any]]]:
    """The candidate plan whose position after the opponent's reply scores best."""
    best: tuple[float, GameState, list[dict[str, Any]]] | None = None
    nodes = 0
    for i, style in enumerate(HARD_CANDIDATES):
        if nodes + 2 > HARD_NODE_BUDGET and best is not None:
            break
        rng = turn_rng(state, pid, rng_seed)
        rng.seed(f"{rng.random()}:{i}")
        planned, actions = play_turn(state, pid, style, rng)
        nodes += 1
        after, _ = end_turn(planned, pid)
        if after.status == ACTIVE:
            opponent = after.active_participant_id
            after, _ = play_turn(after, opponent, AI_STYLE, turn_rng(after, opponent))
            after, _ = end_turn(after, opponent)
        nodes += 1
        score = evaluate(after, pid)
        if best is None or score > best[0]:
            best = (score, planned, actions)
    assert best is not None
    return best[1], best[2]


def plan_turn(
    state: GameState, participant_id: int, difficulty: str = DEFAULT_DIFFICULTY,
    rng_seed: int | None = None,
) -> tuple[GameState, list[dict[str, Any]]]:
    """Every move and attack of one turn at ``difficulty`` (the turn is not ended)."""
    if difficulty == HARD:
        return _hard_plan(state, participant_id, rng_seed)
    style = EASY_STYLE if difficulty == EASY else AI_STYLE
    return play_turn(state, participant_id, style, turn_rng(state, participant_id, rng_seed))


def ai_turn(
    state: GameState,
    ai_participant_id: int,
    rng_seed: int | None = None,
    difficulty: str = DEFAULT_DIFFICULTY,
) -> tuple[GameState, list[dict[str, Any]]]:
    """Play and end the AI's turn. Returns the new state and the actions taken.

    The last action is ``{"type": "end_turn", "participantId", "summary"}`` carrying
    the end-of-turn summary. Raises NOT_PLAYER_TURN when it is not the AI's turn.
    """
    check_turn(state, ai_participant_id)
    state, actions = plan_turn(state, ai_participant_id, difficulty, rng_seed)
    state, summary = end_turn(state, ai_participant_id)
    actions.append({"type": "end_turn", "participantId": ai_participant_id, "summary": summary})
    return state, actions
