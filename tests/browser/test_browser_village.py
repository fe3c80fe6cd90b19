"""The village game in a real browser on the GAME_SPEED-1000 stack: an upgrade drops the
stock and its completion appears live (from the WebSocket, not a reload); the live
counter stays within a second's production of the server; troops are trained by clicks."""

from __future__ import annotations

import re

from rules.travian.actions import research_cost, smithy_level
from rules.travian.ids import UnitType
from tests.browser.conftest import bearer, build, expect, register_in_page

UPGRADE = "**/api/v1/villages/*/buildings/*/upgrade?position=*"
VILLAGE_READ = re.compile(r"/api/v1/villages/[0-9a-f-]{36}$")


def shown(page, resource: str) -> int:  # noqa: ANN001
    return int(page.locator(f".res-box.{resource} .amount").inner_text().replace(",", ""))


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
        build(api, headers, village, building, position, level)

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


def cost_text(cost) -> str:  # noqa: ANN001 - rules Resources
    return (f"Wood {cost.wood:,} Clay {cost.clay:,} Iron {cost.iron:,} Crop {cost.crop:,}")


def test_academy_and_smithy_show_what_the_next_step_costs_and_why_not(web) -> None:  # noqa: ANN001
    """Before any academy or blacksmith: each research and smithy level shows the rules'
    cost and the reason it cannot be started, and its button is disabled."""
    register_in_page(web, tribe="teutons")
    research = web.locator("li[data-research=spearfighter]")
    expect(research).to_contain_text(cost_text(research_cost(UnitType.SPEARFIGHTER)))
    expect(research).to_contain_text("needs an academy")
    expect(research.get_by_role("button", name="Research")).to_be_disabled()

    weapons = web.locator("li[data-smithy=clubswinger] .smithy-step[data-kind=weapons]")
    cost, _ = smithy_level(UnitType.CLUBSWINGER, 1)
    expect(weapons).to_contain_text(cost_text(cost))
    expect(weapons).to_contain_text("needs Blacksmith")
    expect(weapons.get_by_role("button", name="Weapons → 1")).to_be_disabled()
    armour = web.locator("li[data-smithy=clubswinger] .smithy-step[data-kind=armour]")
    expect(armour).to_contain_text("needs Armoury")
