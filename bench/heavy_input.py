"""One reader's heavy input against another reader's picks: does a 1 MB article hold others up?

Starts the app, opens the explainer in one browser context (the other reader) and times
its picks, idle and then while a second context maps a 1 MB single-paragraph article
(the most the app accepts). A pick's time is from the click to the last message the
server sends for it (the viewer's fragment rerun), taken as the moment the websocket goes
quiet for 400 ms. A script that prints figures, not a test.

The article is linked in a worker process (``explainers/worker.py``); the heavy
reader first maps a short article, as an earlier reader would have, so the pool's worker
has started and warmed before the 1 MB one arrives (the time that took is printed). The
load average is printed with each phase: on a shared machine it says how far the figures
can be trusted.

Run: ``python bench/heavy_input.py`` (needs Debian's chromium, as the browser tests do).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright

from explainers.paths import ROOT
from explainers.text.article import MAX_BYTES
from tests.support import LAPTOP, launch_chromium, running_app, wait_for_map

QUIET_MS = 400
PICKS = 8
NAMES = ("KAZ", "RUS", "IDN", "TUR")


def heavy_article() -> bytes:
    """One paragraph just under the limit, of real news prose (the labelled articles)."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests/articles").glob("*.txt"))]
    words = " ".join(texts).split()
    text = " ".join(words * (MAX_BYTES // len(" ".join(words)) + 1)).encode()
    return text[: MAX_BYTES - 1000].rsplit(b" ", 1)[0]


class Frames:
    """The time of the last websocket frame the page received."""

    def __init__(self, page) -> None:
        self.last = time.perf_counter()
        page.on("websocket", lambda ws: ws.on("framereceived", self._seen))

    def _seen(self, _frame) -> None:
        self.last = time.perf_counter()


def pick(page, frames: Frames, code: str) -> float:
    """Click a mention of ``code``; seconds until the server's answer has arrived."""
    started = time.perf_counter()
    frames.last = started
    page.locator(f'.bri-mention[data-iso3="{code}"]').first.click()
    while True:
        page.wait_for_timeout(50)
        now = time.perf_counter()
        if frames.last > started and now - frames.last > QUIET_MS / 1000:
            return frames.last - started
        if now - started > 120:
            return float("inf")


class Probe:
    """The server's own answer time: ``/_stcore/health`` asked every 100 ms, in a thread.

    The health check is answered by the server's event loop, so it waits whenever
    Python code in the server's process (a reader's script) holds the interpreter lock;
    it needs no browser, so it is not slowed by the pages' own drawing.
    """

    def __init__(self, url: str) -> None:
        self.url = f"{url}/_stcore/health"
        self.samples: list[tuple[float, float]] = []
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.done.wait(0.1):
            started = time.perf_counter()
            with urllib.request.urlopen(self.url, timeout=60) as reply:
                reply.read()
            self.samples.append((started, time.perf_counter() - started))

    def between(self, start: float, end: float) -> list[float]:
        return [took for at, took in self.samples if start <= at < end]


def figures(label: str, seconds: list[float]) -> None:
    ms = sorted(s * 1000 for s in seconds)
    print(
        f"{label:<34} n={len(ms):>2}  median {statistics.median(ms):7.0f} ms  max {ms[-1]:7.0f} ms"
    )


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def map_text(page, url: str, text: str) -> float:
    """Map a short pasted article in ``page``; seconds until its text is drawn."""
    page.goto(f"{url}/your-article")
    page.get_by_label("Article text").fill(text)
    started = time.perf_counter()
    page.get_by_role("button", name="Map this article").click()
    page.locator(".bri-viewer .bri-passage").first.wait_for(timeout=120_000)
    return time.perf_counter() - started


def main() -> None:
    article = heavy_article()
    with (
        running_app() as url,
        sync_playwright() as playwright,
        tempfile.TemporaryDirectory() as folder,
    ):
        path = Path(folder) / "long.txt"
        path.write_bytes(article)
        browser = launch_chromium(playwright)
        reader = browser.new_context(viewport=LAPTOP).new_page()
        frames = Frames(reader)
        reader.goto(url)
        wait_for_map(reader, timeout=90_000)
        reader.wait_for_timeout(1000)
        print(f"before the idle picks: {load()}")
        probe = Probe(url)
        idle_from = time.perf_counter()
        idle = [pick(reader, frames, NAMES[i % len(NAMES)]) for i in range(PICKS)]
        print(f"  idle picks: {[round(s * 1000) for s in idle]} ms", file=sys.stderr)
        idle_health = probe.between(idle_from, time.perf_counter())

        heavy = browser.new_context(viewport=LAPTOP).new_page()
        first = map_text(heavy, url, "Xi met Putin in Beijing; Kazakhstan joined them.")
        print(f"a short article first (starts the worker): drawn after {first:.1f} s")
        print(f"before the heavy article: {load()}")
        heavy.goto(f"{url}/your-article")
        heavy.get_by_label("Article text").wait_for(timeout=60_000)
        heavy.locator("input[type=file]").set_input_files(str(path))
        heavy.get_by_text("long.txt").first.wait_for(timeout=60_000)
        started = time.perf_counter()
        heavy.get_by_role("button", name="Map this article").click()
        during, mapped = [], None
        for i in range(200):
            if heavy.locator(".bri-viewer .bri-passage").count():
                mapped = time.perf_counter() - started
                break
            refused = heavy.locator("[data-testid=stAlert]").filter(has_not_text="very long")
            if refused.count():
                print("the article was refused:", refused.first.inner_text())
                return
            at = time.perf_counter() - started
            during.append(pick(reader, frames, NAMES[i % len(NAMES)]))
            print(f"  pick at +{at:.1f} s: {during[-1] * 1000:.0f} ms", file=sys.stderr)
        if mapped is None:
            heavy.locator(".bri-viewer .bri-passage").first.wait_for(timeout=300_000)
            mapped = time.perf_counter() - started
        heavy_health = probe.between(started, started + mapped)
        probe.done.set()
        heavy.wait_for_function(
            "document.querySelectorAll('.js-plotly-plot path.choroplethlocation[d]').length > 3",
            timeout=300_000,
        )
        drawn = time.perf_counter() - started
        print(f"after the heavy article: {load()}")
        passages = heavy.locator(".bri-passage").count()
        notice = heavy.get_by_text("This article is very long").count() > 0

        print(f"heavy article: {len(article):,} bytes in one paragraph")
        print(f"  text drawn after {mapped:.1f} s, map after {drawn:.1f} s")
        print(f"  {passages} passages drawn; 'very long' notice shown: {notice}")
        figures("other reader's pick, idle", idle)
        if during:
            figures("other reader's pick, while linking", during)
        else:
            print("other reader's pick, while linking: none (the article mapped first)")
        figures("server's health answer, idle", idle_health)
        figures("server's health answer, while linking", heavy_health)
        browser.close()


if __name__ == "__main__":
    main()
