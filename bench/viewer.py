"""Benchmark the browser viewer against a floor: a bare page with one ``st.plotly_chart``.

A script that prints figures, not a test. In one run it starts the app and the floor
app (``bench/floor_app.py``: the same country shapes, served the same way, and nothing
else), drives Debian's headless Chromium, and prints median, min and max of:

* time from navigation to a drawn map: the first load after each server starts (cold,
  the warm-up, reported alone), a new reader (a fresh browser context, empty cache) and
  a returning reader (the same context, second load), ours beside the floor's;
* a pick: a click on a name in the text, and on a country on the map, until the map
  is redrawn and the passages marked, both as the page measures it (``data-last-pick-ms``)
  and as a reader sees it (from just before the click until ``data-picks`` moves);
* websocket bytes the browser receives for the first page and for each pick, and the
  HTTP bytes it downloads;
* the viewer's payload and the static files it reads.

``--phone`` adds a second table, a phone: a 390x844 touch screen (``is_mobile``) whose
CPU Chromium slows four times (``Emulation.setCPUThrottlingRate``), with time to a drawn
map for both apps and, for ours, taps on names and on the map until the viewer's own
``data-last-pick-ms``.

Run: ``python bench/viewer.py`` (from any folder; three to five minutes, about twice that
with ``--phone``). ``--runs N`` sets the number of page loads per reader (5 or more),
``--verbose`` prints every pick.
The figures are wall-clock times on a shared machine: the header gives the CPUs and the
load average, and another busy process (a test run, say) inflates every number.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import streamlit
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import sync_playwright

from explainers.data.datasets import load_map_data
from explainers.data.shapes import TOPOJSON_FILE, country_table
from explainers.explainer import load_explainer
from explainers.paths import ROOT, STATIC_DIR
from explainers.viewer.payload import PLOTLY_BUNDLE, payload_bytes, viewer_payload
from tests.support import LAPTOP, PHONE, launch_chromium, running_app

FLOOR_APP = Path(__file__).with_name("floor_app.py")
# The floor runs with the app's own server settings (static serving, no file watcher,
# websocket compression), so the two differ only in what the page draws and how.
FLOOR_CONFIG = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
# Names in the text, cycled in this order: countries, people, places and a region.
NAMES = (
    "Kazakhstan",
    "Indonesia",
    "Turkey",
    "Russia",
    "Syria",
    "Middle East",
    "Iraq",
    "United States",
    "Moscow",
    "Erdogan",
    "China",
    "Beijing",
)
# Countries clicked on the world map (each after "Show the whole story"). With the default
# layers on, most countries' middles lie within plotly's hover distance of a project
# marker or a corridor waypoint, which then takes the click; these do not.
MAP_COUNTRIES = ("DZA", "BRA", "AUS", "USA", "CAN", "AGO", "MEX")
SETTLE_MS = 1500  # after a pick: long enough for the server's rerun to arrive
LOAD_SETTLE_MS = 1000  # after a drawn map: the last messages of the first run
TIMEOUT_MS = 120_000

OURS_DRAWN = """() => document.querySelector('.bri-viewer[data-ready="true"]') !== null
  && document.querySelectorAll('.bri-map path.choroplethlocation[d]').length > 3"""
FLOOR_DRAWN = (
    "() => document.querySelectorAll('.js-plotly-plot path.choroplethlocation[d]').length > 3"
)
PICKS = "() => Number(document.querySelector('.bri-viewer').dataset.picks || 0)"
PICKED = "n => Number(document.querySelector('.bri-viewer').dataset.picks || 0) > n"
AFTER_PICK = """() => {
  const root = document.querySelector('.bri-viewer');
  const state = root.briViewer;
  return {
    ms: Number(root.dataset.lastPickMs),
    picks: Number(root.dataset.picks),
    from: state.timings.at(-1).from,
    search: window.location.search,
    marked: document.querySelectorAll('.bri-passage[data-marked]').length,
    same: state.benchMark === true,
  };
}"""
MARK = "() => { document.querySelector('.bri-viewer').briViewer.benchMark = true; }"
# The first box of a name in the text (a name may wrap), scrolled to the middle; ``covered``
# if something else (on a phone, the map pinned over the text) would take the click.
NAME_AT = """name => {
  const button = [...document.querySelectorAll('button.bri-mention')]
    .find(b => b.textContent === name);
  if (!button) return null;
  button.scrollIntoView({block: 'center', behavior: 'instant'});
  const box = button.getClientRects()[0];
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  return {x, y, iso3: button.dataset.iso3, kind: button.dataset.kind,
          covered: !button.contains(document.elementFromPoint(x, y))};
}"""
# Where plotly's projection puts a longitude and latitude on the page (as tests do).
PIXEL_OF = """([lon, lat]) => {
  const map = document.querySelector('.bri-map');
  map.scrollIntoView({block: 'center', behavior: 'instant'});
  const [x, y] = map._fullLayout.geo._subplot.projection([lon, lat]);
  const svg = map.querySelector('.main-svg').getBoundingClientRect();
  const box = map.getBoundingClientRect();
  const point = {x: svg.x + x, y: svg.y + y};
  point.inside = point.x > box.left && point.x < box.right
    && point.y > box.top && point.y < box.bottom;
  return point;
}"""
# What plotly would pick under the pointer: the trace's role or layer, and the country.
HOVERED = """() => {
  const map = document.querySelector('.bri-map');
  const point = (map._hoverdata || [])[0];
  if (!point) return 'nothing';
  const meta = map._fullData[point.curveNumber].meta || {};
  return [meta.role || meta.layer || 'a trace', point.location].filter(Boolean).join(' ');
}"""


# ---------------------------------------------------------------- devices


@dataclass(frozen=True)
class Profile:
    name: str
    context: dict  # the options of browser.new_context
    cpu_slowdown: int  # Chromium's CPU throttling rate: 1 is none, 4 four times slower
    touch: bool  # taps, not mouse clicks; no hover before a click

    def describe(self) -> str:
        viewport = self.context["viewport"]
        parts = [f"viewport {viewport['width']}x{viewport['height']}"]
        if self.touch:
            parts.append("is_mobile, has_touch, taps")
        if self.cpu_slowdown > 1:
            parts.append(f"CPU slowed {self.cpu_slowdown}x (Emulation.setCPUThrottlingRate)")
        return ", ".join(parts)


LAPTOP_PROFILE = Profile("laptop", {"viewport": LAPTOP}, cpu_slowdown=1, touch=False)
PHONE_PROFILE = Profile(
    "phone",
    {"viewport": PHONE, "is_mobile": True, "has_touch": True},
    cpu_slowdown=4,
    touch=True,
)
PHONE_PICK_MS = 400  # the phone's target for a pick, in the page (data-last-pick-ms)


# ---------------------------------------------------------------- servers


@dataclass(frozen=True)
class App:
    name: str
    url: str
    drawn: str  # a JavaScript predicate: the map is drawn


@contextlib.contextmanager
def running_floor() -> Iterator[str]:
    """The floor app in a temporary folder: its script, ``static -> static/``, its config."""
    with tempfile.TemporaryDirectory(prefix="bri-floor-") as tmp:
        folder = Path(tmp)
        shutil.copy(FLOOR_APP, folder / FLOOR_APP.name)
        (folder / "static").symlink_to(STATIC_DIR, target_is_directory=True)
        (folder / ".streamlit").mkdir()
        (folder / ".streamlit" / "config.toml").write_text(FLOOR_CONFIG)
        python_path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
        with running_app(script=folder / FLOOR_APP.name, env={"PYTHONPATH": python_path}) as base:
            yield base


# ---------------------------------------------------------------- what a page receives


class Meter:
    """Bytes a page receives: websocket frames (as Playwright sees them) and HTTP bodies.

    HTTP bytes are Chromium's own count of what crossed the network (``encodedDataLength``,
    headers included; nothing for a cache hit). Websocket frames are counted after
    decompression, so ``deflate`` says whether the socket was compressed on the wire.
    ``asked_at`` and ``done_at`` (each path) and ``biggest_frame_at`` are ms from the page's
    own request, on Chromium's clock: where a load spends its time.
    """

    def __init__(self, context, page) -> None:
        self.ws = 0
        self.http = 0
        self.deflate: bool | None = None
        self.downloads: dict[str, int] = {}  # path: bytes
        self.asked_at: dict[str, float] = {}  # path: ms
        self.done_at: dict[str, float] = {}  # path: ms
        self.biggest_frame_at: float | None = None
        self._biggest = 0
        self._t0: float | None = None  # the page's request, in Chromium's seconds
        self._paths: dict[str, str] = {}  # request id: path
        page.on("websocket", self._on_socket)
        self.cdp = context.new_cdp_session(page)
        self.cdp.on("Network.requestWillBeSent", self._on_request)
        self.cdp.on("Network.loadingFinished", self._on_loaded)
        self.cdp.on("Network.webSocketHandshakeResponseReceived", self._on_handshake)
        self.cdp.on("Network.webSocketFrameReceived", self._on_ws_frame)
        self.cdp.send("Network.enable")

    def _on_socket(self, socket) -> None:
        socket.on("framereceived", self._on_frame)

    def _on_frame(self, payload: str | bytes) -> None:
        self.ws += len(payload.encode("utf-8") if isinstance(payload, str) else payload)

    def _ms(self, timestamp: float) -> float | None:
        return None if self._t0 is None else (timestamp - self._t0) * 1000

    def _on_request(self, event: dict) -> None:
        path = urlsplit(event["request"]["url"]).path
        self._paths[event["requestId"]] = path
        if self._t0 is None and event.get("type") == "Document":
            self._t0 = event["timestamp"]
        self.asked_at.setdefault(path, self._ms(event["timestamp"]))

    def _on_loaded(self, event: dict) -> None:
        size = int(event.get("encodedDataLength", 0))
        path = self._paths.get(event["requestId"], "?")
        self.http += size
        self.downloads[path] = self.downloads.get(path, 0) + size
        self.done_at[path] = self._ms(event["timestamp"])

    def _on_ws_frame(self, event: dict) -> None:
        size = len(event["response"].get("payloadData", ""))
        if size > self._biggest:
            self._biggest, self.biggest_frame_at = size, self._ms(event["timestamp"])

    def milestones(self, drawn_at: float) -> list[tuple[str, float | None]]:
        """When the big pieces were asked for and arrived, and when the map was drawn."""
        scripts = [path for path in self.done_at if _is_plotly(path)]
        plotly = max(scripts, key=self.downloads.__getitem__, default=None)
        topojson = "/app/static/world_50m.json"
        return [
            ("biggest websocket message in", self.biggest_frame_at),
            ("plotly.js asked", self.asked_at.get(plotly)),
            ("in", self.done_at.get(plotly)),
            ("world_50m.json asked", self.asked_at.get(topojson)),
            ("in", self.done_at.get(topojson)),
            ("drawn", drawn_at),
        ]

    def _on_handshake(self, event: dict) -> None:
        headers = {k.lower(): v for k, v in event["response"].get("headers", {}).items()}
        self.deflate = "permessage-deflate" in headers.get("sec-websocket-extensions", "")


def _is_plotly(path: str) -> bool:
    name = path.rsplit("/", 1)[-1].lower()
    return "plotly" in name and name.endswith(".js")


@dataclass
class Load:
    ms: float
    ws: int
    http: int
    deflate: bool | None
    downloads: dict[str, int]
    milestones: list[tuple[str, float | None]]


def open_page(context, profile: Profile):
    """A new page of ``context`` and its :class:`Meter`, its CPU slowed as ``profile`` says.

    The rate is set on the blank page and holds through the navigation that follows.
    """
    page = context.new_page()
    meter = Meter(context, page)
    if profile.cpu_slowdown > 1:
        meter.cdp.send("Emulation.setCPUThrottlingRate", {"rate": profile.cpu_slowdown})
    return page, meter


def load(context, app: App, profile: Profile = LAPTOP_PROFILE) -> Load:
    """Open ``app`` in a new page of ``context``; time from navigation to a drawn map."""
    page, meter = open_page(context, profile)
    drawn = f"""() => {{
      const drawn = ({app.drawn})();
      if (drawn) window.benchDrawnAt = performance.now();
      return drawn;
    }}"""
    start = time.perf_counter()
    page.goto(app.url, wait_until="commit", timeout=TIMEOUT_MS)
    page.wait_for_function(drawn, timeout=TIMEOUT_MS)
    ms = (time.perf_counter() - start) * 1000
    milestones = meter.milestones(page.evaluate("window.benchDrawnAt"))
    page.wait_for_timeout(LOAD_SETTLE_MS)
    result = Load(ms, meter.ws, meter.http, meter.deflate, meter.downloads, milestones)
    page.close()
    return result


def reader_loads(
    browser, apps: list[App], runs: int, profile: Profile = LAPTOP_PROFILE
) -> dict[str, dict[str, list[Load]]]:
    """Each run, per app: a new reader (fresh context) then the same reader coming back.

    The apps take turns going first, so neither always meets a busier machine.
    """
    loads = {app.name: {"new": [], "returning": []} for app in apps}
    for run in range(runs):
        for app in apps if run % 2 == 0 else apps[::-1]:
            context = browser.new_context(**profile.context)
            loads[app.name]["new"].append(load(context, app, profile))
            loads[app.name]["returning"].append(load(context, app, profile))
            context.close()
    return loads


# ---------------------------------------------------------------- picks


@dataclass
class Pick:
    kind: str  # "name", "map" or "back" (the card's "Show the whole story")
    label: str
    seen_ms: float
    page_ms: float
    ws: int
    source: str  # the viewer's own name for where the pick came from


def _pick(page, meter: Meter, kind: str, label: str, click: Callable[[], None], problems) -> dict:
    """Click, wait for ``data-picks`` to move, read the viewer, let the server's rerun land."""
    before = page.evaluate(PICKS)
    received = meter.ws
    start = time.perf_counter()
    click()
    try:
        page.wait_for_function(PICKED, arg=before, timeout=10_000)
    except PlaywrightTimeout:
        problems.append(f"{kind} pick {label}: data-picks did not move within 10 s")
        return {}
    seen_ms = (time.perf_counter() - start) * 1000
    after = page.evaluate(AFTER_PICK)
    page.wait_for_timeout(SETTLE_MS)
    settled = page.evaluate(AFTER_PICK)
    if not settled["same"]:
        problems.append(f"{kind} pick {label}: the viewer was mounted again after the rerun")
        page.evaluate(MARK)
    if settled["picks"] != after["picks"]:
        extra = settled["picks"] - after["picks"]
        problems.append(f"{kind} pick {label}: {extra} more redraw(s) after the pick")
    pick = Pick(kind, label, seen_ms, after["ms"], meter.ws - received, after["from"])
    # The passages are marked at once; the URL may be written by the host after its rerun.
    return {"pick": pick, "marked": after["marked"], "search": settled["search"]}


def _click_at(page, point: dict, touch: bool = False) -> Callable[[], None]:
    if touch:
        return lambda: page.touchscreen.tap(point["x"], point["y"])
    return lambda: page.mouse.click(point["x"], point["y"])


def pick_names(page, meter: Meter, problems, touch: bool = False) -> list[Pick]:
    picks = []
    for name in NAMES:
        point = page.evaluate(NAME_AT, name)
        if point is None:
            problems.append(f"name pick {name}: no button.bri-mention with this text")
            continue
        if point["covered"]:
            problems.append(f"name pick {name}: something else lies over its middle; not clicked")
            continue
        if not touch:
            page.mouse.move(point["x"], point["y"])
        page.wait_for_timeout(100)
        seen = _pick(page, meter, "name", name, _click_at(page, point, touch), problems)
        if not seen:
            continue
        codes = point["iso3"].split()
        single = point["kind"] != "region" and len(codes) == 1
        if single and (f"country={codes[0]}" not in seen["search"] or seen["marked"] == 0):
            problems.append(
                f"name pick {name}: expected {codes[0]} picked and its passages marked, "
                f"got {seen['search'] or 'no query'} and {seen['marked']} marked"
            )
        picks.append(seen["pick"])
    return picks


def pick_countries(
    page, meter: Meter, table, problems, touch: bool = False
) -> tuple[list[Pick], list[Pick]]:
    """Click (or tap) each of MAP_COUNTRIES on the map, the whole story's frame in between.

    With a mouse, only where plotly hovers the country (see MAP_COUNTRIES); a finger does
    not hover, so a tap goes ahead and the picked country, read from the URL, says whether
    the viewer found the right one.
    """
    picks, backs = [], []
    for code in MAP_COUNTRIES:
        back = page.get_by_role("button", name="Show the whole story")
        if back.is_visible():
            seen = _pick(page, meter, "back", code, back.tap if touch else back.click, problems)
            if seen:
                backs.append(seen["pick"])
        row = table.loc[code]
        point = page.evaluate(PIXEL_OF, [float(row["lon"]), float(row["lat"])])
        if not point["inside"]:
            problems.append(f"map pick {code}: its centre is outside the drawn map")
            continue
        if touch:
            page.wait_for_timeout(200)
        else:
            page.mouse.move(point["x"] - 20, point["y"])
            page.mouse.move(point["x"], point["y"], steps=4)
            page.wait_for_timeout(200)
            hovered = page.evaluate(HOVERED)
            if hovered != f"countries {code}":
                problems.append(f"map pick {code}: under the pointer is {hovered}; not clicked")
                continue
        seen = _pick(page, meter, "map", code, _click_at(page, point, touch), problems)
        if not seen:
            continue
        if f"country={code}" not in seen["search"]:
            problems.append(f"map pick {code}: the page picked {seen['search'] or 'nothing'}")
        picks.append(seen["pick"])
    return picks, backs


def reader_picks(
    browser, app: App, table, problems, profile: Profile = LAPTOP_PROFILE
) -> dict[str, list[Pick]]:
    context = browser.new_context(**profile.context)
    page, meter = open_page(context, profile)
    page.goto(app.url, timeout=TIMEOUT_MS)
    page.wait_for_function(app.drawn, timeout=TIMEOUT_MS)
    page.wait_for_timeout(SETTLE_MS)
    page.evaluate(MARK)
    names = pick_names(page, meter, problems, profile.touch)
    countries, backs = pick_countries(page, meter, table, problems, profile.touch)
    context.close()
    return {"name": names, "map": countries, "back": backs}


# ---------------------------------------------------------------- sizes and the table


def sizes() -> list[tuple[str, int, int]]:
    """(what, bytes, gzip bytes) of the payload and the static files the viewer reads."""
    payload = viewer_payload(load_explainer("bri-forum-2017"), country_table(), load_map_data())
    text = json.dumps(payload, separators=(",", ":")).encode("utf-8")
    rows = [("viewer payload (JSON)", payload_bytes(payload), len(gzip.compress(text)))]
    for path in (STATIC_DIR / PLOTLY_BUNDLE, TOPOJSON_FILE):
        data = path.read_bytes()
        rows.append((str(path.relative_to(ROOT)), len(data), len(gzip.compress(data))))
    return rows


WIDTH = 50


def largest(load: Load, count: int = 4) -> str:
    """The biggest downloads of one load, by path: where its bytes went."""
    biggest = sorted(load.downloads.items(), key=lambda item: -item[1])[:count]
    return ", ".join(
        f"{path.rsplit('/', 1)[-1] or path} {size / 1024:,.0f} KB" for path, size in biggest
    )


def line(label: str, values: list[float], digits: int = 0, target: str = "", met=None) -> str:
    if not values:
        return f"  {label:<{WIDTH}} {'(none)':>9}"
    figures = (statistics.median(values), min(values), max(values))
    cells = "".join(f"{value:>10,.{digits}f}" for value in figures)
    verdict = "" if met is None else ("met" if met(figures[0]) else "NOT MET")
    return f"  {label:<{WIDTH}}{cells}   {target:<9}{verdict}".rstrip()


def header() -> None:
    print(f"  {'':<{WIDTH}}{'median':>10}{'min':>10}{'max':>10}   target")


def load_lines(loads, ratio_target: bool = True) -> None:
    """Navigation to a drawn map per reader, ours beside the floor's, and where time goes."""
    for reader in ("new", "returning"):
        title = "new reader, empty cache" if reader == "new" else "returning reader, same context"
        ours = [x.ms for x in loads["ours"][reader]]
        floor = [x.ms for x in loads["floor"][reader]]
        print(line(f"{title}, ours", ours))
        print(line(f"{title}, floor", floor))
        ratios = [o / f for o, f in zip(ours, floor, strict=True)]
        median_ratio = statistics.median(ours) / statistics.median(floor)
        targeted = ratio_target and reader == "new"
        target, met = ("<= 0.8", lambda r: r <= 0.8) if targeted else ("", None)
        label = "  ratio ours/floor (of medians; min, max per run)"
        cells = f"{median_ratio:>10.2f}{min(ratios):>10.2f}{max(ratios):>10.2f}"
        verdict = "" if met is None else ("met" if met(median_ratio) else "NOT MET")
        print(f"  {label:<{WIDTH}}{cells}   {target:<9}{verdict}".rstrip())
    print("Where a new reader's time goes (median ms from the page's request, Chromium's clock)")
    for name in ("ours", "floor"):
        runs = [x.milestones for x in loads[name]["new"]]
        steps = []
        for index, (step, _) in enumerate(runs[0]):
            values = [run[index][1] for run in runs if run[index][1] is not None]
            if values:
                steps.append(f"{step} {statistics.median(values):,.0f}")
        print(f"  {name:<6}" + ", ".join(steps))


def pick_lines(picks, page_target: float = 150, seen_target: float | None = 300) -> None:
    print("A pick, until the map is redrawn and the passages marked (ms)")
    for kind, title in (("name", "a name in the text"), ("map", "a country on the map")):
        n = len(picks[kind])
        page_ms = [p.page_ms for p in picks[kind]]
        seen_ms = [p.seen_ms for p in picks[kind]]
        target = f"< {page_target:g}"
        print(line(f"{title}, in the page (n={n})", page_ms, 1, target, lambda v: v < page_target))
        if seen_target is None:
            print(line(f"{title}, as a reader sees it (n={n})", seen_ms, 1))
        else:
            target, met = f"< {seen_target:g}", lambda v: v < seen_target
            print(line(f"{title}, as a reader sees it (n={n})", seen_ms, 1, target, met))
    backs = picks["back"]
    print(
        line(f"'Show the whole story', in the page (n={len(backs)})", [p.page_ms for p in backs], 1)
    )


def report(machine: str, first: dict[str, Load], loads, picks, size_rows, problems) -> None:
    print(machine)
    header()
    print("Navigation to a drawn map (ms)")
    for name in ("ours", "floor"):
        print(line(f"first load after start, {name} (n=1)", [first[name].ms]))
    load_lines(loads)
    pick_lines(picks)
    print("Websocket bytes received")
    for name in ("ours", "floor"):
        print(line(f"first load after start, {name} (n=1)", [first[name].ws]))
        print(line(f"new reader's first page, {name}", [x.ws for x in loads[name]["new"]]))
    for kind, title in (("name", "a name"), ("map", "a map click"), ("back", "'whole story'")):
        values = [p.ws for p in picks[kind]]
        print(line(f"per pick, {title}", values, 0, "<= 5 KB", lambda v: v <= 5 * 1024))
    print("HTTP bytes downloaded (Chromium's count, headers included)")
    for name in ("ours", "floor"):
        for reader in ("new", "returning"):
            print(line(f"{reader} reader, {name}", [x.http for x in loads[name][reader]]))
    deflate = {name: first[name].deflate for name in first}
    print(f"  websocket permessage-deflate: ours {deflate['ours']}, floor {deflate['floor']}")
    for name in ("ours", "floor"):
        for reader in ("new", "returning"):
            print(f"  largest, {reader} reader, {name}: {largest(loads[name][reader][-1])}")
    print("Sizes (bytes)")
    for what, raw, packed in size_rows:
        print(f"  {what:<{WIDTH}}{raw:>10,} (gzip {packed:,})")
    problem_lines(problems)


def phone_report(title: str, loads, picks, problems) -> None:
    """The phone's table: loads after the servers are warm (the laptop's run went first)."""
    print(title)
    header()
    print("Navigation to a drawn map (ms; the servers already warm)")
    load_lines(loads, ratio_target=False)
    pick_lines(picks, page_target=PHONE_PICK_MS, seen_target=None)
    problem_lines(problems)


def problem_lines(problems) -> None:
    if problems:
        print(f"Not as a reader would expect ({len(problems)}):")
        for problem in problems:
            print(f"  - {problem}")


def verbose_picks(picks: dict[str, list[Pick]], title: str = "") -> None:
    print(f"Every pick{title}: kind, label, viewer's source, in page ms, seen ms, websocket bytes")
    for kind in ("name", "back", "map"):
        for p in picks[kind]:
            print(
                f"  {p.kind:<5} {p.label:<14} {p.source:<5} {p.page_ms:>8.1f} {p.seen_ms:>8.1f}"
                f" {p.ws:>8,}"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="page loads per reader (>= 5)")
    parser.add_argument("--verbose", action="store_true", help="print every pick")
    parser.add_argument(
        "--phone", action="store_true", help="also a phone: 390x844, touch, CPU slowed 4x"
    )
    args = parser.parse_args()
    if args.runs < 5:
        parser.error(f"--runs should be 5 or more (a median of fewer says little), got {args.runs}")
    started, load_before = time.perf_counter(), os.getloadavg()[0]
    table = country_table()
    size_rows = sizes()
    problems: list[str] = []
    phone_problems: list[str] = []
    with running_app() as ours_url, running_floor() as floor_url, sync_playwright() as pw:
        browser = launch_chromium(pw)
        apps = [App("ours", ours_url, OURS_DRAWN), App("floor", floor_url, FLOOR_DRAWN)]
        first = {}
        for app in apps:
            context = browser.new_context(viewport=LAPTOP)
            first[app.name] = load(context, app)
            context.close()
        loads = reader_loads(browser, apps, args.runs)
        picks = reader_picks(browser, apps[0], table, problems)
        if args.phone:
            phone_loads = reader_loads(browser, apps, args.runs, PHONE_PROFILE)
            phone_picks = reader_picks(browser, apps[0], table, phone_problems, PHONE_PROFILE)
            phone_title = (
                f"Phone: ours vs floor, {args.runs} loads per reader, {PHONE_PROFILE.describe()}"
            )
        machine = (
            f"Machine: {os.cpu_count()} CPUs, {platform.system()} {platform.machine()}, "
            f"load average {load_before:.1f} at start and {os.getloadavg()[0]:.1f} at end; "
            f"Chromium {browser.version}, Streamlit {streamlit.__version__}\n"
            f"Viewer (ours) vs floor (one st.plotly_chart): {args.runs} loads per reader, "
            f"viewport {LAPTOP['width']}x{LAPTOP['height']}"
        )
        browser.close()
    report(machine, first, loads, picks, size_rows, problems)
    if args.verbose:
        verbose_picks(picks)
    if args.phone:
        phone_report(phone_title, phone_loads, phone_picks, phone_problems)
        if args.verbose:
            verbose_picks(phone_picks, " on the phone")
    print(f"({time.perf_counter() - started:,.0f} s in all)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
