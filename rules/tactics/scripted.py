"""A deterministic, simple "scripted human" to play the AI with (tests, bench, e2e).

Its plan: fight whatever comes near home until it has ``MUSTER`` units, then march
on the enemy city with the whole group, keep bombarding it and walk a warrior onto
it to capture it. Concentrating before attacking is what beats the AI, which sends
its units forward one by one as they are produced.

For a game driven from outside (over HTTP or gRPC): rebuild the rules state from
what the server answered, call :func:`scripted_human_actions`, and send the actions in
order (the last one is the end turn); every action is legal in sequence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .ai import DEFAULT_DIFFICULTY, turn_rng
from .game import end_turn
from .policy import Style, play_turn
from .replay import run_ai_turns
from .state import ACTIVE, HUMAN, GameState

MUSTER = 6
HUMAN_STYLE = Style(
    muster=MUSTER,
    home_radius=5,
    cohesion=2,
    focus_fire=True,
    even_trades=False,
    hunt_ranged=True,
)
DEFAULT_MAX_ROUNDS = 150


def scripted_turn(state: GameState, participant_id: int) -> tuple[GameState, list[dict[str, Any]]]:
    """The scripted side's moves and attacks for this turn (the turn is not ended)."""
    return play_turn(state, participant_id, HUMAN_STYLE, turn_rng(state, participant_id))


def scripted_human_actions(state: GameState, participant_id: int) -> list[dict[str, Any]]:
    """This turn's actions for the scripted side, ending with its end_turn action."""
    _, actions = scripted_turn(state, participant_id)
    return [*actions, {"type": "end_turn", "participantId": participant_id}]


@dataclass
class GameRecord:
    """A played game: its final state, the human's action log, and the AI's actions."""

    final_state: GameState
    human_actions: list[dict[str, Any]] = field(default_factory=list)
    ai_actions: list[dict[str, Any]] = field(default_factory=list)
    rounds: int = 0


def play_scripted_game(
    initial_state: GameState,
    max_rounds: int = DEFAULT_MAX_ROUNDS,
    difficulty: str = DEFAULT_DIFFICULTY,
) -> GameRecord:
    """Scripted human against the AI from ``initial_state`` until the game ends or
    ``max_rounds`` turn numbers have passed."""
    human = next(p.id for p in initial_state.participants if p.kind == HUMAN)
    state, ai_actions = run_ai_turns(initial_state, difficulty)
    record = GameRecord(final_state=state, ai_actions=ai_actions)
    while state.status == ACTIVE and state.turn_no <= max_rounds:
        state, actions = scripted_turn(state, human)
        record.human_actions.extend(actions)
        state, _ = end_turn(state, human)
        record.human_actions.append({"type": "end_turn", "participantId": human})
        state, ai_actions = run_ai_turns(state, difficulty)
        record.ai_actions.extend(ai_actions)
        record.rounds += 1
    record.final_state = state
    return record
