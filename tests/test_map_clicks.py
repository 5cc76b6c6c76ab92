"""Every click or tap on the map picks what is drawn under it, in every frame the story uses.

The points come from the geometry, not from typed pixels: each story country's 50m shape
(the TopoJSON the map draws), clipped where the view's projection cuts the globe,
projected in the page with the map's own projection, less what is drawn over it that
takes a click of its own (project markers, the mode bar). A point well inside what is
left (the shape's representative point when that is clickable) is clicked with a mouse at
1366 px and tapped with a finger at 390 px; the pick is read from the viewer and the URL.
Each flagship project's marker is clicked on the part of it that no other marker covers.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from shapely.geometry import MultiPolygon, Point, Polygon, box
from shapely.ops import unary_union
from shapely.validation import make_valid

from explainers.data.datasets import load_map_data, load_projects
from explainers.data.schemas import split_list
from explainers.data.shapes import country_shapes, country_table
from explainers.explainer import load_explainer
from explainers.map.layers import LAYER_IDS
from explainers.viewer.payload import frame_of, viewer_payload
from tests.support import LAPTOP, PHONE, wait_for_map
from tests.test_browser import off_host

pytestmark = pytest.mark.browser

EXPLAINER = load_explainer("bri-forum-2017")
STORY = [country.iso3 for country in EXPLAINER.countries]
INSET_PX = 1.5  # a click this far inside a shape is in it, whatever the border's width
SMALLEST_PX2 = 6.0  # less than this left to click is not something a reader can aim at

# Where the map's projection puts each [lon, lat] of each ring, in the map's own pixels
# (relative to its SVG); null where a point is not drawn.
PROJECT_RINGS = """rings => {
  const geo = document.querySelector('.bri-map')._fullLayout.geo._subplot;
  return rings.map(ring => ring.map(p => {
    const xy = geo.projection(p);
    return xy && Number.isFinite(xy[0]) && Number.isFinite(xy[1]) ? xy : null;
  }));
}"""

# What is drawn over the countries that takes a click of its own, in the map's pixels:
# each project marker (its trace's customdata id, its box), the mode bar and the map's area.
DRAWN = """() => {
  const gd = document.querySelector('.bri-map');
  const svg = gd.querySelector('.main-svg').getBoundingClientRect();
  const local = r => [r.left - svg.left, r.top - svg.top, r.right - svg.left, r.bottom - svg.top];
  const markers = [];
  for (const node of gd.querySelectorAll('g.trace path.point')) {
    const trace = node.closest('g.trace').__data__[0].trace;
    if (!trace.meta || trace.meta.layer !== 'projects' || trace.visible !== true) continue;
    const row = trace.customdata[node.__data__.i];
    const r = node.getBoundingClientRect();
    const toShape = node.getScreenCTM().inverse();
    const inside = [];  // a grid over the marker's box, kept where its drawn shape is
    for (let i = 1; i < 8; i += 1) for (let j = 1; j < 8; j += 1) {
      const x = r.left + (r.width * i) / 8, y = r.top + (r.height * j) / 8;
      if (node.isPointInFill(new DOMPoint(x, y).matrixTransform(toShape))) {
        inside.push([x - svg.left, y - svg.top]);
      }
    }
    markers.push({id: row[row.length - 1], box: local(r), inside});
  }
  const labels = [];
  for (const node of gd.querySelectorAll('.geo text')) {
    const trace = node.closest('g.trace').__data__[0].trace;
    if (!trace.meta || trace.meta.role !== 'labels') continue;
    if (node.style.visibility === 'hidden') continue;  // no room for it at this frame
    const code = trace.customdata[node.__data__.i];
    labels.push({code, box: local(node.getBoundingClientRect())});
  }
  const bar = gd.querySelector('.modebar');
  const area = gd._fullLayout.geo._subplot.bgRect.node().getBoundingClientRect();
  const modebar = bar ? local(bar.getBoundingClientRect()) : null;
  return {markers, labels, modebar, area: local(area)};
}"""

# The map's SVG on the page now, after any scrolling.
SVG_AT = """() => {
  const r = document.querySelector('.bri-map .main-svg').getBoundingClientRect();
  return [r.left, r.top];
}"""

PICK = """() => {
  const state = document.querySelector('.bri-viewer').briViewer;
  return {country: state.view.country, label: state.focus ? state.focus.label : null};
}"""


@dataclass(frozen=True)
class Frame:
    """A view to click in: its query, and the longitude its projection is turned to."""

    name: str
    query: str
    lon: float


def frames() -> list[Frame]:
    """The world view and each step's frame, once each (two steps show the world)."""
    table = country_table()
    seen = {"world"}
    found = [Frame("world", "", frame_of(table, [])[0])]
    # As the viewer frames each step: a step framed on a country takes in its projects too.
    payload = viewer_payload(EXPLAINER, table, load_map_data())
    for step in payload["steps"]:
        key = ",".join(map(str, step["frame"]))
        if key not in seen and step["frame"] != payload["world"]:
            seen.add(key)
            found.append(Frame(step["id"], f"step={step['id']}", step["frame"][0]))
    return found


@cache
def all_shapes() -> dict[str, MultiPolygon]:
    """Every country's 50m shape, made valid (a few rings touch themselves)."""
    shapes = country_shapes().set_index("iso3")["geometry"]
    return {code: make_valid(shape) for code, shape in shapes.items()}


def story_shapes() -> dict[str, MultiPolygon]:
    return {code: all_shapes()[code] for code in STORY}


def cut_at(geometry, lon: float) -> list[Polygon]:
    """The parts of ``geometry`` on either side of the meridian where a view turned to
    ``lon`` cuts the globe, inside the latitudes the map draws (each part projects whole)."""
    edge = ((lon + 180 + 180) % 360) - 180
    drawn = box(-180, -58, 180, 85)
    parts = []
    # A hair off the cut itself, which the projection may put at either edge of the map.
    for side in (box(-180, -90, edge - 0.01, 90), box(edge + 0.01, -90, 180, 90)):
        piece = geometry.intersection(side).intersection(drawn)
        parts += [p for p in getattr(piece, "geoms", [piece]) if isinstance(p, Polygon)]
    return [p for p in parts if not p.is_empty]


def projected(page, parts: list[Polygon]) -> MultiPolygon | Polygon:
    """``parts`` in the map's pixels, projected in the page by the map's own projection."""
    rings = []
    for part in parts:
        rings.append([list(xy) for xy in part.exterior.coords])
        rings += [[list(xy) for xy in hole.coords] for hole in part.interiors]
    drawn = iter(page.evaluate(PROJECT_RINGS, rings))
    polygons = []
    for part in parts:
        outer = next(drawn)
        holes = [next(drawn) for _ in part.interiors]
        if any(p is None for p in outer) or len(outer) < 4:
            continue
        shape = Polygon(outer, [h for h in holes if None not in h and len(h) >= 4])
        polygons.append(shape.buffer(0))
    return unary_union(polygons)


@cache
def first_countries() -> dict[str, str]:
    """Each project's first country: the one a click on its marker picks."""
    countries = load_projects().set_index("id")["countries"]
    return {project: split_list(cell)[0] for project, cell in countries.items()}


def clickable(page, code: str, lon: float, drawn: dict):
    """Where a click in ``code`` must pick it: its shape in view, less the mode bar and the
    markers of other countries' projects (a marker of its own picks it too), ``INSET_PX``
    inside every edge."""
    shape = projected(page, cut_at(story_shapes()[code], lon))
    first = first_countries()
    covers = [box(*m["box"]).buffer(1) for m in drawn["markers"] if first[m["id"]] != code]
    if drawn["modebar"]:
        covers.append(box(*drawn["modebar"]).buffer(2))
    region = shape.intersection(box(*drawn["area"])).difference(unary_union(covers))
    return region.buffer(-INSET_PX)


def aim(region, inside: Point) -> Point | None:
    """The shape's own representative point if it is clickable, else the largest part's."""
    if region.is_empty:
        return None
    if region.contains(inside):
        return inside
    parts = sorted(getattr(region, "geoms", [region]), key=lambda p: p.area, reverse=True)
    return parts[0].representative_point() if parts[0].area >= SMALLEST_PX2 else None


def country_targets(page, frame: Frame) -> list[tuple[str, str, tuple[float, float]]]:
    """(what, expected pick, map pixel) for each story country clickable in this frame."""
    drawn = page.evaluate(DRAWN)
    targets = []
    for code in STORY:
        region = clickable(page, code, frame.lon, drawn)
        if region.is_empty:
            continue
        rep = story_shapes()[code].representative_point()
        inside = page.evaluate(PROJECT_RINGS, [[[rep.x, rep.y]]])[0][0]
        point = aim(region, Point(inside) if inside else Point(-1e9, -1e9))
        if point is not None:
            targets.append((code, code, (point.x, point.y)))
    return targets


def land_near(page, lon: float, centre: Point, degrees: float = 60.0):
    """Every country's shape within ``degrees`` of ``centre`` (lon, lat), in the map's pixels."""
    around = centre.buffer(degrees)
    parts = [
        piece.simplify(0.02)
        for shape in all_shapes().values()
        if shape.intersects(around)
        for piece in cut_at(shape, lon)
    ]
    return projected(page, parts)


def label_targets(page, frame: Frame) -> list[tuple[str, str, tuple[float, float]]]:
    """(label, its country, map pixel) for each story country's name with a part over the
    sea, clear of every shape and marker."""
    drawn = page.evaluate(DRAWN)
    table = {c.iso3: c for c in EXPLAINER.countries}
    places = country_table()
    targets = []
    for label in drawn["labels"]:
        code = label["code"]
        if code not in table:
            continue
        land = land_near(page, frame.lon, Point(places.at[code, "lon"], places.at[code, "lat"]))
        covers = [box(*m["box"]).buffer(1) for m in drawn["markers"]]
        sea = box(*label["box"]).buffer(-1).intersection(box(*drawn["area"]))
        sea = sea.difference(land.buffer(2)).difference(unary_union(covers))
        if drawn["modebar"]:
            sea = sea.difference(box(*drawn["modebar"]).buffer(2))
        if sea.area >= 2:
            point = max(getattr(sea, "geoms", [sea]), key=lambda p: p.area).representative_point()
            targets.append((f"label {code}", code, (point.x, point.y)))
    return targets


def marker_targets(page, only: set[str] | None = None) -> list[tuple[str, str, tuple]]:
    """(project id, its first country, map pixel) for each marker a reader can see: the
    point of its drawn shape nearest its centre that no marker drawn above covers."""
    markers = page.evaluate(DRAWN)["markers"]
    targets = []
    for index, marker in enumerate(markers):
        if only is not None and marker["id"] not in only:
            continue
        x0, y0, x1, y1 = marker["box"]
        centre = Point((x0 + x1) / 2, (y0 + y1) / 2)
        above = unary_union([box(*m["box"]).buffer(1.5) for m in markers[index + 1 :]])
        seen = [Point(xy) for xy in marker["inside"] if not above.contains(Point(xy))]
        if not seen:
            continue
        point = min(seen, key=centre.distance)
        targets.append((marker["id"], first_countries()[marker["id"]], (point.x, point.y)))
    return targets


@pytest.fixture(params=["laptop", "phone"])
def device(request, browser, app_url):
    """A mouse at 1366 px or a finger at 390 px; every request off the app's host fails."""
    phone = request.param == "phone"
    context = browser.new_context(
        viewport=PHONE if phone else LAPTOP,
        is_mobile=phone,
        has_touch=phone,
        reduced_motion="reduce",
    )
    page = context.new_page()
    host = urlsplit(app_url).netloc
    page.off_host, page.errors, page.phone = [], [], phone
    page.on("request", lambda r: off_host(r.url, host) and page.off_host.append(r.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    context.close()
    assert page.off_host == [], f"requests left the app's server: {page.off_host}"
    assert page.errors == [], f"script errors in the page: {page.errors}"


def open_frame(page, app_url: str, frame: Frame, layers: str) -> None:
    query = "&".join(q for q in (frame.query, f"layers={layers}" if layers else "") if q)
    page.goto(f"{app_url}/?{query}")
    page.wait_for_selector(".bri-viewer[data-ready=true]", state="attached", timeout=60_000)
    wait_for_map(page)
    page.wait_for_timeout(300)


def picks(page) -> int:
    return int(page.locator(".bri-viewer").get_attribute("data-picks") or 0)


def click_map(page, at: tuple[float, float]) -> dict | None:
    """Click (or tap) the map at a point in its pixels; what the viewer picked, or None."""
    page.locator(".bri-map").evaluate("m => m.scrollIntoView({block: 'center'})")
    left, top = page.evaluate(SVG_AT)
    x, y = left + at[0], top + at[1]
    before = picks(page)
    if page.phone:
        page.touchscreen.tap(x, y)
    else:
        page.mouse.move(x - 8, y)
        page.mouse.move(x, y, steps=3)
        page.mouse.click(x, y)
    try:
        page.wait_for_function(
            f"Number(document.querySelector('.bri-viewer').dataset.picks) > {before}",
            timeout=2_500,
        )
    except PlaywrightTimeout:  # the click picked nothing
        return None
    return page.evaluate(PICK)


def back_to_frame(page) -> None:
    """Undo a pick with the viewer's own control: the story's frame again, no focus."""
    if page.evaluate(PICK)["country"] is None:
        return
    before = picks(page)
    page.get_by_label("Pick a country (or click one on the map)").select_option("")
    page.wait_for_function(
        f"Number(document.querySelector('.bri-viewer').dataset.picks) > {before}"
    )
    page.wait_for_function("!location.search.includes('country=')")
    page.wait_for_timeout(150)


def click_all(page, targets, project_names: dict[str, str] | None = None) -> list[str]:
    """Click each target; the ones that picked wrong, as 'what: got ...'."""
    wrong = []
    for what, expected, at in targets:
        got = click_map(page, at)
        label = project_names.get(what) if project_names else None
        if got is None:
            wrong.append(f"{what}: picked nothing at {at[0]:.0f},{at[1]:.0f}")
        elif got["country"] != expected or (project_names and got["label"] != label):
            wrong.append(f"{what}: picked {got} at {at[0]:.0f},{at[1]:.0f}")
        else:
            page.wait_for_function(f"location.search.includes('country={expected}')")
        back_to_frame(page)
    return wrong


LAYER_SETS = {"default": "", "every layer": ",".join(LAYER_IDS)}


@pytest.mark.parametrize("layers", list(LAYER_SETS))
@pytest.mark.parametrize("frame", frames(), ids=lambda f: f.name)
def test_a_click_inside_a_story_country_picks_it(device, app_url, frame, layers):
    open_frame(device, app_url, frame, LAYER_SETS[layers])
    targets = country_targets(device, frame)
    assert targets, "no story country is in view"
    wrong = click_all(device, targets)
    assert wrong == [], f"{len(wrong)} of {len(targets)} clicks picked wrong: {wrong}"


@pytest.mark.parametrize("frame", frames(), ids=lambda f: f.name)
def test_a_click_on_a_countrys_name_over_the_sea_picks_it(device, app_url, frame):
    open_frame(device, app_url, frame, "")
    targets = label_targets(device, frame)
    if not targets:
        pytest.skip("every name in this frame lies over land or under a marker")
    wrong = click_all(device, targets)
    assert wrong == [], f"{len(wrong)} of {len(targets)} clicks picked wrong: {wrong}"


def step_projects() -> dict[str, set[str]]:
    return {step.id: set(step.projects) for step in EXPLAINER.steps if step.projects}


@pytest.mark.parametrize("where", ["world", *step_projects()])
def test_a_click_on_a_project_marker_picks_that_project(device, app_url, where):
    names = load_projects().set_index("id")["name"].to_dict()
    frame = Frame(where, "" if where == "world" else f"step={where}", 0)
    open_frame(device, app_url, frame, "")
    only = None if where == "world" else step_projects()[where]
    targets = marker_targets(device, only)
    assert targets, "no project marker in view"
    wrong = click_all(device, targets, names)
    assert wrong == [], f"{len(wrong)} of {len(targets)} clicks picked wrong: {wrong}"


CLOUD_WORDS = ("Share chart", "Chart Studio", "plotly.com", "Plotly Cloud")


@pytest.mark.parametrize("where", ["", "embed=true"])
def test_the_mode_bar_keeps_what_works_offline_and_leads_nowhere(device, app_url, where):
    """Each of its buttons, clicked, sends nothing off the host (the fixture checks)."""
    open_frame(device, app_url, Frame("world", where, 0), "")
    chart = device.locator(".bri-map")
    chart.scroll_into_view_if_needed()
    context = chart.evaluate("gd => gd._context")
    assert context["plotlyServerURL"] == "" and context["showSendToCloud"] is False
    buttons = device.locator(".modebar-btn")
    titles = buttons.evaluate_all("bs => bs.map(b => b.getAttribute('data-title'))")
    assert titles == ["Pan", "Zoom in", "Zoom out", "Reset"]
    for index in range(buttons.count()):
        if not device.phone:
            chart.hover()
        buttons.nth(index).dispatch_event("click")
        device.wait_for_timeout(200)
    text = device.evaluate("document.body.innerText")
    links = device.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.href)")
    assert not [w for w in CLOUD_WORDS if w in text]
    assert not [u for u in links if "plotly" in u]
