"""Frames fit their subject, at a laptop's, a tablet's and a phone's size, in Chromium: a step
framed on a country shows all of it and its own projects (all of Indonesia's islands, Java
and Jakarta too, not Borneo's south alone); a frame near the pole leaves no blank band above
the world; a region's name frames where its members are, not the whole world."""

from __future__ import annotations

import pytest

from explainers.explainer import load_explainer
from tests.test_browser import after_pick, open_viewer, picks
from tests.test_layout import reader

pytestmark = pytest.mark.browser
__all__ = ["reader"]  # the fixture, shared with tests/test_layout.py

# The map's box, the outlined countries' drawn extent, the step's marked projects, and the
# top of everything drawn, in page pixels.
DRAWN = """() => {
  const state = document.querySelector('.bri-viewer').briViewer;
  const edge = document.querySelector('.bri-map .geo .layer.bg').getBoundingClientRect();
  const step = state.payload.steps.find((s) => s.id === state.view.step);
  const codes = step ? step.countries : [];
  let top = Infinity;
  const shapes = [];
  for (const node of document.querySelectorAll('.bri-map path.choroplethlocation')) {
    const box = node.getBoundingClientRect();
    if (box.width && box.height) top = Math.min(top, box.top);
    const trace = node.closest('g.trace').__data__[0].trace;
    if (trace.meta && trace.meta.role === 'outline' && node.__data__) {
      shapes.push({code: node.__data__.loc, left: box.left, right: box.right, top: box.top,
                   bottom: box.bottom});
    }
  }
  const places = [...document.querySelectorAll('.bri-map .geo path.point')]
    .filter((n) => { const t = n.closest('g.trace').__data__[0].trace;
                     return t.meta && t.meta.role === 'place'; })
    .map((n) => { const b = n.getBoundingClientRect();
                  return {x: (b.left + b.right) / 2, y: (b.top + b.bottom) / 2}; });
  return {edge: {left: edge.left, right: edge.right, top: edge.top, bottom: edge.bottom},
          codes, shapes, places, top};
}"""

FRAMED_ON_A_COUNTRY = [
    (explainer.id, step.id)
    for explainer in map(load_explainer, ["bri-forum-2017", "bri-forum-2019", "bri-forum-2023"])
    for step in explainer.steps
    if isinstance(step.frame, str) and step.frame != "world"
]


def inside(thing: dict, edge: dict, slack: float = 2) -> bool:
    return (
        thing["left"] >= edge["left"] - slack
        and thing["right"] <= edge["right"] + slack
        and thing["top"] >= edge["top"] - slack
        and thing["bottom"] <= edge["bottom"] + slack
    )


def test_a_step_framed_on_a_country_shows_all_of_it_and_its_projects(reader, app_url):
    assert FRAMED_ON_A_COUNTRY, "no step is framed on a country"
    for explainer, step in FRAMED_ON_A_COUNTRY:
        query = f"step={step}" + (
            "" if explainer == "bri-forum-2017" else f"&explainer={explainer}"
        )
        open_viewer(reader, f"{app_url}/?{query}")
        reader.wait_for_timeout(300)
        drawn = reader.evaluate(DRAWN)
        edge = drawn["edge"]
        assert drawn["shapes"], f"{step}: nothing outlined"
        for shape in drawn["shapes"]:
            assert inside(shape, edge), f"{step}: {shape['code']} runs off the map: {drawn}"
        for place in drawn["places"]:
            point = {
                "left": place["x"],
                "right": place["x"],
                "top": place["y"],
                "bottom": place["y"],
            }
            assert inside(point, edge, slack=0), f"{step}: a project off the map: {place}"
        # No blank band above the world: something is drawn within a tenth of the top.
        height = edge["bottom"] - edge["top"]
        assert drawn["top"] <= edge["top"] + height / 10, f"{step}: blank band at the top"


def test_a_regions_name_frames_its_members_not_the_world(browser, app_url):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    open_viewer(page, f"{app_url}/")
    before = picks(page)
    page.locator("button.bri-mention", has_text="Europe").first.click()
    after_pick(page, before)
    geo = page.evaluate(
        """() => { const g = document.querySelector('.bri-viewer').briViewer.map._fullLayout.geo;
                   return {scale: g.projection.scale, lon: g.center.lon, lat: g.center.lat}; }"""
    )
    page.close()
    assert geo["scale"] >= 2.5, geo  # not the whole world
    assert -10 <= geo["lon"] <= 30 and 40 <= geo["lat"] <= 60, geo
