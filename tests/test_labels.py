"""Names on the map never overlap, at a laptop's, a tablet's and a phone's size, in Chromium:
at the opening, at every step of the guided story and after a pick, every name a reader sees
stands clear of the others and inside the map; a picked country's name is one of them; each
carries its halo, so it reads on a blue or orange country as on plain land."""

from __future__ import annotations

import pytest

from explainers.explainer import load_explainer
from tests.test_browser import after_pick, open_viewer, picks
from tests.test_layout import reader

pytestmark = pytest.mark.browser
__all__ = ["reader"]  # the fixture, shared with tests/test_layout.py

NAMES = """() => {
  const edge = document.querySelector('.bri-map .geo .layer.bg').getBoundingClientRect();
  return [...document.querySelectorAll('.bri-map .geo text')]
    .filter((n) => n.textContent && getComputedStyle(n).visibility !== 'hidden')
    .map((n) => {
      const r = n.getBoundingClientRect();
      return {text: n.textContent, left: r.left, right: r.right, top: r.top, bottom: r.bottom,
              shadow: getComputedStyle(n).textShadow,
              inside: r.left >= edge.left - 0.5 && r.right <= edge.right + 0.5
                      && r.top >= edge.top - 0.5 && r.bottom <= edge.bottom + 0.5};
    });
}"""


def overlapping(names: list[dict]) -> list[tuple[str, str]]:
    return [
        (a["text"], b["text"])
        for i, a in enumerate(names)
        for b in names[i + 1 :]
        if a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    ]


def names_now(page) -> list[dict]:
    page.wait_for_timeout(300)  # plotly's last relayout, then the viewer places the names
    return page.evaluate(NAMES)


def assert_legible(names: list[dict], where: str) -> None:
    assert overlapping(names) == [], f"names on top of each other {where}"
    assert [n["text"] for n in names if not n["inside"]] == [], f"names past the edge {where}"
    assert all(n["shadow"] not in ("", "none") for n in names), f"a name without its halo {where}"


def test_no_two_names_overlap_at_the_opening_at_every_step_and_after_a_pick(reader, app_url):
    open_viewer(reader, f"{app_url}/")
    names = names_now(reader)
    assert_legible(names, "at the opening")
    shown = {n["text"] for n in names}
    assert {"China", "Russia", "United States"} <= shown, shown  # the big ones always fit
    if reader.size_name == "laptop":
        assert "Turkey" in shown  # ranked ahead of Syria and Iraq, which it would cover
    before = picks(reader)
    reader.get_by_role("button", name="Start").click()
    for step in load_explainer("bri-forum-2017").steps:
        after_pick(reader, before)
        assert_legible(names_now(reader), f"at step {step.id}")
        before = picks(reader)
        if reader.get_by_role("button", name="Next").is_enabled():
            reader.get_by_role("button", name="Next").click()
    # A picked country's name is kept, even where a neighbour's would cover it.
    for code, name in [("SYR", "Syria"), ("IRQ", "Iraq"), ("KAZ", "Kazakhstan")]:
        before = picks(reader)
        reader.get_by_label("Pick a country (or click one on the map)").select_option(code)
        after_pick(reader, before)
        names = names_now(reader)
        assert_legible(names, f"with {name} picked")
        assert name in {n["text"] for n in names}, f"{name} picked but its name hidden"
