"""Action logs: apply one recorded action, or replay a whole log from an initial state.

A log holds the human's accepted actions as dicts::

    {"type": "move", "participantId": 1, "unitId": 3, "to": {"row": 7, "col": 5}}
    {"type": "attack", "participantId": 1, "attackerUnitId": 3, "targetUnitId": 4}
    {"type": "end_turn", "participantId": 1}

AI turns are not needed in the log: after each end_turn that hands the game to an AI,
replay recomputes the AI's turn (deterministic), so the same initial state and log
give the same final state. AI entries found in a log are skipped for that reason.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .ai import DEFAULT_DIFFICULTY, ai_turn
from .errors import INVALID_INPUT, RuleError
from .game import attack, end_turn, move
from .state import ACTIVE, AI, GameState


def apply_action(
    state: GameState, action: dict[str, Any]
) -> tuple[GameState, dict[str, Any] | None]:
    """Apply one action dict; returns the new state and, for end_turn, its summary."""
    kind = action.get("type")
    pid = int(action["participantId"])
    if kind == "move":
        return move(state, pid, int(action["unitId"]), action["to"]), None
    if kind == "attack":
        return attack(state, pid, int(action["attackerUnitId"]), int(action["targetUnitId"])), None
    if kind == "end_turn":
        return end_turn(state, pid)
    raise RuleError(INVALID_INPUT, f"unknown action type {kind!r}")


def run_ai_turns(
    state: GameState, difficulty: str = DEFAULT_DIFFICULTY
) -> tuple[GameState, list[dict[str, Any]]]:
    """While the game is on and an AI is to move, play its turn (the end-turn chain)."""
    actions: list[dict[str, Any]] = []
    while state.status == ACTIVE:
        active = state.participant(state.active_participant_id)
        if active is None or active.kind != AI:
            break
        state, taken = ai_turn(state, active.id, difficulty=difficulty)
        actions.extend(taken)
    return state, actions


def replay(
    initial_state: GameState,
    actions: Iterable[dict[str, Any]],
    difficulty: str = DEFAULT_DIFFICULTY,
) -> GameState:
    """Re-apply a log of human actions, recomputing every AI turn; returns the final state.

    Raises the RuleError of the first action the rules reject (a log holds only
    accepted actions, so that means the log does not belong to this initial state).
    """
    state, _ = run_ai_turns(initial_state, difficulty)
    ai_ids = {p.id for p in initial_state.participants if p.kind == AI}
    for action in actions:
        if int(action["participantId"]) in ai_ids:
            continue
        state, _ = apply_action(state, action)
        if action.get("type") == "end_turn":
            state, _ = run_ai_turns(state, difficulty)
    return state
