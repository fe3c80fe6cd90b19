"""The deterministic AI: same state and seed, same actions.

Its turn: the best attacks first (kills, then favourable trades, never a useless
suicide), then every other unit moves: melee units close in on enemy units and the
enemy city (standing on it to capture it), ranged units take spots at distance 2
away from enemy melee and hold still there while they bombard a city. Then it ends
the turn, so the returned state is the human's turn (or a finished game).
"""

from __future__ import annotations

import random
from typing import Any

from .game import check_turn, end_turn
from .policy import AI_STYLE, Style, play_turn
from .state import GameState


def turn_rng(state: GameState, participant_id: int, rng_seed: int | None = None) -> random.Random:
    """The tie-breaking RNG of one turn, derived from seed, rng version, turn and side.

    ``random.Random`` seeded with a str is stable across runs and Python versions
    (it hashes with SHA-512), unlike ``hash()``.
    """
    seed = state.rng_seed if rng_seed is None else rng_seed
    key = f"palisade.tactics:v{state.rng_version}:{seed}:{state.turn_no}:{participant_id}"
    return random.Random(key)


def ai_turn(
    state: GameState,
    ai_participant_id: int,
    rng_seed: int | None = None,
    style: Style = AI_STYLE,
) -> tuple[GameState, list[dict[str, Any]]]:
    """Play and end the AI's turn. Returns the new state and the actions taken.

    The last action is ``{"type": "end_turn", "participantId", "summary"}`` carrying
    the end-of-turn summary. Raises NOT_PLAYER_TURN when it is not the AI's turn.
    """
    check_turn(state, ai_participant_id)
    rng = turn_rng(state, ai_participant_id, rng_seed)
    state, actions = play_turn(state, ai_participant_id, style, rng)
    state, summary = end_turn(state, ai_participant_id)
    actions.append({"type": "end_turn", "participantId": ai_participant_id, "summary": summary})
    return state, actions
