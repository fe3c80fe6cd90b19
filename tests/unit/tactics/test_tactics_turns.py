"""End of turn: siege, capture, elimination, regen, harvest, production, hand-over."""

import pytest

from rules.tactics.errors import RuleError
from rules.tactics.game import CAPTURE_HP, CITY_MAX_HP, end_turn, move, new_game
from rules.tactics.testing import AI_ID, HUMAN_ID, city, make_state, unit

# Open field; the human city at (3, 3) owns rows/cols 1..5 (radius 2). The AI's city far
# to the east only keeps the AI in the game (a side without cities is eliminated).
FIELD = ["." * 12] * 7
AI_HOME = city(AI_ID, 3, 11)
IRON = (3, 5)  # distance 2 from the centre: inside the city's tiles
STONE = (1, 1)  # distance 2: inside
FAR_IRON = (3, 6)  # distance 3: outside
RES = {IRON: ("iron", 3), STONE: ("stone", 2), FAR_IRON: ("iron", 5)}


def _city_report(summary: dict, city_id: int = 1) -> dict:
    return next(c for c in summary["cities"] if c["cityId"] == city_id)


# --- regeneration -------------------------------------------------------------------


def test_city_regenerates_four_hp() -> None:
    s = make_state(FIELD, cities=[city(HUMAN_ID, 3, 3, hp=10), AI_HOME])
    s2, summary = end_turn(s, HUMAN_ID)
    assert s2.cities[0].hp == 14
    assert _city_report(summary)["regen"] == 4 and not _city_report(summary)["underSiege"]


def test_regeneration_is_capped_at_max_hp() -> None:
    s = make_state(FIELD, cities=[city(HUMAN_ID, 3, 3, hp=CITY_MAX_HP - 1), AI_HOME])
    s2, summary = end_turn(s, HUMAN_ID)
    assert s2.cities[0].hp == CITY_MAX_HP
    assert _city_report(summary)["regen"] == 1


def test_city_under_siege_regenerates_two_hp() -> None:
    # An enemy unit within distance 2 of the city tile besieges it.
    s = make_state(FIELD, [unit(AI_ID, "warrior", 1, 5)], [city(HUMAN_ID, 3, 3, hp=10), AI_HOME])
    s2, summary = end_turn(s, HUMAN_ID)
    assert s2.cities[0].hp == 12
    assert _city_report(summary)["underSiege"]


def test_enemy_beyond_siege_reach_does_not_besiege() -> None:
    s = make_state(FIELD, [unit(AI_ID, "warrior", 0, 6)], [city(HUMAN_ID, 3, 3, hp=10), AI_HOME])
    s2, _ = end_turn(s, HUMAN_ID)
    assert s2.cities[0].hp == 14


def test_only_the_ending_sides_cities_regenerate() -> None:
    s = make_state(["." * 14] * 7, cities=[city(HUMAN_ID, 3, 3), city(AI_ID, 3, 10, hp=5)])
    s2, _ = end_turn(s, HUMAN_ID)
    assert s2.cities[1].hp == 5
    s3, _ = end_turn(s2, AI_ID)
    assert s3.cities[1].hp == 9


# --- harvest ------------------------------------------------------------------------


def test_harvest_collects_resource_tiles_within_radius_two() -> None:
    s = make_state(FIELD, cities=[city(HUMAN_ID, 3, 3), AI_HOME], resources=RES)
    s2, summary = end_turn(s, HUMAN_ID)
    c = s2.cities[0]
    assert (c.iron, c.stone) == (3, 2)  # FAR_IRON (distance 3) does not count
    assert _city_report(summary)["harvest"] == {"iron": 3, "stone": 2}


def test_harvest_without_siege_counts_occupied_tiles() -> None:
    s = make_state(
        FIELD, [unit(HUMAN_ID, "warrior", *IRON)], [city(HUMAN_ID, 3, 3), AI_HOME], resources=RES
    )
    s2, _ = end_turn(s, HUMAN_ID)
    assert s2.cities[0].iron == 3


def test_harvest_under_siege_skips_occupied_tiles() -> None:
    # The enemy stands on the iron tile (and so besieges the city): no iron; the free
    # stone tile still yields.
    s = make_state(
        FIELD, [unit(AI_ID, "warrior", *IRON)], [city(HUMAN_ID, 3, 3), AI_HOME], resources=RES
    )
    s2, summary = end_turn(s, HUMAN_ID)
    assert (s2.cities[0].iron, s2.cities[0].stone) == (0, 2)
    assert _city_report(summary)["harvest"] == {"iron": 0, "stone": 2}


def test_harvest_under_siege_skips_tiles_occupied_by_own_units_too() -> None:
    # Besieged (enemy at (5, 3)); the own unit on the stone tile blocks it as well.
    s = make_state(
        FIELD,
        [unit(AI_ID, "warrior", 5, 3), unit(HUMAN_ID, "warrior", *STONE)],
        [city(HUMAN_ID, 3, 3), AI_HOME],
        resources=RES,
    )
    s2, _ = end_turn(s, HUMAN_ID)
    assert (s2.cities[0].iron, s2.cities[0].stone) == (3, 0)


# --- production ---------------------------------------------------------------------


def test_warrior_is_produced_at_ten_iron_and_the_threshold_is_spent() -> None:
    s = make_state(FIELD, cities=[city(HUMAN_ID, 3, 3, iron=8), AI_HOME], resources=RES)
    s2, summary = end_turn(s, HUMAN_ID)  # 8 + 3 = 11 iron -> warrior, 1 left
    assert s2.cities[0].iron == 1
    new = [u for u in s2.units if u.type_code == "warrior"]
    assert len(new) == 1 and new[0].owner == HUMAN_ID
    assert s2.map.distance(new[0].tile_id, s2.cities[0].tile_id) == 1
    assert new[0].hp == 20 and not new[0].has_acted
    assert summary["produced"] == [
        {
            "cityId": 1,
            "unitId": new[0].id,
            "typeCode": "warrior",
            "tileId": new[0].tile_id,
            "row": s2.map.row_col(new[0].tile_id)[0],
            "col": s2.map.row_col(new[0].tile_id)[1],
        }
    ]


def test_slinger_is_produced_at_ten_stone() -> None:
    s = make_state(FIELD, cities=[city(HUMAN_ID, 3, 3, stone=8), AI_HOME], resources=RES)
    s2, _ = end_turn(s, HUMAN_ID)  # 8 + 2 = 10 stone
    assert [u.type_code for u in s2.units] == ["slinger"]
    assert s2.cities[0].stone == 0


def test_below_threshold_nothing_is_produced() -> None:
    s = make_state(FIELD, cities=[city(HUMAN_ID, 3, 3, iron=6, stone=7), AI_HOME], resources=RES)
    s2, summary = end_turn(s, HUMAN_ID)  # 9 iron, 9 stone
    assert s2.units == ()
    assert summary["produced"] == [] and summary["delayed"] == []


def test_at_most_one_unit_per_city_per_turn_larger_stock_first() -> None:
    s = make_state(FIELD, cities=[city(HUMAN_ID, 3, 3, iron=10, stone=20), AI_HOME], resources=RES)
    s2, _ = end_turn(s, HUMAN_ID)  # 13 iron, 22 stone -> one slinger
    assert [u.type_code for u in s2.units] == ["slinger"]
    assert (s2.cities[0].iron, s2.cities[0].stone) == (13, 12)


def test_production_blocked_on_every_adjacent_tile_is_delayed_and_reported() -> None:
    rows = [
        ".........",
        ".~~~.....",
        ".~.......",
        ".~~~.....",
        ".........",
    ]
    # City at (2, 2): neighbours are water except (2, 3), where a unit stands.
    s = make_state(
        rows, [unit(HUMAN_ID, "warrior", 2, 3)], [city(HUMAN_ID, 2, 2, iron=10), city(AI_ID, 2, 8)]
    )
    s2, summary = end_turn(s, HUMAN_ID)
    assert len(s2.units) == 1
    assert s2.cities[0].iron == 10  # nothing spent
    assert summary["delayed"] == [
        {"cityId": 1, "typeCode": "warrior", "reason": "ALL_ADJACENT_TILES_BLOCKED"}
    ]
    # Once the tile is free, production happens at the next end of turn.
    s3, _ = end_turn(s2, AI_ID)
    s4 = move(s3, HUMAN_ID, 1, (2, 4))
    s5, summary = end_turn(s4, HUMAN_ID)
    assert [p["typeCode"] for p in summary["produced"]] == ["warrior"]
    assert s5.cities[0].iron == 0


# --- siege damage and capture -------------------------------------------------------

WIDE = ["." * 10] * 5


def test_units_holding_still_in_range_bombard_an_enemy_city() -> None:
    s = make_state(
        WIDE,
        [unit(HUMAN_ID, "warrior", 2, 6), unit(HUMAN_ID, "slinger", 2, 5)],
        [city(HUMAN_ID, 2, 0), city(AI_ID, 2, 7)],
    )
    s2, summary = end_turn(s, HUMAN_ID)
    # warrior A10 vs city defence 10: 5; slinger A8: 8 * 0.8 * 0.5 = 3.2 -> 3
    assert s2.cities[1].hp == CITY_MAX_HP - 8
    assert [e["damage"] for e in summary["siege"]] == [5, 3]


def test_units_that_acted_do_not_bombard() -> None:
    s = make_state(
        WIDE, [unit(HUMAN_ID, "warrior", 2, 5)], [city(HUMAN_ID, 2, 0), city(AI_ID, 2, 7)]
    )
    s = move(s, HUMAN_ID, 1, (2, 6))
    s2, summary = end_turn(s, HUMAN_ID)
    assert s2.cities[1].hp == CITY_MAX_HP and summary["siege"] == []


def test_melee_unit_on_city_at_zero_hp_captures_it_and_last_city_ends_the_game() -> None:
    s = make_state(
        WIDE,
        [unit(HUMAN_ID, "warrior", 2, 7), unit(AI_ID, "warrior", 0, 9)],
        [city(HUMAN_ID, 2, 0), city(AI_ID, 2, 7, hp=0)],
    )
    s2, summary = end_turn(s, HUMAN_ID)
    captured = s2.cities[1]
    assert captured.owner == HUMAN_ID and captured.hp == CAPTURE_HP
    assert summary["captures"] == [
        {
            "cityId": 2,
            "unitId": 1,
            "fromParticipantId": AI_ID,
            "toParticipantId": HUMAN_ID,
            "hp": CAPTURE_HP,
        }
    ]
    assert summary["eliminated"] == [AI_ID]
    assert s2.participant(AI_ID).eliminated
    assert all(u.owner == HUMAN_ID for u in s2.units)  # eliminated side's units leave
    assert s2.status == "finished" and s2.winner_participant_id == HUMAN_ID
    assert summary["status"] == "finished" and summary["winnerParticipantId"] == HUMAN_ID
    with pytest.raises(RuleError) as e:
        end_turn(s2, HUMAN_ID)
    assert e.value.code == "NOT_PLAYER_TURN"


def test_siege_that_brings_the_city_to_zero_lets_the_unit_on_it_capture() -> None:
    s = make_state(
        WIDE,
        [unit(HUMAN_ID, "warrior", 2, 7), unit(HUMAN_ID, "warrior", 2, 6)],
        [city(HUMAN_ID, 2, 0), city(AI_ID, 2, 7, hp=10)],
    )
    s2, summary = end_turn(s, HUMAN_ID)  # 5 (on the city) + 5 (adjacent) = 10
    assert s2.cities[1].owner == HUMAN_ID
    assert [c["cityId"] for c in summary["captures"]] == [2]


def test_city_above_zero_hp_is_not_captured() -> None:
    s = make_state(
        WIDE, [unit(HUMAN_ID, "warrior", 2, 7)], [city(HUMAN_ID, 2, 0), city(AI_ID, 2, 7, hp=6)]
    )
    s2, summary = end_turn(s, HUMAN_ID)  # 6 - 5 = 1 hp left
    assert s2.cities[1].owner == AI_ID and s2.cities[1].hp == 1
    assert summary["captures"] == []


def test_ranged_unit_cannot_capture() -> None:
    s = make_state(
        WIDE, [unit(HUMAN_ID, "slinger", 2, 7)], [city(HUMAN_ID, 2, 0), city(AI_ID, 2, 7, hp=0)]
    )
    s2, summary = end_turn(s, HUMAN_ID)
    assert s2.cities[1].owner == AI_ID and summary["captures"] == []
    assert s2.status == "active"


def test_capturing_one_of_several_cities_does_not_end_the_game() -> None:
    s = make_state(
        ["." * 15] * 5,
        [unit(HUMAN_ID, "warrior", 2, 7)],
        [city(HUMAN_ID, 2, 0), city(AI_ID, 2, 7, hp=0), city(AI_ID, 2, 13)],
    )
    s2, summary = end_turn(s, HUMAN_ID)
    assert s2.cities[1].owner == HUMAN_ID
    assert summary["eliminated"] == [] and s2.status == "active"
    assert s2.active_participant_id == AI_ID


def test_side_with_a_city_but_no_units_is_not_eliminated() -> None:
    # No units but a city: not eliminated (the city can still produce).
    s = make_state(
        WIDE, [unit(HUMAN_ID, "warrior", 0, 0)], [city(HUMAN_ID, 2, 0), city(AI_ID, 2, 7)]
    )
    s2, summary = end_turn(s, HUMAN_ID)
    assert summary["eliminated"] == [] and s2.status == "active"


# --- hand-over and turn numbers -----------------------------------------------------


def test_turn_number_grows_once_per_round() -> None:
    s = new_game(rng_seed=1)
    assert (s.turn_no, s.active_participant_id) == (1, 1)
    s, summary = end_turn(s, 1)
    assert (s.turn_no, s.active_participant_id) == (1, 2)
    assert summary["nextTurnNo"] == 1 and summary["nextParticipantId"] == 2
    s, summary = end_turn(s, 2)
    assert (s.turn_no, s.active_participant_id) == (2, 1)
    assert summary["turnNo"] == 1 and summary["nextTurnNo"] == 2


def test_next_participants_units_get_their_action_back() -> None:
    s = make_state(
        WIDE,
        [unit(HUMAN_ID, "warrior", 0, 0), unit(AI_ID, "warrior", 4, 9, acted=True)],
        [city(HUMAN_ID, 2, 0), city(AI_ID, 2, 9)],
    )
    s = move(s, HUMAN_ID, 1, (0, 1))
    s2, _ = end_turn(s, HUMAN_ID)
    assert not s2.unit(2).has_acted
    assert s2.unit(1).has_acted  # reset when the human's own turn comes round
    s3, _ = end_turn(s2, AI_ID)
    assert not s3.unit(1).has_acted


def test_end_turn_out_of_turn_is_rejected() -> None:
    s = new_game()
    with pytest.raises(RuleError) as e:
        end_turn(s, 2)
    assert e.value.code == "NOT_PLAYER_TURN"


def test_new_game_starts_at_turn_one_with_a_city_warrior_and_slinger_each() -> None:
    s = new_game(rng_seed=7, human_user_id="u-1", human_participant_id=10, ai_participant_id=11)
    assert s.turn_no == 1 and s.active_participant_id == 10 and s.status == "active"
    assert [(p.id, p.kind) for p in s.participants] == [(10, "human"), (11, "ai")]
    for pid in (10, 11):
        assert len(s.cities_of(pid)) == 1
        assert sorted(u.type_code for u in s.units_of(pid)) == ["slinger", "warrior"]
    assert (
        new_game(
            rng_seed=7, human_user_id="u-1", human_participant_id=10, ai_participant_id=11
        ).to_dict()
        == s.to_dict()
    )
