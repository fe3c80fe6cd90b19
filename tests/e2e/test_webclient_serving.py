"""The gateway serving the browser client: the page is never cached and carries the page
CSP, assets are immutable under their content hash (gzip when asked), a stale hash is a
404 in the contract's shape, and loading the page does not spend the API budget."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from gateway.middleware import CSP, PAGE_CSP
from tests.stack import Stack


@pytest.fixture
def web(fast_stack: Stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fast_stack.gateway_url, timeout=30) as c:
        yield c


def assets_of(index: str) -> list[str]:
    return re.findall(r'(?:src|href)="(/assets/[0-9a-f]{16}/[^"]+)"', index)


def test_the_page_is_not_cached_and_carries_the_page_csp(web: httpx.Client) -> None:
    for path in ("/", "/reset-password?token=abc"):
        page = web.get(path)
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        assert page.headers["cache-control"] == "no-cache"
        assert page.headers["content-security-policy"] == PAGE_CSP
        assert page.headers["x-frame-options"] == "DENY"
        assert page.headers["x-content-type-options"] == "nosniff"
    assert "'unsafe-inline'" not in PAGE_CSP and "'unsafe-eval'" not in PAGE_CSP
    assert "script-src 'self'" in PAGE_CSP and "style-src 'self'" in PAGE_CSP
    # API answers keep the strict policy.
    assert web.get("/health").headers["content-security-policy"] == CSP


def test_assets_are_immutable_under_their_hash_and_gzipped(web: httpx.Client) -> None:
    links = assets_of(web.get("/").text)
    assert {link.rsplit("/", 1)[1] for link in links} >= {"app.js", "app.css", "icon.svg"}
    for link in links:
        resp = web.get(link, headers={"Accept-Encoding": "gzip"})
        assert resp.status_code == 200, link
        assert resp.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert resp.headers["content-encoding"] == "gzip"
    prefix = links[0].rsplit("/", 1)[0]
    module = web.get(f"{prefix}/views/tactics.js", headers={"Accept-Encoding": "identity"})
    assert module.headers["content-type"].startswith("text/javascript")
    assert "content-encoding" not in module.headers
    catalog = web.get(f"{prefix}/catalog.json").json()
    assert catalog["game_speed"] == 1000
    assert catalog["buildings"]["woodcutter"]["levels"][0]["cost"]["wood"] == 40


def test_a_stale_asset_hash_is_a_404_in_the_contract_shape(web: httpx.Client) -> None:
    stale = web.get("/assets/0000000000000000/app.js")
    assert stale.status_code == 404
    assert stale.json()["code"] == "NOT_FOUND"
    link = assets_of(web.get("/").text)[0]
    assert web.get(link.rsplit("/", 1)[0] + "/no-such-file.js").status_code == 404


def test_loading_the_page_does_not_spend_the_api_budget(web: httpx.Client) -> None:
    page = web.get("/")
    api = web.get("/api/v1/unit-definitions")
    assert int(page.headers["x-ratelimit-limit"]) > int(api.headers["x-ratelimit-limit"])
    before = int(web.get("/api/v1/unit-definitions").headers["x-ratelimit-remaining"])
    for link in assets_of(page.text):
        web.get(link)
    after = int(web.get("/api/v1/unit-definitions").headers["x-ratelimit-remaining"])
    assert after == before - 1
