"""The hero page in a real browser: no hero yet offers hiring; once a hero's mansion
stands, the hero is hired by a click, its level, experience and health are shown, and it
is sent on one of the adventures on offer (the page then shows it on the way)."""

from __future__ import annotations

from tests.browser.conftest import bearer, build, expect, register_in_page


def test_a_hero_is_hired_and_sent_on_an_adventure_from_the_page(api, web) -> None:  # noqa: ANN001
    name = register_in_page(web, tribe="gauls")
    headers = bearer(api, name)
    village = api.get("/api/v1/villages", headers=headers).json()[0]["id"]

    web.goto("/#/hero")
    expect(web.locator("#hire-hero")).to_contain_text("You have no hero yet")
    with web.expect_response("**/api/v1/hero") as refused:
        web.get_by_role("button", name="Hire a hero").click()
    assert refused.value.status == 400 and refused.value.json()["code"] == "BUILDING_REQUIRED"
    expect(web.locator("#alert")).not_to_be_empty()

    for building, position, level in (("main_building", 26, 2), ("main_building", 26, 3),
                                      ("rally_point", 39, 1), ("hero_mansion", 20, 1)):
        build(api, headers, village, building, position, level)
    with web.expect_response("**/api/v1/hero") as hired:
        web.get_by_role("button", name="Hire a hero").click()
    assert hired.value.status == 201, hired.value.text()
    assert hired.value.request.headers.get("idempotency-key")

    facts = web.locator("#hero-facts")
    expect(facts).to_contain_text("at home")
    server = api.get("/api/v1/hero", headers=headers).json()
    expect(facts.locator("dd").nth(2)).to_have_text(str(server["level"]))
    expect(facts).to_contain_text(f"{server['health']} %")
    offered = [a for a in api.get("/api/v1/hero/adventures", headers=headers).json()
               if a["state"] == "offered"]
    assert offered, "a new hero is offered adventures"
    expect(web.locator("#adventures li")).to_have_count(len(offered))

    first = web.locator(f"#adventures li[data-adventure='{offered[0]['id']}']")
    with web.expect_response("**/api/v1/hero/adventures/*/start") as started:
        first.get_by_role("button", name="Send the hero").click()
    assert started.value.status == 200, started.value.text()
    expect(first).to_contain_text("on the way, arrives")
    expect(facts).to_contain_text("on an adventure")
    assert api.get("/api/v1/hero", headers=headers).json()["status"] == "adventure"
