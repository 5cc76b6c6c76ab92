"""Measure the server's memory as readers come and go: does it return to its baseline?

A script that prints figures, not a test. It starts the app, reads the server's resident
memory (RSS, from ``/proc``), opens N reader sessions at once in headless Chromium (one
browser, one context each: each waits for the map, picks a few names, and a share of
them map an article on the "Bring your own article" page), closes them all, and reads
the RSS again once the server has let go of the closed sessions. It prints::

    start        server up, no reader yet
    warm         after one reader came and went (imports, caches, the built-in payload)
    during       N readers open
    closed       just after they closed
    after TTL    once the server dropped the closed sessions (its disconnectedSessionTTL)

and the growth per session (during - warm) / N and what is left (after - warm).

Run: ``python bench/memory.py`` (``--sessions 20``, ``--articles 5``, ``--ttl 10``:
the seconds the server keeps a closed session for a reconnect, Streamlit's
``server.disconnectedSessionTTL``, 120 by default; the bench sets it short so it need
not wait two minutes, and says so). Linux only (``/proc``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from viewer import NAME_AT, NAMES, OURS_DRAWN, PICKED, PICKS  # bench/viewer.py

from explainers.browser import CHROMIUM, CHROMIUM_ARGS
from tests.support import LAPTOP, served_app

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = sorted((ROOT / "tests" / "articles").glob("*.txt"))


def article_text(index: int, words: int = 600) -> str:
    """About ``words`` words of real news text: the test articles, from the index-th on."""
    parts, count = [], 0
    for step in range(len(ARTICLES)):
        text = ARTICLES[(index + step) % len(ARTICLES)].read_text(encoding="utf-8")
        parts.append(text.strip())
        count += len(text.split())
        if count >= words:
            break
    return "\n\n".join(parts)


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` in MB (VmRSS)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time of ``pid`` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def served(ttl: int | None = None, how: str = "serve") -> Iterator[tuple[str, int]]:
    """The app on a free port: (url, server pid). ``how`` is ``serve`` (``python -m
    explainers serve``, which loads what the first page needs before serving) or ``run``
    (plain ``streamlit run app.py``). ``ttl`` sets ``server.disconnectedSessionTTL``."""
    env = {"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(ttl)} if ttl is not None else {}
    command = [sys.executable, "-m", "explainers", "serve"]
    if how == "run":
        command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py")]
    with served_app(command, ROOT, env, timeout=300, output=subprocess.DEVNULL) as (url, process):
        yield url, process.pid


async def pick(page, click, timeout: float = 120_000) -> float:
    """Run ``click`` and wait until the viewer has applied it; the milliseconds it took."""
    before = await page.evaluate(PICKS)
    started = time.perf_counter()
    await click()
    await page.wait_for_function(PICKED, arg=before, timeout=timeout)
    return (time.perf_counter() - started) * 1000


async def pick_name(page, name: str) -> float:
    point = await page.evaluate(NAME_AT, name)
    if point is None:
        raise RuntimeError(f"no name {name!r} in the text")
    return await pick(page, lambda: page.mouse.click(point["x"], point["y"]))


async def open_reader(browser, url: str, article: str | None = None, picks: int = 3):
    """A reader: a fresh context, the map drawn, a few names picked. Returns the context."""
    context = await browser.new_context(viewport=LAPTOP)
    page = await context.new_page()
    if article is None:
        await page.goto(f"{url}/", timeout=180_000)
        await page.wait_for_function(OURS_DRAWN, timeout=180_000)
        for name in NAMES[:picks]:
            await pick_name(page, name)
    else:
        await map_article(page, url, article)
    return context


async def map_article(page, url: str, article: str, timeout: float = 180_000) -> float:
    """Paste ``article`` on the article page and wait for its map; the seconds it took."""
    await page.goto(f"{url}/your-article", timeout=timeout)
    await page.get_by_label("Article text").fill(article)
    started = time.perf_counter()
    await page.get_by_role("button", name="Map this article").click()
    await page.wait_for_function(OURS_DRAWN, timeout=timeout)
    return time.perf_counter() - started


async def measure(url: str, pid: int, sessions: int, articles: int, ttl: int) -> dict:
    from playwright.async_api import async_playwright

    figures = {"start": rss_mb(pid)}
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=list(CHROMIUM_ARGS)
        )
        await (await open_reader(browser, url)).close()  # the warm-up reader
        await asyncio.sleep(ttl + 5)
        figures["warm"] = rss_mb(pid)
        readers = [
            open_reader(browser, url, article_text(i) if i < articles else None)
            for i in range(sessions)
        ]
        contexts = await asyncio.gather(*readers)
        figures["during"] = rss_mb(pid)
        for context in contexts:
            await context.close()
        await browser.close()
    await asyncio.sleep(3)
    figures["closed"] = rss_mb(pid)
    await asyncio.sleep(ttl + 10)
    figures["after TTL"] = rss_mb(pid)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--articles", type=int, default=5, help="of the sessions, how many")
    parser.add_argument("--ttl", type=int, default=10, help="server.disconnectedSessionTTL")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    started = time.monotonic()
    with served(args.ttl) as (url, pid):
        figures = asyncio.run(measure(url, pid, args.sessions, args.articles, args.ttl))
        cpu = cpu_seconds(pid)
    for name, value in figures.items():
        print(f"{name:<10} {value:7.1f} MB")
    grown = (figures["during"] - figures["warm"]) / args.sessions
    left = figures["after TTL"] - figures["warm"]
    print(
        f"{args.sessions} sessions ({args.articles} with an article): "
        f"{grown:.1f} MB per open session; {left:+.1f} MB left after they closed "
        f"({left / figures['warm']:+.0%} of warm); server CPU {cpu:.0f} s in "
        f"{time.monotonic() - started:.0f} s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
