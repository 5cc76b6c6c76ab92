"""Hostile project files against another reader: does one upload hold the others up?

Starts the app, opens the explainer in one browser context (the other reader) and times
its picks and the server's own health answer, idle and then while a second context
uploads, one after another, each hostile file of ``tests/test_newsroom_hostile.py`` plus
25,000 rows just off the coast (every one failing the point-in-country test) on the
"Bring your own projects" page. For each file it prints how long the page took to answer
and the other reader's figures meanwhile. A script that prints figures, not a test.

The files are checked in the linker's worker process (``explainers/ui/projects.py``), so
the server's own loop should answer as fast as when idle.

Run: ``python bench/hostile_uploads.py`` (needs Debian's chromium, as the browser tests do).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright

from bench.heavy_input import NAMES, Frames, Probe, load, pick
from explainers.paths import ROOT
from tests.support import LAPTOP, launch_chromium, served_app, wait_for_map
from tests.test_newsroom_hostile import REFUSED

IDLE_PICKS = 8
SERVE = [sys.executable, "-m", "explainers", "serve"]  # as `make run` starts it


def off_coast_rows(count: int = 25_000) -> bytes:
    """Rows 60-odd km off Pakistan's coast, each outside its country."""
    rows = [
        f"Rig {i},PAK,{24.2 - (i % 500) * 1e-3:.4f},{63.0 + i * 1e-5:.5f}" for i in range(count)
    ]
    return ("Title,ISO3,Latitude,Longitude\n" + "\n".join(rows) + "\n").encode()


def rss_mb(pid: int) -> float:
    """The server process's resident memory (its own, not its workers'), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def median_ms(seconds: list[float]) -> str:
    if not seconds:
        return "      -"
    return f"{statistics.median(seconds) * 1000:7.0f}"


def max_ms(seconds: list[float]) -> str:
    return f"{max(seconds) * 1000:7.0f}" if seconds else "      -"


def upload(page, path: Path, reader, frames) -> tuple[float, list[float], str]:
    """Upload ``path`` and press Draw; seconds to the page's answer, the other reader's
    picks meanwhile, and the answer's first words."""
    field = page.locator("input[type=file]")
    field.set_input_files(str(path))
    page.get_by_test_id("stFileUploader").get_by_text(path.name, exact=True).wait_for()
    answer = page.locator('[data-testid="stAlertContentError"]').filter(has_text=path.name)
    answer = answer.or_(page.get_by_text("listed below"))
    started = time.perf_counter()
    page.get_by_role("button", name="Draw my projects").click()
    picks = []
    while not answer.count() and time.perf_counter() - started < 300:
        picks.append(pick(reader, frames, NAMES[len(picks) % len(NAMES)]))
    took = time.perf_counter() - started
    text = answer.first.inner_text() if answer.count() else "no answer in 300 s"
    return took, picks, " ".join(text.split())[:60]


def main() -> None:
    with (
        served_app(SERVE, ROOT, timeout=180, output=subprocess.DEVNULL) as (
            url,
            server,
        ),
        sync_playwright() as playwright,
        tempfile.TemporaryDirectory() as folder,
    ):
        files = []
        for name, data, _words in REFUSED:
            files.append(Path(folder) / name)
            files[-1].write_bytes(data)
        files.append(Path(folder) / "off_coast_25000.csv")
        files[-1].write_bytes(off_coast_rows())

        browser = launch_chromium(playwright)
        reader = browser.new_context(viewport=LAPTOP).new_page()
        frames = Frames(reader)
        reader.goto(url)
        wait_for_map(reader, timeout=90_000)
        heavy = browser.new_context(viewport=LAPTOP).new_page()
        heavy.goto(f"{url}/your-projects")
        heavy.locator("input[type=file]").wait_for(state="attached", timeout=90_000)
        reader.wait_for_timeout(1000)
        print(f"before the idle picks: {load()}")
        probe = Probe(url)
        idle_from = time.perf_counter()
        idle = [pick(reader, frames, NAMES[i % len(NAMES)]) for i in range(IDLE_PICKS)]
        idle_health = probe.between(idle_from, time.perf_counter())
        print(f"before the uploads: {load()}")
        before = rss_mb(server.pid)
        print(f"server memory before the uploads: {before:.0f} MB")
        print(
            f"{'file':<22} {'bytes':>10} {'answer s':>8}  {'health ms med/max':>17}  "
            f"{'pick ms med':>11}  {'RSS MB':>6}  answer"
        )
        print(
            f"{'(idle)':<22} {'':>10} {'':>8}  {median_ms(idle_health)} /{max_ms(idle_health)}"
            f"  {median_ms(idle):>11}"
        )
        for path in files:
            started = time.perf_counter()
            took, picks, answer = upload(heavy, path, reader, frames)
            health = probe.between(started, started + took)
            print(
                f"{path.name:<22} {path.stat().st_size:>10,} {took:8.1f}  "
                f"{median_ms(health)} /{max_ms(health)}  {median_ms(picks):>11}  "
                f"{rss_mb(server.pid):6.0f}  {answer}"
            )
        probe.done.set()
        print(f"after the uploads: {load()}")
        heavy.context.close()  # the uploading reader leaves
        reader.wait_for_timeout(5000)
        after = rss_mb(server.pid)
        print(
            f"server memory after the uploader left: {after:.0f} MB "
            f"({(after - before) / before:+.1%} on before the uploads)"
        )
        browser.close()


if __name__ == "__main__":
    main()
