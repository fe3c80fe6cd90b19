"""State serialisation (saves/replays) and the API projection helpers."""

import json

import pytest

from rules.tactics.errors import RuleError
from rules.tactics.game import end_turn, new_game
from rules.tactics.maps import map_from_ascii
from rules.tactics.scripted import scripted_turn
from rules.tactics.state import state_from_dict
from tests.tactics_http import http_state, state_from_projection


def _played(seed: int = 5):
    s = new_game(rng_seed=seed, human_user_id="u-9")
    for _ in range(6):
        s, _ = scripted_turn(s, 1)
        s, _ = end_turn(s, 1)
        s, _ = end_turn(s, 2)
    return s


def test_state_dict_is_json_safe_and_round_trips() -> None:
    s = _played()
    d = s.to_dict()
    again = json.loads(json.dumps(d))
    assert state_from_dict(again) == s
    assert state_from_dict(again).to_dict() == d


def test_state_dict_names_the_map_and_its_schema_version() -> None:
    d = new_game().to_dict()
    assert (d["mapCode"], d["mapSchemaVersion"], d["turnNo"]) == ("default", 1, 1)
    assert {"rngSeed", "rngVersion", "status", "winnerParticipantId"} <= set(d)


def test_loading_a_state_for_another_schema_version_is_schema_mismatch() -> None:
    d = new_game().to_dict()
    d["mapSchemaVersion"] = 2
    with pytest.raises(RuleError) as e:
        state_from_dict(d)
    assert e.value.code == "SCHEMA_MISMATCH"
    d = new_game().to_dict()
    d["mapCode"] = "nowhere"
    with pytest.raises(RuleError) as e:
        state_from_dict(d)
    assert e.value.code == "SCHEMA_MISMATCH"


def test_loading_with_an_explicit_map_checks_it_matches() -> None:
    other = map_from_ascii(map_id=5, code="other", rows=["..."], resources={}, starts=())
    with pytest.raises(RuleError):
        state_from_dict(new_game().to_dict(), other)


def test_projection_round_trips_to_the_same_rules_state() -> None:
    s = _played(11)
    proj = json.loads(json.dumps(http_state(7, s)))
    assert set(proj) >= {
        "game",
        "participants",
        "units",
        "cities",
        "cityTiles",
        "cityResources",
        "unitDefinitions",
    }
    back = state_from_projection(proj, rng_seed=s.rng_seed)
    assert back.units == s.units
    assert back.cities == s.cities
    assert back.participants == s.participants
    assert (back.turn_no, back.active_participant_id) == (s.turn_no, s.active_participant_id)
