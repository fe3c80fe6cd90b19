"""The one mapping of the tactics game's values: rules -> protobuf (services/tactics/
projection.py) -> HTTP JSON (gateway/routes/tactics_models.py) loses and adds nothing.

Whole games are played by the rules (the scripted human against the AI); every side's
end-turn summary and every logged action, sent through the messages and rendered, is
exactly the dict the rules wrote, which is what the API answered before the contract was
typed (the summaries' and actions' JSON are the rules' dicts in seed 004's casing).
"""

from __future__ import annotations

from typing import Any

import pytest

from gateway.routes.tactics_models import (
    GameStateOut,
    SideTurnOut,
    TurnSummaryOut,
    action_out,
)
from rules.tactics.ai import ai_turn
from rules.tactics.game import end_turn, new_game
from rules.tactics.scripted import scripted_turn
from rules.tactics.state import ACTIVE
from services.tactics.projection import (
    GameView,
    TurnSummary,
    action,
    game_state,
    side_turn,
    turn_summary,
)

HUMAN, AI = 1, 2
SEEDS = (1, 2, 3)


def rendered(model: Any) -> dict[str, Any]:
    return model.model_dump(mode="json", by_alias=True)


def play(seed: int) -> tuple[list[dict], list[dict], list[TurnSummary], Any]:
    """A whole game: the side summaries, the actions and the end turns' summaries."""
    state = new_game(rng_seed=seed, human_user_id="u-1")
    sides: list[dict] = []
    actions: list[dict] = []
    turns: list[TurnSummary] = []
    while state.status == ACTIVE and state.turn_no <= 200:
        before = state.turn_no
        state, taken = scripted_turn(state, HUMAN)
        actions += [*taken, {"type": "end_turn", "participantId": HUMAN}]
        state, human = end_turn(state, HUMAN)
        ai_sides = []
        if state.status == ACTIVE:
            state, ai_taken = ai_turn(state, AI)
            ai_sides.append(ai_taken[-1]["summary"])
            actions += [{k: v for k, v in a.items() if k != "summary"} for a in ai_taken]
        sides += [human, *ai_sides]
        turns.append(TurnSummary(before, human, ai_sides, state.status,
                                 state.winner_participant_id))
    return sides, actions, turns, state


@pytest.mark.parametrize("seed", SEEDS)
def test_side_summaries_and_actions_render_exactly_as_the_rules_wrote_them(seed: int) -> None:
    sides, actions, turns, final = play(seed)
    assert final.status != ACTIVE, "the game should end in a capture"
    for summary in sides:
        assert rendered(SideTurnOut.of(side_turn(summary))) == summary
    for a in actions:
        assert rendered(action_out(action(a))) == a
    for t in turns:
        assert rendered(TurnSummaryOut.of(turn_summary(t))) == {
            "turnNo": t.turn_no, "human": t.human, "ai": t.ai, "status": t.status,
            "winnerParticipantId": t.winner_participant_id}
    # The games above reach every part of a summary (else this test would prove less).
    seen = {key for s in sides for key in ("siege", "captures", "eliminated", "produced")
            if s[key]}
    assert seen == {"siege", "captures", "eliminated", "produced"}
    assert {a["type"] for a in actions} == {"move", "attack", "end_turn"}


def test_game_state_renders_the_rules_state_and_its_summary_only_when_there_is_one() -> None:
    _, _, turns, final = play(SEEDS[0])
    plain = rendered(GameStateOut.of(game_state(GameView(9, final))))
    assert "turnSummary" not in plain
    assert plain["game"] == {"id": 9, "turnNo": final.turn_no,
                             "activeParticipantId": final.active_participant_id,
                             "turnInProgress": False, "status": final.status,
                             "winnerParticipantId": final.winner_participant_id}
    d = final.to_dict()
    assert plain["units"] == d["units"] and plain["participants"] == [
        {"gameId": 9, **p} for p in d["participants"]]
    with_summary = rendered(GameStateOut.of(game_state(GameView(9, final, True, turns[-1]))))
    assert with_summary["game"]["turnInProgress"] is True
    assert with_summary["turnSummary"]["human"] == turns[-1].human
