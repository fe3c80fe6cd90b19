"""War in a real browser, written against API.md's contract (`POST /combat/attack`,
`GET /combat/movements`, `GET /combat/reports`): a player raids a second player from the
"Send troops" page, sees the travel time before sending, the outgoing movement with its
countdown, and then the battle report. Marked ``war``: these routes come with issue 10,
and the test is deselected (``-m "not war"``) where they are not served yet."""

from __future__ import annotations

import time

import httpx
import pytest

from tests.browser.conftest import bearer, expect, register_in_page
from tests.conftest import unique_name

pytestmark = pytest.mark.war
PASSWORD = "correct horse battery"


def accepted(send) -> httpx.Response:  # noqa: ANN001 - a callable making one request
    """Setup: repeat a write until the stock (produced at speed 1000) and queue allow it."""
    deadline = time.monotonic() + 120
    while True:
        resp = send()
        if resp.status_code == 200 or time.monotonic() > deadline:
            return resp
        assert resp.json()["code"] in ("INSUFFICIENT_RESOURCES", "QUEUE_FULL"), resp.text
        time.sleep(0.3)


def build(api: httpx.Client, headers: dict, village: str, building: str, position: int,
          level: int) -> None:
    """Setup: queue a level (waiting for resources) and wait until it is done."""
    resp = accepted(lambda: api.post(f"/api/v1/villages/{village}/buildings/{building}/upgrade",
                                     params={"position": position}, headers=headers))
    assert resp.status_code == 200, resp.text
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        v = api.get(f"/api/v1/villages/{village}", headers=headers).json()
        if any(b["position"] == position and b["level"] >= level for b in v["buildings"]):
            return
        time.sleep(0.2)
    raise AssertionError(f"{building} never reached level {level}")


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

    # The reports page, opened before the raid arrives, shows its report when the
    # WebSocket announces it (no reload).
    web.goto("/#/reports")
    web.wait_for_selector("#reports > *")
    expect(web.locator("#reports ul.reports a")).to_have_count(1, timeout=60_000)
    web.locator("#reports ul.reports a").first.click()
    expect(web.locator("main table").first).to_contain_text("Clubswinger")
