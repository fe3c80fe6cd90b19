"""The AI: deterministic, kills first, no useless suicide, captures, keeps slingers safe."""

import pytest

from rules.tactics.ai import ai_turn
from rules.tactics.errors import RuleError
from rules.tactics.game import end_turn, new_game
from rules.tactics.scripted import scripted_turn
from rules.tactics.testing import AI_ID, HUMAN_ID, city, make_state, unit

FIELD = ["." * 12] * 7


def _midgame(seed: int, rounds: int = 8):
    """The default map after a few rounds of scripted human vs AI, AI to move."""
    s = new_game(rng_seed=seed)
    for _ in range(rounds):
        s, _ = scripted_turn(s, HUMAN_ID)
        s, _ = end_turn(s, HUMAN_ID)
        s, _ = ai_turn(s, AI_ID)
    s, _ = scripted_turn(s, HUMAN_ID)
    s, _ = end_turn(s, HUMAN_ID)
    return s


@pytest.mark.parametrize("seed", [0, 1, 42])
def test_same_state_and_seed_give_the_same_actions(seed: int) -> None:
    s = _midgame(seed)
    a_state, a_actions = ai_turn(s, AI_ID)
    b_state, b_actions = ai_turn(s, AI_ID)
    assert a_actions == b_actions
    assert a_state.to_dict() == b_state.to_dict()
    assert ai_turn(s, AI_ID, rng_seed=seed + 1000)[0].turn_no == a_state.turn_no


def test_ai_turn_ends_with_its_end_turn_and_summary() -> None:
    s, _ = end_turn(new_game(rng_seed=3), HUMAN_ID)
    s2, actions = ai_turn(s, AI_ID)
    assert actions[-1]["type"] == "end_turn" and actions[-1]["participantId"] == AI_ID
    assert actions[-1]["summary"]["nextParticipantId"] == HUMAN_ID
    assert s2.active_participant_id == HUMAN_ID and s2.turn_no == 2
    assert all(a["participantId"] == AI_ID for a in actions)


def test_ai_refuses_to_play_out_of_turn() -> None:
    with pytest.raises(RuleError) as e:
        ai_turn(new_game(), AI_ID)
    assert e.value.code == "NOT_PLAYER_TURN"


def test_ai_prefers_a_kill() -> None:
    s = make_state(
        FIELD,
        [
            unit(AI_ID, "warrior", 3, 5),
            unit(HUMAN_ID, "warrior", 3, 6),  # full health
            unit(HUMAN_ID, "warrior", 2, 5, hp=6),  # one hit kills it
        ],
        [city(HUMAN_ID, 3, 0), city(AI_ID, 3, 11)],
        active=AI_ID,
    )
    s2, actions = ai_turn(s, AI_ID)
    attacks = [a for a in actions if a["type"] == "attack"]
    assert attacks == [
        {"type": "attack", "participantId": AI_ID, "attackerUnitId": 1, "targetUnitId": 3}
    ]
    assert s2.unit(3) is None


def test_ai_avoids_useless_suicide() -> None:
    # Two AI warriors next to one fresh human warrior. The 5 hp one would hit for 6 (no
    # kill) and die to the counter (6): useless suicide. The fresh one survives the counter:
    # a fair trade. The AI attacks with the fresh one only (an AI that does nothing fails,
    # and so does one that attacks with both).
    s = make_state(
        FIELD,
        [unit(AI_ID, "warrior", 3, 5, hp=5), unit(HUMAN_ID, "warrior", 3, 6),
         unit(AI_ID, "warrior", 2, 6)],
        [city(HUMAN_ID, 3, 0), city(AI_ID, 3, 11)],
        active=AI_ID,
    )
    s2, actions = ai_turn(s, AI_ID)
    attacks = [(a["attackerUnitId"], a["targetUnitId"]) for a in actions if a["type"] == "attack"]
    assert attacks == [(3, 2)]
    assert s2.unit(1).hp == 5 and s2.unit(2).hp == 14


def test_ai_slinger_shoots_from_range_two() -> None:
    s = make_state(
        FIELD,
        [unit(AI_ID, "slinger", 3, 4), unit(HUMAN_ID, "warrior", 3, 6)],
        [city(HUMAN_ID, 3, 0), city(AI_ID, 3, 11)],
        active=AI_ID,
    )
    s2, actions = ai_turn(s, AI_ID)
    assert actions[0]["type"] == "attack"
    assert s2.unit(2).hp == 16  # 4 damage, no counter
    assert s2.unit(1).hp == 15


def test_ai_slinger_does_not_walk_next_to_enemy_melee() -> None:
    s = make_state(
        FIELD,
        [unit(AI_ID, "slinger", 3, 9), unit(HUMAN_ID, "warrior", 3, 5)],
        [city(HUMAN_ID, 3, 0), city(AI_ID, 6, 11)],
        active=AI_ID,
    )
    s2, _ = ai_turn(s, AI_ID)
    m = s2.map
    assert m.distance(s2.unit(1).tile_id, s2.unit(2).tile_id) >= 2
    assert s2.unit(1).tile_id != s.unit(1).tile_id  # it did advance


def test_ai_walks_a_warrior_onto_a_defenceless_city_and_captures_it() -> None:
    s = make_state(
        FIELD,
        [unit(AI_ID, "warrior", 3, 3), unit(HUMAN_ID, "slinger", 6, 6)],
        [city(HUMAN_ID, 3, 1, hp=0), city(AI_ID, 3, 11)],
        active=AI_ID,
    )
    s2, actions = ai_turn(s, AI_ID)
    assert {
        "type": "move",
        "participantId": AI_ID,
        "unitId": 1,
        "to": {"row": 3, "col": 1},
    } in actions
    assert s2.cities[0].owner == AI_ID
    assert s2.status == "finished" and s2.winner_participant_id == AI_ID


def test_ai_moves_towards_the_enemy() -> None:
    s = make_state(
        FIELD,
        [unit(AI_ID, "warrior", 3, 10)],
        [city(HUMAN_ID, 3, 0), city(AI_ID, 6, 11)],
        active=AI_ID,
    )
    s2, _ = ai_turn(s, AI_ID)
    m = s2.map
    human_city = s2.cities[0].tile_id
    assert (
        m.distance(s2.unit(1).tile_id, human_city) == m.distance(s.unit(1).tile_id, human_city) - 2
    )
