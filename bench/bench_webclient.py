"""The browser client's first view: how long headless Chromium takes from navigation to a
usable sign-in form, cold (a fresh browser context, nothing cached) and warm (a reload,
assets from the immutable cache), beside the same-run baseline of fetching the page and
every asset it preloads over plain HTTP (httpx, one connection).

Needs Chromium (Debian's /usr/bin/chromium, else Playwright's own). Prints, asserts
nothing.

    .venv/bin/python bench/bench_webclient.py [rounds]
"""

from __future__ import annotations

import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.stack import Servers, Stack, new_run_id  # noqa: E402

FORM = "form button[type=submit]"


def _chromium() -> str | None:
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else shutil.which("chromium")


def _ms(samples: list[float]) -> str:
    ordered = sorted(samples)
    p90 = ordered[max(0, round(0.9 * len(ordered)) - 1)]
    return f"p50 {statistics.median(ordered) * 1000:7.1f} ms   p90 {p90 * 1000:7.1f} ms"


def plain_http(base: str, rounds: int) -> list[float]:
    """The page and every module/stylesheet it links, fetched in sequence (no browser)."""
    out = []
    for _ in range(rounds):
        with httpx.Client(base_url=base) as c:
            start = time.perf_counter()
            page = c.get("/").text
            for path in re.findall(r'(?:href|src)="(/assets/[^"]+)"', page):
                c.get(path).raise_for_status()
            out.append(time.perf_counter() - start)
    return out


def browser(base: str, rounds: int) -> tuple[list[float], list[float]]:
    cold, warm = [], []
    with sync_playwright() as p:
        exe = _chromium()
        b = p.chromium.launch(executable_path=exe) if exe else p.chromium.launch()
        for _ in range(rounds):
            context = b.new_context()
            page = context.new_page()
            start = time.perf_counter()
            page.goto(base + "/")
            page.wait_for_selector(FORM)
            cold.append(time.perf_counter() - start)
            start = time.perf_counter()
            page.reload()
            page.wait_for_selector(FORM)
            warm.append(time.perf_counter() - start)
            context.close()
        b.close()
    return cold, warm


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    servers = Servers.start()
    stack = Stack(servers, new_run_id(), Path(tempfile.mkdtemp(prefix="palisade-bench-")),
                  extra_env={"RATE_LIMIT_MULTIPLIER": "1000000", "LOG_LEVEL": "WARNING"})
    try:
        stack.start()
        base = stack.gateway_url
        plain_http(base, 2)  # warm the gateway's gzip and the OS caches
        baseline = plain_http(base, rounds)
        cold, warm = browser(base, rounds)
        print(f"first view, {rounds} rounds (navigation -> sign-in form usable)")
        print(f"  Chromium, cold context     {_ms(cold)}")
        print(f"  Chromium, reload (cached)  {_ms(warm)}")
        print(f"  baseline: plain HTTP of the page + its assets  {_ms(baseline)}")
    finally:
        stack.stop()
        servers.stop()


if __name__ == "__main__":
    main()
