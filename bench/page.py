"""Benchmark the page as a reader gets it: time to a drawn map, and what each pick costs.

Starts the real app, drives headless Chromium, and prints figures (a script, not a test):

* time from navigation to a drawn map, the first load after the server starts (cold:
  the linker and the data load then) and later loads (warm), median of several;
* time from a pick in the country list to the country's card on screen;
* bytes the server sends over the websocket for the first page and for each pick
  (the figure's JSON is most of it), the figure's own JSON size, and the TopoJSON size
  (fetched once, then cached by the browser).

Run: ``python bench/page.py`` (from any folder).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright

from explainers import datasets
from explainers.explainer import load_explainer
from explainers.figures import figure_bytes, story_map
from explainers.geometry import TOPOJSON_FILE, country_table
from explainers.layers import DEFAULT_LAYERS
from tests.support import LAPTOP, launch_chromium, running_app, wait_for_map

WARM_LOADS = 5
PICKS = ("Kazakhstan (KAZ)", "Indonesia (IDN)", "Turkey (TUR)", "Russia (RUS)")


def _received(page) -> list[int]:
    """A running count of websocket bytes the page receives from the server."""
    counter = [0]

    def on_socket(socket) -> None:
        socket.on("framereceived", lambda frame: counter.__setitem__(0, counter[0] + len(frame)))

    page.on("websocket", on_socket)
    return counter


TITLE = "Xi and Putin at the Belt and Road Forum"


def load_time(opener, url: str) -> tuple[float, float, int]:
    """Seconds to the title, seconds to a drawn map, and websocket bytes received."""
    page = opener.new_page(viewport=LAPTOP) if hasattr(opener, "new_context") else opener.new_page()
    received = _received(page)
    start = time.perf_counter()
    page.goto(url)
    page.get_by_role("heading", name=TITLE).wait_for(timeout=120_000)
    to_text = time.perf_counter() - start
    wait_for_map(page, timeout=120_000)
    to_map = time.perf_counter() - start
    page.wait_for_timeout(300)
    bytes_in = received[0]
    page.close()
    return to_text, to_map, bytes_in


def _report(label: str, runs: list[float]) -> None:
    print(
        f"{label}: median {statistics.median(runs) * 1000:,.0f} ms "
        f"(min {min(runs) * 1000:,.0f}, max {max(runs) * 1000:,.0f}, n={len(runs)})"
    )


def pick_times(browser, url: str) -> tuple[list[float], list[int]]:
    page = browser.new_page(viewport=LAPTOP)
    received = _received(page)
    page.goto(url)
    wait_for_map(page)
    page.wait_for_timeout(500)
    times, sizes = [], []
    for label in PICKS:
        name = label.split(" (")[0]
        before = received[0]
        start = time.perf_counter()
        page.get_by_label("Pick a country (or click one on the map)").click()
        page.keyboard.type(label)
        page.keyboard.press("Enter")
        page.get_by_role("heading", name=name, exact=True).wait_for()
        wait_for_map(page)
        times.append(time.perf_counter() - start)
        page.wait_for_timeout(300)
        sizes.append(received[0] - before)
    page.close()
    return times, sizes


def figure_sizes() -> dict[str, int]:
    story, table = load_explainer("bri-forum-2017"), country_table()
    data = datasets.load_map_data()
    return {
        "no layers": figure_bytes(story_map(story, table)),
        "default layers": figure_bytes(story_map(story, table, None, data, DEFAULT_LAYERS)),
        "all layers, KAZ picked": figure_bytes(
            story_map(story, table, "KAZ", data, ("projects", "corridors", "partners", "forum"))
        ),
    }


def main() -> int:
    print(f"TopoJSON (fetched once, cached): {TOPOJSON_FILE.stat().st_size:,} bytes")
    for name, size in figure_sizes().items():
        print(f"figure JSON, {name}: {size:,} bytes")
    with running_app() as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        text, drawn, first_bytes = load_time(browser, base)
        print(
            f"first load after the server starts: title {text * 1000:,.0f} ms, "
            f"map {drawn * 1000:,.0f} ms"
        )
        print(f"websocket bytes for the first page: {first_bytes:,}")
        new_readers = [load_time(browser, base) for _ in range(WARM_LOADS)]
        _report("new reader (empty browser cache), to the title", [r[0] for r in new_readers])
        _report("new reader (empty browser cache), to a drawn map", [r[1] for r in new_readers])
        context = browser.new_context(viewport=LAPTOP)
        load_time(context, base)
        returning = [load_time(context, base) for _ in range(WARM_LOADS)]
        _report("returning reader (browser cache), to the title", [r[0] for r in returning])
        _report("returning reader (browser cache), to a drawn map", [r[1] for r in returning])
        times, sizes = pick_times(browser, base)
        _report("pick a country, to its card and the map redrawn", times)
        print(f"websocket bytes per pick: median {statistics.median(sizes):,.0f}")
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
