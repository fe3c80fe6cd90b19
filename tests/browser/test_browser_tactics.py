"""A whole tactics game played by clicks in a real browser: new game (fixed seed), the
scripted human's moves and attacks made by clicking its unit and then the target square
or enemy, end turn, until one side holds every city; a save to slot 1 on the way; a
reload of the page; loading that save puts the game back at its turn."""

from __future__ import annotations

import re

import httpx
import pytest

from rules.tactics.scripted import scripted_human_actions
from tests.browser.conftest import expect, register_in_page
from tests.tactics_http import state_from_projection

SEED = 20261123
MAX_ROUNDS = 150
SAVE_AT_TURN = 2


def cell(page, row: int, col: int):  # noqa: ANN001, ANN201
    return page.locator(f".board .cell[data-row='{row}'][data-col='{col}']")


def click_action(page, state: dict, action: dict) -> dict:  # noqa: ANN001
    """Do one action by clicks; the state the server answered."""
    if action["type"] == "end_turn":
        with page.expect_response("**/end-turn") as resp:
            page.locator("#end-turn").click()
    else:
        unit_id = action["unitId"] if action["type"] == "move" else action["attackerUnitId"]
        unit = next(u for u in state["units"] if u["id"] == unit_id)
        cell(page, unit["row"], unit["col"]).click()
        expect(cell(page, unit["row"], unit["col"])).to_have_class(_has("selected"))
        if action["type"] == "move":
            target = cell(page, action["to"]["row"], action["to"]["col"])
            expect(target).to_have_class(_has("can-move"))
            with page.expect_response("**/actions/move") as resp:
                target.click()
        else:
            enemy = next(u for u in state["units"] if u["id"] == action["targetUnitId"])
            target = cell(page, enemy["row"], enemy["col"])
            expect(target).to_have_class(_has("can-attack"))
            with page.expect_response("**/actions/attack") as resp:
                target.click()
    assert resp.value.status == 200, (action, resp.value.text())
    return resp.value.json()["state"]


def _has(name: str) -> re.Pattern:
    return re.compile(rf"(^|\s){name}(\s|$)")


@pytest.mark.timeout(900)
def test_a_tactics_game_played_to_its_end_by_clicks_then_saved_and_loaded(api, web) -> None:  # noqa: ANN001
    register_in_page(web)
    web.goto("/#/tactics")
    web.get_by_label("Seed (optional)").fill(str(SEED))
    with web.expect_response("**/api/v1/games") as created:
        web.get_by_role("button", name="New game").click()
    assert created.value.status == 201
    assert created.value.request.headers.get("idempotency-key")
    game_id, state = created.value.json()["id"], created.value.json()["state"]
    expect(web.locator(".board .cell.unit-mine")).to_have_count(2)
    expect(web.locator(".board .cell.city")).to_have_count(2)
    human = next(p["id"] for p in state["participants"] if p["kind"] == "human")

    saved_turn = None
    while state["game"]["status"] == "active" and state["game"]["turnNo"] <= MAX_ROUNDS:
        if state["game"]["turnNo"] == SAVE_AT_TURN and saved_turn is None:
            with web.expect_response("**/saves/manual") as saved:
                web.get_by_role("button", name="Save to slot 1").click()
            assert saved.value.status == 201, saved.value.text()
            expect(web.locator("#saves li[data-slot='1']")).to_contain_text(f"turn {SAVE_AT_TURN}")
            saved_turn = SAVE_AT_TURN
        for action in scripted_human_actions(state_from_projection(state, rng_seed=SEED), human):
            state = click_action(web, state, action)
            if state["game"]["status"] != "active":
                break
        if state["game"]["status"] == "active":
            expect(web.locator("#turn-summary")).to_contain_text("AI moves")

    assert state["game"]["status"] == "finished", "no side took the last city"
    won = state["game"]["winnerParticipantId"] == human
    expect(web.locator("#turn-info h2")).to_have_text("You won!" if won else "The AI won.")
    expect(web.locator("#end-turn")).to_be_disabled()
    expect(web.locator("#history li").first).to_be_visible()

    web.reload()
    expect(web.locator("#turn-info h2")).to_have_text("You won!" if won else "The AI won.")
    with web.expect_response("**/load") as loaded:
        web.get_by_role("button", name="Load slot 1").click()
    assert loaded.value.status == 200, loaded.value.text()
    expect(web.locator("#turn-info h2")).to_have_text(f"Turn {saved_turn}")
    expect(web.locator("#end-turn")).to_be_enabled()
    check = httpx.Client(base_url=api.base_url, cookies=_cookies(web))
    assert check.get(f"/api/v1/games/{game_id}").json()["status"] == "active"


def _cookies(page) -> dict[str, str]:  # noqa: ANN001
    return {c["name"]: c["value"] for c in page.context.cookies()}
