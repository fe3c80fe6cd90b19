"""Invariants under arbitrary sequences of legal and illegal actions (Hypothesis)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rules.tactics.ai import ai_turn
from rules.tactics.errors import RuleError
from rules.tactics.game import attack, end_turn, move, new_game
from rules.tactics.state import GameState
from rules.tactics.testing import AI_ID, HUMAN_ID, city, make_state, unit
from rules.tactics.units import UNIT_DEFS

SKIRMISH_ROWS = [
    "..........",
    "..f..~....",
    "..h..~..h.",
    ".....^....",
    "..........",
    "..........",
]


def _skirmish() -> GameState:
    """A crowded small board: every kind of action is possible from the first step."""
    return make_state(
        SKIRMISH_ROWS,
        [
            unit(HUMAN_ID, "warrior", 2, 3),
            unit(HUMAN_ID, "slinger", 3, 2),
            unit(HUMAN_ID, "warrior", 4, 4, hp=7),
            unit(AI_ID, "warrior", 2, 4),
            unit(AI_ID, "slinger", 3, 6),
            unit(AI_ID, "warrior", 4, 5),
            unit(AI_ID, "warrior", 1, 7, hp=3),
        ],
        [city(HUMAN_ID, 2, 1, hp=9, iron=8), city(AI_ID, 3, 8, hp=4, stone=9)],
        resources={(1, 1): ("iron", 3), (2, 8): ("stone", 2)},
    )


def _check_invariants(state: GameState) -> None:
    m = state.map
    tiles = [u.tile_id for u in state.units]
    assert len(tiles) == len(set(tiles)), "two units on one tile"
    for u in state.units:
        assert m.passable[u.tile_id]
        assert 0 < u.hp <= UNIT_DEFS[u.type_code].health, "dead units are removed"
        assert not state.participant(u.owner).eliminated
    for c in state.cities:
        assert 0 <= c.hp <= c.max_hp
        assert c.iron >= 0 and c.stone >= 0
    ids = [u.id for u in state.units]
    assert ids == sorted(ids) and all(i < state.next_unit_id for i in ids)


step = st.one_of(
    st.tuples(
        st.just("move"), st.integers(0, 9), st.integers(-1, 15), st.integers(-1, 20), st.booleans()
    ),
    st.tuples(st.just("attack"), st.integers(0, 9), st.integers(0, 9), st.booleans()),
    st.tuples(st.just("end_turn"), st.booleans()),
    st.tuples(st.just("ai")),
)


def _apply(state: GameState, s: tuple) -> GameState:
    kind = s[0]
    units = state.units
    active = state.active_participant_id
    # The last flag (where present) makes the wrong participant act: NOT_PLAYER_TURN.
    actor = (HUMAN_ID + AI_ID - active) if len(s) > 1 and s[-1] else active
    if kind == "move" and units:
        return move(state, actor, units[s[1] % len(units)].id, (s[2], s[3]))
    if kind == "attack" and units:
        return attack(state, actor, units[s[1] % len(units)].id, units[s[2] % len(units)].id)
    if kind == "end_turn":
        return end_turn(state, actor)[0]
    if kind == "ai" and state.participant(active).kind == "ai":
        return ai_turn(state, active)[0]
    return state


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    start=st.sampled_from(["skirmish", "new_game"]),
    seed=st.integers(0, 2**16),
    steps=st.lists(step, max_size=40),
)
def test_invariants_hold_after_any_action_sequence(start: str, seed: int, steps: list) -> None:
    state = _skirmish() if start == "skirmish" else new_game(rng_seed=seed)
    _check_invariants(state)
    for s in steps:
        before = state.to_dict()
        turn_before = state.turn_no
        try:
            state = _apply(state, s)
        except RuleError:
            assert state.to_dict() == before, "a rejected action changed the state"
            continue
        assert state.turn_no >= turn_before, "turn numbers only increase"
        _check_invariants(state)
        if state.status == "finished":
            assert state.winner_participant_id in (HUMAN_ID, AI_ID)
            break
