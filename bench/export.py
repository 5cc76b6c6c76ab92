"""Benchmark the static export beside the live app: sizes, and time to a drawn map.

A script that prints figures, not a test. In one run it exports every explainer (without
previews) into a temporary folder, serves it with Python's ``http.server``, starts the app
(``tests.support.running_app``), drives Debian's headless Chromium and prints:

* the export's total size and file count, and the time the export took;
* one page's bytes: the HTML alone, and with everything it loads (the explainer's
  ``payload.js`` and the shared assets), raw and gzipped;
* time from navigation to a drawn map (``.bri-viewer[data-ready=true]`` and the country
  shapes drawn) for a new reader (fresh context) and a returning one (same context, second
  load): the exported opening page, served, beside the live app; the same page from disk.

Run: ``python bench/export.py`` (from any folder; about a minute). ``--runs N`` sets the
loads per reader. Wall-clock times on a shared machine: another busy process inflates them.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright

from explainers import export
from explainers.viewer.payload import PLOTLY_BUNDLE
from tests.support import LAPTOP, launch_chromium, running_app, wait_for_map

EXPLAINER = "bri-forum-2017"
PAGE = f"{EXPLAINER}/index.html"
# What an exported page loads besides its HTML (the favicon is a data: URL).
LOADS = (
    f"{EXPLAINER}/payload.js",
    "assets/world_50m.js",
    f"assets/{PLOTLY_BUNDLE}",
    "assets/viewer-classic.js",
    "assets/viewer.css",
    "assets/page.css",
    "assets/page.js",
)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=folder))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


def drawn_ms(page, url: str) -> float:
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(".bri-viewer[data-ready=true]", state="attached", timeout=180_000)
    wait_for_map(page)
    return (time.perf_counter() - started) * 1000


def readers(browser, url: str, runs: int) -> tuple[list[float], list[float]]:
    new, returning = [], []
    for _ in range(runs):
        context = browser.new_context(viewport=LAPTOP)
        page = context.new_page()
        new.append(drawn_ms(page, url))
        returning.append(drawn_ms(page, url))
        context.close()
    return new, returning


def sizes(site: Path) -> None:
    files = [p for p in site.rglob("*") if p.is_file()]
    total = sum(p.stat().st_size for p in files)
    print(f"export: {len(files)} files, {total / 1e6:.2f} MB")
    html = (site / PAGE).read_bytes()
    everything = html + b"".join((site / name).read_bytes() for name in LOADS)
    print(f"one page ({PAGE}):")
    print(f"  HTML alone            {len(html):>10,} B  ({len(gzip.compress(html)):>9,} B gzipped)")
    print(
        f"  with what it loads    {len(everything):>10,} B  "
        f"({len(gzip.compress(everything)):>9,} B gzipped)"
    )
    for name in LOADS:
        print(f"    {name:<42} {(site / name).stat().st_size:>10,} B")


def line(label: str, values: list[float]) -> str:
    return (
        f"  {label:<46} median {statistics.median(values):>6,.0f} ms  "
        f"(min {min(values):,.0f}, max {max(values):,.0f}, n={len(values)})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        started = time.perf_counter()
        export.export_site(site, previews=False, progress=False)
        print(f"export took {time.perf_counter() - started:.1f} s (no previews)")
        sizes(site)
        with serving(site) as static, running_app() as app, sync_playwright() as pw:
            browser = launch_chromium(pw)
            try:
                context = browser.new_context(viewport=LAPTOP)
                cold = (
                    drawn_ms(context.new_page(), f"{static}/{PAGE}"),
                    drawn_ms(context.new_page(), app),
                )
                context.close()
                print(f"first loads (warm-up): export {cold[0]:,.0f} ms, app {cold[1]:,.0f} ms")
                print("navigation to a drawn map:")
                rows = {
                    "export, served": readers(browser, f"{static}/{PAGE}", args.runs),
                    "live app": readers(browser, app, args.runs),
                    "export, from disk (file://)": readers(
                        browser, (site / PAGE).as_uri(), args.runs
                    ),
                }
                for label, (new, returning) in rows.items():
                    print(line(f"{label}, new reader", new))
                    print(line(f"{label}, returning reader", returning))
            finally:
                browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
