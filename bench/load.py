"""Load the app as a busy day would: many readers at once, each picking on what they see.

A script that prints figures, not a test. It starts the server as a deploy does
(``python -m explainers serve``, which loads what the first page needs before it
serves), drives Debian's headless Chromium through Playwright's async API (one browser,
one context per reader) and prints a Markdown table of:

* errors: every one, with its session, interaction and cause (target: none): a pick that
  did not land in the page or reach the URL, a page or an article that was not drawn, in
  time (``--patience``), a script error in the page or Streamlit's error box; apart from
  them, the script's own misses (nothing on screen to aim at), which say nothing of the
  app but should be none too;
* interaction latency: from the click until the viewer has applied the pick in the page
  (its ``data-picks`` counter moves and its view holds what was picked), and until the
  server has written the pick to the URL (the round trip); median and p95;
* articles: ``--articles`` (5) readers paste a 600-word article on the "Bring your own
  article" page; the time until its map is drawn;
* the server's memory (RSS) before, at its peak during, just after the readers closed
  and once the server dropped the closed sessions (targets: back within 10 % of before;
  at most 5 MB per extra session) and its CPU time;
* the machine's load average before and during the run (the browsers share it).

``--readers`` (20) readers each make ``--interactions`` (12) picks, in turn: a name in
the text (clicked where it is on screen), a step of the guided story (Start, Next) and a
country on the map: one whose middle is in the map's current frame and that plotly says
is under the pointer before the click (a step frames the map on its region, so a fixed
list of countries would miss). Page loads are limited to ``--loads`` (4) at a time, so
twenty Chromium renderers starting at once do not starve the server of CPU; the picks run
all at once. Errors are counted, never retried.

Run: ``python bench/load.py`` (five to ten minutes on two cores; ``--cold`` adds the
cold-start figures: the first reader after a start, with and without the disk cache).
``--ttl`` sets how long the server keeps a closed session for a reconnect (Streamlit's
``server.disconnectedSessionTTL``, 120 s by default; 10 here so the "after" figure need
not wait two minutes). Linux only (``/proc``). Exit status 1 if there was any error.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from memory import article_text, cpu_seconds, map_article, rss_mb, served
from viewer import HOVERED, NAMES, OURS_DRAWN

from explainers.browser import CHROMIUM, CHROMIUM_ARGS
from explainers.data.shapes import country_table
from explainers.disk_cache import CACHE_ENV
from tests.support import LAPTOP

LOAD_MS = 180_000  # a page load on a busy machine (--patience x 3)
PICK_MS = 60_000  # from a click to the pick in the page, and to the URL (--patience)
HOVER_MS = 5_000  # plotly's hover label follows the pointer within a frame or two
TRIES = 12  # countries in view to try, the largest first
ERROR_BOX = "[data-testid='stException']"

# The viewer's state: what it shows now, as the page holds it.
VIEW = """() => {
  const root = document.querySelector('.bri-viewer');
  const state = root.briViewer;
  const index = state.payload.steps.findIndex((s) => s.id === state.view.step);
  return {picks: Number(root.dataset.picks || 0), country: state.view.country || null,
          step: index, steps: state.payload.steps.map((s) => s.id)};
}"""
# A pick has landed: the counter moved and the view holds what was asked for.
LANDED = """([before, key, value]) => {
  const root = document.querySelector('.bri-viewer');
  if (Number(root.dataset.picks || 0) <= before) return false;
  return key === null || (root.briViewer.view[key] || null) === value;
}"""
# Streamlit's own flag (its end-to-end tests wait on it): no run of the script under way, so
# the viewer is not about to be sent again while the reader clicks.
IDLE = """() => document.querySelector('[data-testid="stApp"]')
  ?.getAttribute('data-test-script-state') === 'notRunning'"""
IN_URL = "part => new URLSearchParams(window.location.search).toString().includes(part)"
# Countries whose middle is inside the map's current frame: [code, x, y] on the page.
IN_VIEW = """(rows) => {
  const map = document.querySelector('.bri-map');
  map.scrollIntoView({block: 'center', behavior: 'instant'});
  const geo = map._fullLayout.geo._subplot;
  const svg = map.querySelector('.main-svg').getBoundingClientRect();
  const domain = map._fullLayout.geo.domain;
  const size = map._fullLayout._size;
  const left = svg.x + size.l + domain.x[0] * size.w, right = svg.x + size.l + domain.x[1] * size.w;
  const top = svg.y + size.t + (1 - domain.y[1]) * size.h;
  const bottom = svg.y + size.t + (1 - domain.y[0]) * size.h;
  const inside = [];
  for (const [code, lon, lat] of rows) {
    const xy = geo.projection([lon, lat]);
    if (!xy || !isFinite(xy[0]) || !isFinite(xy[1])) continue;
    if (geo.isLonLatOverEdges && geo.isLonLatOverEdges([lon, lat])) continue;
    const x = svg.x + xy[0], y = svg.y + xy[1];
    if (x > left + 8 && x < right - 8 && y > top + 8 && y < bottom - 8) inside.push([code, x, y]);
  }
  return inside;
}"""


@dataclass
class Session:
    """One reader: a label, the picks' timings, and every error with where it happened."""

    label: str
    seen: list[float] = field(default_factory=list)  # ms, click to the pick in the page
    round_trip: list[float] = field(default_factory=list)  # ms, click to the URL written
    errors: list[str] = field(default_factory=list)
    article_s: float | None = None

    aim_errors: list[str] = field(default_factory=list)

    def error(self, where: str, cause: str) -> None:
        """The app did not do what the reader asked, in time: the figure that matters."""
        self.errors.append(f"{self.label}, {where}: {cause}")

    def missed(self, where: str, cause: str) -> None:
        """The script found nothing to aim at: its own fault, never the app's."""
        self.aim_errors.append(f"{self.label}, {where}: {cause}")


def cause_of(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0] if text else ''}"[:240]


async def landed(session: Session, page, where: str, click, expect, in_url: str | None) -> None:
    """Click, then wait for the viewer's own signal that the pick landed, then the URL.

    ``expect`` is ``(key, value)``: the view's ``country`` or ``step`` after the pick.
    """
    before = (await page.evaluate(VIEW))["picks"]
    started = time.perf_counter()
    try:
        await click()
    except Exception as error:
        session.error(where, f"the click failed: {cause_of(error)}")
        return
    try:
        await page.wait_for_function(LANDED, arg=[before, *expect], timeout=PICK_MS)
    except Exception as error:
        now = await page.evaluate(VIEW)
        session.error(
            where,
            f"the pick did not land in {PICK_MS / 1000:.0f} s (picks {before} -> "
            f"{now['picks']}, view country {now['country']}, step {now['step']}): "
            f"{cause_of(error)}",
        )
        return
    session.seen.append((time.perf_counter() - started) * 1000)
    if in_url is None:
        return
    try:
        await page.wait_for_function(IN_URL, arg=in_url, timeout=PICK_MS)
    except Exception:
        session.error(
            where, f"the server did not write {in_url} to the URL in {PICK_MS / 1000:.0f} s"
        )
        return
    session.round_trip.append((time.perf_counter() - started) * 1000)


async def pick_name(session: Session, page, number: int, name: str) -> None:
    """Click a name where it stands in the text (Playwright scrolls to it and checks that
    it, not something over it, takes the click)."""
    where = f"interaction {number} (name {name})"
    button = page.locator("button.bri-mention").filter(has_text=re.compile(f"^{name}$")).first
    if not await button.count():
        session.missed(where, "not in the text")
        return
    codes = (await button.get_attribute("data-iso3") or "").split()
    # A name of one country picks it; a region or a place of several leaves the choice to
    # the viewer, which still counts the pick.
    expect = ("country", codes[0]) if len(codes) == 1 else (None, None)
    in_url = f"country={codes[0]}" if len(codes) == 1 else None
    await landed(session, page, where, button.click, expect, in_url)


async def pick_step(session: Session, page, number: int) -> None:
    """Next (Start before the first step; Previous once at the last)."""
    view = await page.evaluate(VIEW)
    forward = view["step"] < len(view["steps"]) - 1
    target = view["steps"][view["step"] + 1 if forward else view["step"] - 1]
    where = f"interaction {number} (step {target})"
    head = page.locator(".bri-viewer .bri-steps-head button")
    button = head.filter(has_text=re.compile("^(Start|Next)$" if forward else "^Previous$"))
    await landed(session, page, where, button.first.click, ("step", target), f"step={target}")


async def pick_country(
    session: Session, page, number: int, rows, sizes, rng: random.Random
) -> None:
    """Click a country that is in the map's frame now and that plotly hovers there."""
    view = await page.evaluate(VIEW)
    candidates = [c for c in await page.evaluate(IN_VIEW, rows) if c[0] != view["country"]]
    # The largest first (least likely to sit under a marker), shuffled among themselves so
    # readers pick different ones.
    candidates = sorted(candidates, key=lambda c: -sizes[c[0]])[:TRIES]
    rng.shuffle(candidates)
    for code, x, y in candidates:
        await page.mouse.move(x - 12, y)
        await page.mouse.move(x, y, steps=3)
        try:
            await page.wait_for_function(
                f"() => ({HOVERED})() === 'countries {code}'", timeout=HOVER_MS
            )
        except Exception:
            continue  # a marker, a label or a neighbour is under the pointer: try another
        where = f"interaction {number} (country {code} on the map)"
        click = lambda x=x, y=y: page.mouse.click(x, y)  # noqa: E731
        await landed(session, page, where, click, ("country", code), f"country={code}")
        return
    session.missed(
        f"interaction {number} (a country on the map)",
        f"none of the {len(candidates)} largest countries in view was under the pointer alone",
    )


async def explore(session: Session, context, url: str, interactions: int, rows, loads) -> None:
    page = await context.new_page()
    page.set_default_timeout(LOAD_MS)  # a click or a fill on a busy machine
    sizes = {code: lon * lat for code, lon, lat in rows["spans"]}
    rows = rows["middles"]
    page.on("pageerror", lambda error: session.error("page", f"script error: {error}"))
    try:
        async with loads:
            await page.goto(f"{url}/", timeout=LOAD_MS)
            await page.wait_for_function(OURS_DRAWN, timeout=LOAD_MS)
    except Exception as error:
        session.error("page load", cause_of(error))
        return
    rng = random.Random(session.label)
    names = iter(NAMES * (interactions // len(NAMES) + 1))
    for number in range(1, interactions + 1):
        kind = ("name", "step", "country")[(number - 1) % 3]
        try:
            await page.wait_for_function(IDLE, timeout=PICK_MS)
        except Exception as error:
            session.error(
                f"interaction {number} ({kind})", f"the app never idled: {cause_of(error)}"
            )
            continue
        try:
            if kind == "name":
                await pick_name(session, page, number, next(names))
            elif kind == "step":
                await pick_step(session, page, number)
            else:
                await pick_country(session, page, number, rows, sizes, rng)
        except Exception as error:  # a page that went away, an evaluate that failed
            session.error(f"interaction {number} ({kind})", cause_of(error))
    if await page.locator(ERROR_BOX).count():
        session.error("end", "Streamlit's error box is on the page")


async def bring_article(session: Session, context, url: str, index: int, loads) -> None:
    page = await context.new_page()
    page.set_default_timeout(LOAD_MS)
    page.on("pageerror", lambda error: session.error("page", f"script error: {error}"))
    try:
        async with loads:
            session.article_s = await map_article(page, url, article_text(index), LOAD_MS)
    except Exception as error:
        alerts = await page.locator("[data-testid='stAlertContainer']").all_inner_texts()
        shown = f"; the page says: {' | '.join(a.strip() for a in alerts)[:200]}" if alerts else ""
        session.error("mapping the article", cause_of(error) + shown)
        return
    if await page.locator(ERROR_BOX).count():
        session.error("mapping the article", "Streamlit's error box is on the page")


async def time_to_map(browser, url: str) -> float:
    context = await browser.new_context(viewport=LAPTOP)
    page = await context.new_page()
    started = time.perf_counter()
    await page.goto(f"{url}/", timeout=LOAD_MS)
    await page.wait_for_function(OURS_DRAWN, timeout=LOAD_MS)
    seconds = time.perf_counter() - started
    await context.close()
    return seconds


async def cold_start(warm_readers: int = 3) -> dict[str, float]:
    """Time to a drawn map: the first reader after a start, then warm readers.

    Each way of starting (``streamlit run``, and ``python -m explainers serve``) is timed
    on a fresh deploy (empty disk cache) and after a restart (the cache kept).
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


async def sample(pid: int, stop: asyncio.Event, rss: list[float], load: list[float]) -> None:
    """Every second until ``stop``: the server's RSS and the machine's 1-minute load."""
    while not stop.is_set():
        rss.append(rss_mb(pid))
        load.append(os.getloadavg()[0])
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=1)


async def load(args) -> dict:
    from playwright.async_api import async_playwright

    table = country_table()
    rows = {
        "middles": [[code, float(r["lon"]), float(r["lat"])] for code, r in table.iterrows()],
        "spans": [[code, r["lon_span"], r["lat_span"]] for code, r in table.iterrows()],
    }
    sessions = [Session(f"reader {i + 1}") for i in range(args.readers)]
    sessions += [Session(f"article {i + 1}") for i in range(args.articles)]
    with served(args.ttl) as (url, pid):
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(
                executable_path=CHROMIUM, args=list(CHROMIUM_ARGS)
            )
            await time_to_map(browser, url)  # one reader first: the page's own caches
            # The server drops a closed session after its TTL; nothing it sends says so.
            await asyncio.sleep(args.ttl + 5)
            memory = {"before": rss_mb(pid)}
            load_before = os.getloadavg()[0]
            cpu_before = cpu_seconds(pid)
            # Reduced motion: the viewer scrolls at once, so a name is where it was found.
            contexts = [
                await browser.new_context(viewport=LAPTOP, reduced_motion="reduce")
                for _ in sessions
            ]
            loads = asyncio.Semaphore(args.loads)
            work = [
                explore(s, c, url, args.interactions, rows, loads)
                for s, c in zip(sessions[: args.readers], contexts, strict=False)
            ]
            work += [
                bring_article(s, c, url, i, loads)
                for i, (s, c) in enumerate(
                    zip(sessions[args.readers :], contexts[args.readers :], strict=True)
                )
            ]
            rss, load_avg, stop = [], [], asyncio.Event()
            sampler = asyncio.ensure_future(sample(pid, stop, rss, load_avg))
            started = time.perf_counter()
            results = await asyncio.gather(*work, return_exceptions=True)
            wall = time.perf_counter() - started
            stop.set()
            await sampler
            memory["peak during"] = max([*rss, rss_mb(pid)])
            for context in contexts:
                await context.close()
            await browser.close()
        cpu = cpu_seconds(pid) - cpu_before
        await asyncio.sleep(3)
        memory["just closed"] = rss_mb(pid)
        await asyncio.sleep(args.ttl + 10)  # past the TTL: the closed sessions are gone
        memory["after TTL"] = rss_mb(pid)
    for session, result in zip(sessions, results, strict=True):
        if isinstance(result, BaseException):
            session.error("session", cause_of(result))
    return {
        "sessions": sessions,
        "memory": memory,
        "cpu": cpu,
        "wall": wall,
        "load": (load_before, statistics.mean(load_avg or [0]), max(load_avg or [0])),
    }


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0


def table(rows: list[tuple[str, str, str]]) -> str:
    lines = ["| figure | measured | target |", "|---|---|---|"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(lines)


def report(args, result: dict) -> tuple[str, list[str]]:
    sessions = result["sessions"]
    errors = [e for s in sessions for e in s.errors]
    misses = [e for s in sessions for e in s.aim_errors]
    seen = [ms for s in sessions for ms in s.seen]
    trip = [ms for s in sessions for ms in s.round_trip]
    articles = [s.article_s for s in sessions if s.article_s is not None]
    memory = result["memory"]
    extra = (memory["peak during"] - memory["before"]) / len(sessions)
    left = memory["after TTL"] / memory["before"] - 1
    before, mean, peak = result["load"]

    def latency(values):
        p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
        return f"{p50:,.0f} ms / {p95:,.0f} ms (n={len(values)})"

    rows = [
        ("errors (the app did not do what was asked, in time)", str(len(errors)), "0"),
        ("script misses (nothing on screen to aim at)", str(len(misses)), "0"),
        (
            "interactions made",
            f"{len(seen)} of {args.readers * args.interactions}",
            f"{args.readers} readers x {args.interactions}",
        ),
        ("pick in the page, median / p95", latency(seen), ""),
        ("pick written to the URL, median / p95", latency(trip), ""),
        (
            f"{args.articles} articles of 600 words mapped, median / max",
            f"{statistics.median(articles):.1f} s / {max(articles):.1f} s" if articles else "-",
            "",
        ),
        (
            "server memory: before / peak / after TTL",
            f"{memory['before']:.0f} / {memory['peak during']:.0f} / {memory['after TTL']:.0f} MB",
            "",
        ),
        ("memory per extra session", f"{extra:.1f} MB", "at most 5 MB"),
        ("memory after the sessions closed", f"{left:+.1%} of before", "within 10 %"),
        ("server CPU during the run", f"{result['cpu']:.0f} s in {result['wall']:.0f} s", ""),
        (
            "load average (1 min): before / mean / max during",
            f"{before:.1f} / {mean:.1f} / {peak:.1f} on {os.cpu_count()} CPUs",
            "",
        ),
    ]
    return table(rows), errors, misses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--readers", type=int, default=20)
    parser.add_argument("--interactions", type=int, default=12)
    parser.add_argument("--articles", type=int, default=5)
    parser.add_argument("--loads", type=int, default=4, help="page loads at a time")
    parser.add_argument("--ttl", type=int, default=10, help="server.disconnectedSessionTTL")
    parser.add_argument(
        "--patience", type=float, default=60, help="seconds a pick may take (page loads: 3x)"
    )
    parser.add_argument("--cold", action="store_true", help="add the cold-start figures")
    args = parser.parse_args()
    global PICK_MS, LOAD_MS
    PICK_MS, LOAD_MS = args.patience * 1000, args.patience * 3000
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start\n")
    if args.cold:
        figures = asyncio.run(cold_start())
        warm = next(value for name, value in figures.items() if name.startswith("warm"))
        rows = [
            (f"cold start, {name}", f"{seconds:.2f} s", "") for name, seconds in figures.items()
        ]
        for how in ("run", "serve"):
            restart = figures[f"{how}: first reader after a restart"]
            rows.append((f"{how}: after a restart / warm", f"{restart / warm:.2f}", "at most 2"))
        print(table(rows) + "\n")
    result = asyncio.run(load(args))
    markdown, errors, misses = report(args, result)
    print(
        f"load: {args.readers} readers x {args.interactions} interactions + {args.articles} "
        f"articles, at once, {args.loads} page loads at a time, served by "
        f"`python -m explainers serve` ({result['wall']:.0f} s)\n"
    )
    print(markdown)
    for title, lines in (("errors", errors), ("script misses", misses)):
        if lines:
            print(f"\n{len(lines)} {title}:")
            for line in lines:
                print(f"- {line}")
    return 1 if errors or misses else 0


if __name__ == "__main__":
    raise SystemExit(main())
