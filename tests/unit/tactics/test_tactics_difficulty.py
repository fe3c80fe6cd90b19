"""AI difficulty levels (pure rules) and the service's settings validation."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rules.tactics.ai as ai
from rules.tactics.ai import DIFFICULTIES, ai_turn, plan_turn
from rules.tactics.game import end_turn, new_game
from rules.tactics.scripted import play_scripted_game, scripted_turn
from services.runtime.errors import DomainError
from services.tactics.usecases import validate_settings

HUMAN, AI = 1, 2


def after_human_turn(seed: int):  # noqa: ANN201
    state = new_game(rng_seed=seed)
    state, _ = scripted_turn(state, HUMAN)
    return end_turn(state, HUMAN)[0]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**62 - 1), level=st.sampled_from(DIFFICULTIES))
def test_every_level_is_deterministic(seed: int, level: str) -> None:
    state = after_human_turn(seed)
    assert ai_turn(state, AI, difficulty=level) == ai_turn(state, AI, difficulty=level)


def test_normal_is_the_default_and_the_levels_play_differently() -> None:
    state = play_scripted_game(new_game(rng_seed=7), max_rounds=8).final_state
    if state.active_participant_id != AI:
        state = end_turn(state, state.active_participant_id)[0]
    plays = {lvl: ai_turn(state, AI, difficulty=lvl)[1] for lvl in DIFFICULTIES}
    assert ai_turn(state, AI)[1] == plays["normal"]
    assert len({repr(p) for p in plays.values()}) == 3


def test_hard_never_simulates_more_than_its_node_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = 0
    real = ai.play_turn

    def counting(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        nonlocal calls
        calls += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(ai, "play_turn", counting)
    state = after_human_turn(11)
    for budget in (1, 2, 5, 8):
        monkeypatch.setattr(ai, "HARD_NODE_BUDGET", budget)
        calls = 0
        plan_turn(state, AI, "hard")
        assert 1 <= calls <= max(budget, 2)
        if budget >= 8:
            assert calls == 8  # every candidate and its reply fit


def test_hard_beats_normal_and_normal_beats_easy_on_a_few_seeds() -> None:
    from bench.bench_tactics_tournament import play
    times: dict[str, list[float]] = {lvl: [] for lvl in DIFFICULTIES}
    hard = sum(play(s, *(("hard", "normal") if s % 2 else ("normal", "hard")), 150, times)
               == "hard" for s in range(4))
    normal = sum(play(s, *(("normal", "easy") if s % 2 else ("easy", "normal")), 150, times)
                 == "normal" for s in range(4))
    assert hard >= 3 and normal >= 3


@pytest.mark.parametrize("bad,field", [({"difficulty": "insane"}, "settings.difficulty"),
                                       ({"colour": "red"}, "settings.colour"),
                                       ({"seed": -1}, "settings.seed"),
                                       ({"seed": True}, "settings.seed"),
                                       ([], "settings")])
def test_bad_settings_are_invalid_input_naming_the_field(bad: object, field: str) -> None:
    with pytest.raises(DomainError) as err:
        validate_settings(bad)
    assert err.value.code == "INVALID_INPUT" and err.value.details["field"] == field


def test_settings_get_the_default_difficulty() -> None:
    assert validate_settings({}) == {"difficulty": "normal"}
    assert validate_settings({"seed": 5, "difficulty": "hard"}) == {"seed": 5,
                                                                    "difficulty": "hard"}
