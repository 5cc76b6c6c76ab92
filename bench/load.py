"""Load the app as a busy day would: many readers at once, and the first one after a restart.

A script that prints figures, not a test. It drives Debian's headless Chromium through
Playwright's async API (one browser, one context per reader) against a real server and
prints:

* cold start: time from navigation to a drawn map for the first reader after the server
  starts with an empty cache (a fresh deploy), the first after a restart (the disk cache
  of the linked story and its payload is kept, see ``explainers/disk_cache.py``), and
  readers after them (warm); target: after a restart, at most twice the warm time;
* load: ``--readers`` (20) readers at once, each making ``--interactions`` (11) picks (names
  in the text, countries on the map, steps of the guided story), plus ``--articles`` (5)
  who map a 600-word article on the "Bring your own article" page. For each pick, the
  time until the viewer has applied it in the page and until the server has written it
  to the URL (the round trip through the server); errors (a pick that never lands, a
  script error in the page, Streamlit's error box); the server's memory before, at its
  peak during, and after the readers left (targets: no errors; back within 10 % of the
  start; at most 5 MB per extra reader) and its CPU time.

Run: ``python bench/load.py`` (about five to ten minutes on two cores). ``--ttl`` sets how
long the server keeps a closed session for a reconnect (Streamlit's
``server.disconnectedSessionTTL``, 120 s by default; 10 here so the "after" figure need
not wait two minutes). Linux only (``/proc``). The readers' browsers share the machine
with the server: the header gives the CPUs and the load average.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from memory import article_text, cpu_seconds, map_article, rss_mb, served
from viewer import HOVERED, MAP_COUNTRIES, NAME_AT, NAMES, OURS_DRAWN, PICKED, PICKS, PIXEL_OF

from explainers.browser import CHROMIUM, CHROMIUM_ARGS
from explainers.disk_cache import CACHE_ENV
from explainers.map.geometry import country_table
from tests.support import LAPTOP

TIMEOUT_MS = 240_000
ERROR_BOX = "[data-testid='stException']"
STEP_BUTTON = re.compile(r"^(Start|Next)$")  # "Start" before the first step


class Reader:
    """One reader's page, with the picks' timings and the errors it met."""

    def __init__(self, page) -> None:
        self.page = page
        page.set_default_timeout(TIMEOUT_MS)  # a busy machine: a click may wait long
        self.seen: list[float] = []  # ms from click to the pick applied in the page
        self.round_trip: list[float] = []  # ms from click to the URL written by the server
        self.errors: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(f"script error: {error}"))

    async def pick(self, label: str, click, in_url: str | None) -> None:
        page = self.page
        try:
            before = await page.evaluate(PICKS)
            started = time.perf_counter()
            await click()
            await page.wait_for_function(PICKED, arg=before, timeout=TIMEOUT_MS)
            self.seen.append((time.perf_counter() - started) * 1000)
            if in_url:
                await page.wait_for_function(
                    "part => window.location.search.includes(part)", arg=in_url, timeout=TIMEOUT_MS
                )
                self.round_trip.append((time.perf_counter() - started) * 1000)
        except Exception as error:  # a timeout or a page that went away: an error, counted
            self.errors.append(f"{label}: {type(error).__name__}: {str(error)[:120]}")


async def explore(reader: Reader, url: str, interactions: int, table) -> None:
    """Open the explainer and make ``interactions`` picks: names, countries, steps."""
    page = reader.page
    await page.goto(f"{url}/", timeout=TIMEOUT_MS)
    await page.wait_for_function(OURS_DRAWN, timeout=TIMEOUT_MS)
    plan = []
    for index in range(interactions):
        plan.append(("name", "country", "step")[index % 3])
    names, countries, steps = iter(NAMES), iter(MAP_COUNTRIES), 0
    for kind in plan:
        if kind == "name":
            name = next(names)
            point = await page.evaluate(NAME_AT, name)
            if point is None:
                reader.errors.append(f"name {name}: not in the text")
                continue
            code = point["iso3"].split()[0]
            await reader.pick(
                f"name {name}",
                lambda p=point: page.mouse.click(p["x"], p["y"]),
                f"country={code}" if len(point["iso3"].split()) == 1 else None,
            )
        elif kind == "country":
            await pick_country(reader, next(countries), table)
        else:
            steps += 1
            await reader.pick(
                f"step {steps}",
                lambda: page.get_by_role("button", name=STEP_BUTTON).first.click(),
                "step=",
            )
    if await page.locator(ERROR_BOX).count():
        reader.errors.append("Streamlit's error box on the page")


async def pick_country(reader: Reader, code: str, table) -> None:
    """Click a country on the map where nothing else is under the pointer."""
    page = reader.page
    # Back to the whole story first: a framed map may not show the country.
    back = page.get_by_role("button", name="Show the whole story")
    if await back.count() and await back.first.is_visible():
        await reader.pick("back", back.first.click, None)
    row = table.loc[code]
    point = await page.evaluate(PIXEL_OF, [float(row["lon"]), float(row["lat"])])
    await page.mouse.move(point["x"] - 20, point["y"])
    await page.mouse.move(point["x"], point["y"], steps=4)
    await page.wait_for_timeout(200)
    hovered = await page.evaluate(HOVERED)
    if hovered != f"countries {code}":
        reader.errors.append(f"country {code}: under the pointer is {hovered}")
        return
    await reader.pick(
        f"country {code}", lambda: page.mouse.click(point["x"], point["y"]), f"country={code}"
    )


async def bring_article(reader: Reader, url: str, index: int) -> float | None:
    try:
        seconds = await map_article(reader.page, url, article_text(index))
    except Exception as error:
        reader.errors.append(f"article {index}: {type(error).__name__}: {str(error)[:120]}")
        return None
    if await reader.page.locator(ERROR_BOX).count():
        reader.errors.append(f"article {index}: Streamlit's error box on the page")
    return seconds


async def time_to_map(browser, url: str) -> float:
    context = await browser.new_context(viewport=LAPTOP)
    page = await context.new_page()
    started = time.perf_counter()
    await page.goto(f"{url}/", timeout=TIMEOUT_MS)
    await page.wait_for_function(OURS_DRAWN, timeout=TIMEOUT_MS)
    seconds = time.perf_counter() - started
    await context.close()
    return seconds


async def cold_start(warm_readers: int = 3) -> dict[str, float]:
    """Time to a drawn map: the first reader after a start, then warm readers.

    Each way of starting (``streamlit run``, and ``python -m explainers serve``, which
    loads what the first page needs before it serves) is timed on a fresh deploy (empty
    disk cache) and after a restart (the cache kept).
    """
    from playwright.async_api import async_playwright

    figures = {}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=list(CHROMIUM_ARGS)
        )
        for how in ("run", "serve"):
            with tempfile.TemporaryDirectory(prefix="bri-cache-") as cache:
                os.environ[CACHE_ENV] = cache  # the server inherits it
                with served(how=how) as (url, _pid):
                    figures[f"{how}: first reader, empty cache"] = await time_to_map(browser, url)
                with served(how=how) as (url, _pid):
                    figures[f"{how}: first reader after a restart"] = await time_to_map(
                        browser, url
                    )
                    if how == "serve":
                        warm = [await time_to_map(browser, url) for _ in range(warm_readers)]
                        figures[f"warm reader (median of {warm_readers})"] = statistics.median(warm)
                del os.environ[CACHE_ENV]
        await browser.close()
    return figures


async def load(args) -> dict:
    from playwright.async_api import async_playwright

    table = country_table()
    with served(args.ttl) as (url, pid):
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=CHROMIUM, args=list(CHROMIUM_ARGS)
            )
            await time_to_map(browser, url)  # one reader first: imports and caches
            await asyncio.sleep(args.ttl + 5)
            memory = {"before": rss_mb(pid)}
            cpu_before = cpu_seconds(pid)
            contexts = [
                await browser.new_context(viewport=LAPTOP)
                for _ in range(args.readers + args.articles)
            ]
            readers = [Reader(await context.new_page()) for context in contexts]
            peak = memory["before"]
            started = time.perf_counter()
            work = [explore(r, url, args.interactions, table) for r in readers[: args.readers]]
            work += [bring_article(r, url, i) for i, r in enumerate(readers[args.readers :])]
            tasks = [asyncio.ensure_future(job) for job in work]
            while not all(task.done() for task in tasks):
                peak = max(peak, rss_mb(pid))
                await asyncio.sleep(1)
            results = [
                task.result() if not task.exception() else task.exception() for task in tasks
            ]
            wall = time.perf_counter() - started
            memory["peak during"] = max(peak, rss_mb(pid))
            for context in contexts:
                await context.close()
            await browser.close()
        cpu = cpu_seconds(pid) - cpu_before
        await asyncio.sleep(3)
        memory["closed"] = rss_mb(pid)
        await asyncio.sleep(args.ttl + 10)
        memory["after TTL"] = rss_mb(pid)
    errors = [error for reader in readers for error in reader.errors]
    errors += [f"session: {r!r}" for r in results if isinstance(r, BaseException)]
    articles = [r for r in results[args.readers :] if isinstance(r, float)]
    return {
        "seen": [ms for reader in readers for ms in reader.seen],
        "round_trip": [ms for reader in readers for ms in reader.round_trip],
        "errors": errors,
        "memory": memory,
        "articles": articles,
        "cpu": cpu,
        "wall": wall,
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--interactions", type=int, default=11)
    parser.add_argument("--articles", type=int, default=5)
    parser.add_argument("--ttl", type=int, default=10, help="server.disconnectedSessionTTL")
    parser.add_argument("--no-cold", action="store_true", help="skip the cold-start figures")
    parser.add_argument("--no-load", action="store_true", help="only the cold-start figures")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    if not args.no_cold:
        figures = asyncio.run(cold_start())
        print("\ncold start: navigation to a drawn map")
        for name, seconds in figures.items():
            print(f"  {name:<44} {seconds:6.2f} s")
        warm = next(value for name, value in figures.items() if name.startswith("warm"))
        for how in ("run", "serve"):
            restart = figures[f"{how}: first reader after a restart"]
            print(f"  {how}: after a restart / warm: {restart / warm:.2f} (target at most 2)")
    if args.no_load:
        return 0
    result = asyncio.run(load(args))
    sessions = args.readers + args.articles
    print(
        f"\nload: {args.readers} readers x {args.interactions} picks + {args.articles} "
        f"articles of 600 words, at once ({result['wall']:.0f} s)"
    )
    print(f"  picks made: {len(result['seen'])}; errors: {len(result['errors'])}")
    for error in result["errors"][:10]:
        print(f"    {error.splitlines()[0]}")
    for label, values in (("in the page", result["seen"]), ("URL written", result["round_trip"])):
        print(
            f"  pick latency, {label}: p50 {percentile(values, 0.5):,.0f} ms, "
            f"p95 {percentile(values, 0.95):,.0f} ms (n={len(values)})"
        )
    if result["articles"]:
        print(
            f"  article mapped: median {statistics.median(result['articles']):.1f} s, "
            f"max {max(result['articles']):.1f} s (n={len(result['articles'])})"
        )
    memory = result["memory"]
    for name, value in memory.items():
        print(f"  server memory {name:<12} {value:7.1f} MB")
    per_session = (memory["peak during"] - memory["before"]) / sessions
    left = memory["after TTL"] / memory["before"] - 1
    print(
        f"  {per_session:.1f} MB per extra session (target at most 5); after they left "
        f"{left:+.1%} of before (target within 10 %); server CPU {result['cpu']:.0f} s"
    )
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
