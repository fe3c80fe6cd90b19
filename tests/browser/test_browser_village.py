"""The village game in a real browser on the GAME_SPEED-1000 stack: an upgrade drops the
stock and its completion appears live (from the WebSocket, not a reload); the live
counter stays within a second's production of the server; troops are trained by clicks."""

from __future__ import annotations

import re
import time

import httpx

from tests.browser.conftest import bearer, expect, register_in_page

UPGRADE = "**/api/v1/villages/*/buildings/*/upgrade?position=*"
VILLAGE_READ = re.compile(r"/api/v1/villages/[0-9a-f-]{36}$")


def shown(page, resource: str) -> int:  # noqa: ANN001
    return int(page.locator(f".res-box.{resource} .amount").inner_text().replace(",", ""))


def wait_level(api: httpx.Client, headers: dict, village: str, position: int, level: int) -> dict:
    """Setup helper: until the building at ``position`` has ``level`` (completions are timed)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        v = api.get(f"/api/v1/villages/{village}", headers=headers).json()
        if any(b["position"] == position and b["level"] >= level for b in v["buildings"]):
            return v
        time.sleep(0.2)
    raise AssertionError(f"slot {position} never reached level {level}")


def test_an_upgrade_drops_the_stock_and_its_completion_appears_live(api, web) -> None:  # noqa: ANN001
    name = register_in_page(web)
    card = web.locator("#fields li[data-type=woodcutter]").first
    position = int(card.get_attribute("data-position"))
    expect(card.locator("h3 .level")).to_have_text("level 0")
    before = shown(web, "wood")

    with web.expect_response(lambda r: VILLAGE_READ.search(r.url)
                             and r.request.method == "GET") as reread:
        with web.expect_response(UPGRADE) as upgraded:
            card.get_by_role("button", name="Upgrade to 1").click()
    assert upgraded.value.status == 200, upgraded.value.text()
    after_read = reread.value.json()["resources"]["wood"]
    assert after_read < before, "the upgrade's cost was not taken from the stock"
    assert shown(web, "wood") < before

    # The live counter against the server, read back to back: within a second's production.
    headers = bearer(api, name)
    village_id = reread.value.json()["id"]
    page_value = shown(web, "wood")
    server = api.get(f"/api/v1/villages/{village_id}", headers=headers).json()
    per_second = server["production"]["wood"] / 3600
    assert abs(server["resources"]["wood"] - page_value) <= per_second + 1, (page_value, server)

    # The completion arrives as a WebSocket frame: listed under "Latest events" (only frames
    # put entries there) and the field shows its new level.
    expect(web.locator("#events li").first).to_contain_text("Woodcutter reached level 1")
    card = web.locator(f"#fields li[data-position='{position}']")
    expect(card.locator("h3 .level")).to_have_text("level 1")
    expect(card.get_by_role("button", name="Upgrade to 2")).to_be_visible()


def test_troops_are_trained_by_clicks_and_arrive_live(api, web) -> None:  # noqa: ANN001
    name = register_in_page(web)
    headers = bearer(api, name)
    village = api.get("/api/v1/villages", headers=headers).json()[0]["id"]
    # Setup through the API: main building 3, rally point, barracks (timed, so awaited).
    for building, position, level in (("main_building", 26, 2), ("main_building", 26, 3),
                                      ("rally_point", 39, 1), ("barracks", 19, 1)):
        for _ in range(100):  # wait for resources (production runs at speed 1000)
            resp = api.post(f"/api/v1/villages/{village}/buildings/{building}/upgrade",
                            params={"position": position}, headers=headers)
            if resp.status_code == 200:
                break
            assert resp.json()["code"] in ("INSUFFICIENT_RESOURCES", "QUEUE_FULL"), resp.text
            time.sleep(0.3)
        wait_level(api, headers, village, position, level)

    web.reload()
    row = web.locator("#train tr[data-unit=legionnaire]")
    expect(row.get_by_role("button", name="Train")).to_be_enabled()
    row.get_by_label("How many Legionnaire").fill("2")
    with web.expect_response("**/troops/train") as trained:
        row.get_by_role("button", name="Train").click()
    assert trained.value.status == 200, trained.value.text()
    assert trained.value.request.headers.get("idempotency-key")
    expect(web.locator("#events")).to_contain_text("Training complete")
    expect(web.locator("#troops-home")).to_contain_text("2 Legionnaire")
