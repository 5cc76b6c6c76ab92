"""Benchmark the two ways to serve many readers, both behind ``deploy/nginx.conf``: the
live app as two Streamlit processes, and the static export.

A script that prints figures, not a test. In one run it exports every explainer (without
previews), starts two app processes (``tests.support.running_app``) and nginx with the
shipped config on free loopback ports (``tests.support.running_nginx``), drives Debian's
headless Chromium and prints, for a new reader (fresh browser context) of the opening view:

* wall-clock time from navigation to a drawn map, the export beside the live app,
  interleaved run by run so both see the same load on the machine;
* the browser's main-thread CPU time to that point (Chromium's ``ThreadTime`` metric),
  which a busy machine inflates far less than the wall clock;
* bytes over the wire (gzipped by nginx) for the export's page and what it loads;
* the server's cost per reader: CPU seconds and resident memory one app process spends per
  new session (sessions kept open, as readers leave tabs open), and nginx's for the export.

Run: ``python bench/serving.py`` (about two minutes; needs nginx, which ``make
setup-test`` installs). ``--runs N`` sets the loads per site, ``--sessions K`` the sessions
opened on one process to measure its memory.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from playwright.sync_api import sync_playwright

from explainers import export
from tests.support import (
    LAPTOP,
    NGINX,
    free_port,
    launch_chromium,
    nginx_config,
    running_app,
    running_nginx,
    wait_for_map,
)

EXPLAINER = "bri-forum-2017"
TICKS = os.sysconf("SC_CLK_TCK")
PAGE_BYTES = """() => performance.getEntriesByType('resource')
  .concat(performance.getEntriesByType('navigation'))
  .reduce((sum, entry) => sum + entry.transferSize, 0)"""


def pid_on_port(port: int) -> int:
    """The process listening on ``port`` started with ``--server.port PORT`` (ours)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if (
            b"--server.port" in args
            and args[args.index(b"--server.port") + 1] == str(port).encode()
        ):
            return int(entry.name)
    raise RuntimeError(f"no streamlit process with --server.port {port}")


def nginx_pids(prefix: Path) -> list[int]:
    master = int((prefix / "nginx.pid").read_text())
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [master, *map(int, children)]


def rss_mb(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def cpu_s(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / TICKS


def load(browser, url: str) -> tuple[float, float, int, object]:
    """A new reader: (wall ms to a drawn map, main-thread CPU ms, bytes, the open context)."""
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(".bri-viewer[data-ready=true]", state="attached", timeout=90_000)
    wait_for_map(page)
    wall = (time.perf_counter() - started) * 1000
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    return wall, metrics["ThreadTime"] * 1000, page.evaluate(PAGE_BYTES), context


def median_line(label: str, values: list[float], unit: str = "ms") -> str:
    return (
        f"  {label:<40} median {statistics.median(values):>7,.0f} {unit}  "
        f"(min {min(values):,.0f}, max {max(values):,.0f}, n={len(values)})"
    )


def readers(browser, urls: dict[str, str], runs: int) -> None:
    wall = {name: [] for name in urls}
    thread = {name: [] for name in urls}
    sent = {}
    for _ in range(runs):
        for name, url in urls.items():
            ms, cpu, size, context = load(browser, url)
            context.close()
            wall[name].append(ms)
            thread[name].append(cpu)
            sent[name] = size
    print("new reader, navigation to a drawn map (through nginx):")
    for name in urls:
        print(median_line(f"{name}, wall clock", wall[name]))
        print(median_line(f"{name}, browser main-thread CPU", thread[name]))
    ratio = statistics.median(wall["export"]) / statistics.median(wall["live app"])
    cpu_ratio = statistics.median(thread["export"]) / statistics.median(thread["live app"])
    print(f"  export / live app: {ratio:.2f} (wall clock), {cpu_ratio:.2f} (main-thread CPU)")
    print("bytes over the wire per new reader (HTTP only; the app's websocket comes on top):")
    for name in urls:
        print(f"  {name:<40} {sent[name]:>10,} B")


def sessions(browser, app: str, count: int) -> None:
    """Memory and CPU one app process spends per new reader, sessions left open."""
    pid = pid_on_port(urlsplit(app).port)
    before_rss, before_cpu = rss_mb([pid]), cpu_s([pid])
    contexts = [load(browser, app)[3] for _ in range(count)]
    time.sleep(2)
    after_rss, after_cpu = rss_mb([pid]), cpu_s([pid])
    for context in contexts:
        context.close()
    print(f"one app process, {count} new readers with their tabs left open:")
    print(f"  resident memory {before_rss:,.0f} MB -> {after_rss:,.0f} MB: "
          f"{(after_rss - before_rss) / count:,.1f} MB per session")  # fmt: skip
    print(f"  server CPU {(after_cpu - before_cpu) / count * 1000:,.0f} ms per new reader")


def static_cost(browser, url: str, prefix: Path, count: int) -> None:
    pids = nginx_pids(prefix)
    before_rss, before_cpu = rss_mb(pids), cpu_s(pids)
    for _ in range(count):
        load(browser, url)[3].close()
    after_rss, after_cpu = rss_mb(pids), cpu_s(pids)
    print(f"nginx serving the export, {count} new readers:")
    print(f"  resident memory {before_rss:,.0f} MB -> {after_rss:,.0f} MB (all processes)")
    print(f"  server CPU {(after_cpu - before_cpu) / count * 1000:,.1f} ms per new reader")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--sessions", type=int, default=5)
    args = parser.parse_args()
    if NGINX is None:
        print("nginx is not installed; `make setup-test` installs Debian's", file=sys.stderr)
        return 1
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}")
    folder = Path(tempfile.mkdtemp(prefix="bri-bench-"))
    folder.chmod(0o755)  # nginx's workers may run as nobody
    try:
        site = folder / "site"
        export.export_site(site, previews=False, progress=False)
        live, static = free_port(), free_port()
        with running_app() as first, running_app() as second, sync_playwright() as pw:
            ports = [urlsplit(first).port, urlsplit(second).port]
            config = nginx_config(ports, live, static, site)
            prefix = folder / "nginx"
            with running_nginx(config, prefix, [live, static]):
                browser = launch_chromium(pw)
                try:
                    urls = {
                        "export": f"http://127.0.0.1:{static}/{EXPLAINER}/index.html",
                        "live app": f"http://127.0.0.1:{live}/",
                    }
                    for url in urls.values():  # warm-up: caches, the app's first run
                        load(browser, url)[3].close()
                    readers(browser, urls, args.runs)
                    sessions(browser, first, args.sessions)
                    static_cost(browser, urls["export"], prefix, args.sessions)
                finally:
                    browser.close()
        print(f"load average at the end {os.getloadavg()[0]:.2f}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
