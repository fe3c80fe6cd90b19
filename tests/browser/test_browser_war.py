"""War in a real browser, written against API.md's contract (`POST /combat/attack`,
`GET /combat/movements`, `GET /combat/reports`): a player raids a second player from the
"Send troops" page, sees the travel time before sending, the outgoing movement with its
countdown, and then the battle report. Marked ``war``: these routes come with issue 10,
and the test is deselected (``-m "not war"``) where they are not served yet."""

from __future__ import annotations

import time

import pytest

from tests.browser.conftest import accepted, bearer, build, expect, register_in_page
from tests.conftest import unique_name

pytestmark = pytest.mark.war
PASSWORD = "correct horse battery"


def test_a_raid_on_a_second_player_is_sent_from_the_page_and_its_report_shown(api, web) -> None:  # noqa: ANN001
    other = unique_name("d")
    assert api.post("/api/v1/auth/register", json={
        "username": other, "email": f"{other}@example.com", "password": PASSWORD,
        "tribe": "gauls"}).status_code == 201
    target = api.get("/api/v1/villages", headers=bearer(api, other)).json()[0]

    name = register_in_page(web, tribe="teutons")
    headers = bearer(api, name)
    village = api.get("/api/v1/villages", headers=headers).json()[0]["id"]
    for building, position, level in (("main_building", 26, 2), ("main_building", 26, 3),
                                      ("rally_point", 39, 1), ("barracks", 19, 1)):
        build(api, headers, village, building, position, level)
    trained = accepted(lambda: api.post(f"/api/v1/villages/{village}/troops/train",
                                        headers=headers, json={"unit": "clubswinger", "count": 2}))
    assert trained.status_code == 200, trained.text
    deadline = time.monotonic() + 60
    while api.get(f"/api/v1/villages/{village}", headers=headers).json()["troops"].get(
            "clubswinger", 0) < 2:
        assert time.monotonic() < deadline, "the clubswingers were never trained"
        time.sleep(0.2)

    reports_tab = web.context.new_page()
    reports_tab.goto("/#/reports")
    expect(reports_tab.locator("#reports")).to_contain_text("No reports")
    reports_tab.evaluate("window.__sameDocument = true")

    web.goto(f"/#/send?x={target['x']}&y={target['y']}")
    web.get_by_label("Mission").select_option("raid")
    web.get_by_label("Clubswinger (2 at home)").fill("2")
    expect(web.locator("#eta")).to_contain_text("Travel time:")
    with web.expect_response("**/api/v1/combat/attack") as sent:
        web.get_by_role("button", name="Send").click()
    assert sent.value.status == 201, sent.value.text()
    assert sent.value.request.headers.get("idempotency-key")

    web.wait_for_selector("#movements")
    expect(web.locator("#movements")).to_contain_text(f"({target['x']}|{target['y']})")

    # A second tab, on the reports page since before the raid was sent, shows its report
    # when the WebSocket announces it: no reload (the page's marker survives).
    reports = reports_tab
    expect(reports.locator("#reports ul.reports a")).to_have_count(1, timeout=60_000)
    assert reports.evaluate("window.__sameDocument") is True
    reports.locator("#reports ul.reports a").first.click()
    expect(reports.locator("main table").first).to_contain_text("Clubswinger")
