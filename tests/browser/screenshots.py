"""`make screenshots`: PNGs of the village view, the map and the tactics board for the
README, taken in headless Chromium from a real stack (GAME_SPEED 1000, so a few fields
are built in seconds). Usage: python -m tests.browser.screenshots [out_dir]."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import httpx

from tests.browser.conftest import PASSWORD, browser_available
from tests.conftest import unique_name
from tests.stack import Servers, Stack, new_run_id

OUT = Path("docs/screenshots")


def _grow(client: httpx.Client, headers: dict, village: str) -> None:
    """A few levels so the village view shows upgrades, a queue and more than level 0."""
    for position in (1, 2, 3, 4, 5, 26, 39):
        building = {26: "main_building", 39: "rally_point"}.get(position)
        if building is None:
            v = client.get(f"/api/v1/villages/{village}", headers=headers).json()
            building = next(b["building_type"] for b in v["buildings"] if b["position"] == position)
        for _ in range(60):
            resp = client.post(f"/api/v1/villages/{village}/buildings/{building}/upgrade",
                               params={"position": position}, headers=headers)
            if resp.status_code == 200:
                break
            time.sleep(0.3)


def main(out: Path) -> None:
    exe, reason = browser_available()
    if exe is None:
        raise SystemExit(f"no browser for screenshots: {reason}")
    out.mkdir(parents=True, exist_ok=True)
    servers = Servers.start()
    stack = Stack(servers, new_run_id(), Path(tempfile.mkdtemp(prefix="palisade-shots-")),
                  extra_env={"GAME_SPEED": "1000"})
    stack.start()
    try:
        name = unique_name("alice")
        with httpx.Client(base_url=stack.gateway_url, timeout=30) as client:
            for n in (name, unique_name("bob"), unique_name("carol")):
                client.post("/api/v1/auth/register", json={
                    "username": n, "email": f"{n}@example.com", "password": PASSWORD,
                    "tribe": "gauls"})
            token = client.post("/api/v1/auth/login", data={
                "username": name, "password": PASSWORD}).json()["access_token"]
            headers = {"Authorization": f"Bearer {token}"}
            village = client.get("/api/v1/villages", headers=headers).json()[0]["id"]
            _grow(client, headers, village)
        shoot(stack.gateway_url, name, exe, out)
    finally:
        stack.stop()
        servers.stop()


def shoot(base: str, name: str, exe: str, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe) if exe else p.chromium.launch()
        page = browser.new_page(base_url=base, viewport={"width": 1200, "height": 900})
        page.goto("/#/login")
        page.get_by_label("Username").fill(name)
        page.get_by_label("Password").fill(PASSWORD)
        page.locator("form").get_by_role("button", name="Sign in").click()
        page.wait_for_selector("#fields")
        page.wait_for_timeout(1500)
        page.screenshot(path=str(out / "village.png"))
        page.goto("/#/map")
        page.wait_for_selector(".map-grid .sq")
        page.locator(".map-grid .sq.own").first.click()
        page.screenshot(path=str(out / "map.png"))
        page.goto("/#/tactics")
        page.get_by_role("button", name="New game").click()
        page.wait_for_selector(".board .cell.unit-mine")
        page.locator("#end-turn").click()
        page.wait_for_selector("#turn-summary")
        page.locator(".board .cell.unit-mine").first.click()
        page.screenshot(path=str(out / "tactics.png"))
        browser.close()
    print(f"screenshots in {out}/: village.png, map.png, tactics.png")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
