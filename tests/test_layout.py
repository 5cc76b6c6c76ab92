"""The map leads, at a laptop's, a tablet's and a phone's size, in Chromium: the whole map is on
the first screen, drawn edge to edge in its box, and it stays fully in view whatever the reader
does: a name picked in the text, a country picked on the map, every step of the guided story,
and reading on to the story's last passage. On a narrow page, what a pick reveals lands under the
pinned map, not behind it."""

from __future__ import annotations

import pytest

from tests.test_browser import CENTRE_OF, after_pick, hover_then_click, open_viewer, picks

pytestmark = pytest.mark.browser

SIZES = {
    "laptop": {"width": 1366, "height": 900},
    "tablet": {"width": 768, "height": 1024},
    "phone": {"width": 390, "height": 844},
}

MAP_BOX = """() => {
  const map = document.querySelector('.bri-map').getBoundingClientRect();
  const drawn = document.querySelector('.bri-map g.geo').getBoundingClientRect();
  return {top: map.top, bottom: map.bottom, height: map.height, drawn: drawn.height,
          screen: innerHeight};
}"""

# What the pinned map and the step's box cover at the top of a narrow page (0 on a wide one).
PINNED = """() => {
  let bottom = 0;
  for (const n of document.querySelectorAll('.bri-frame .bri-map, .bri-frame .bri-steps')) {
    const style = getComputedStyle(n);
    if (style.position === 'sticky') bottom = Math.max(bottom, n.getBoundingClientRect().bottom);
  }
  return bottom;
}"""


@pytest.fixture(params=list(SIZES))
def reader(request, browser, app_url):
    size = SIZES[request.param]
    phone = size["width"] < 500
    context = browser.new_context(viewport=size, is_mobile=phone, has_touch=phone)
    page = context.new_page()
    page.size_name = request.param
    yield page
    context.close()


def settled(page) -> dict:
    """The map's box once the story has stopped scrolling (smooth scrolls take a moment)."""
    page.wait_for_timeout(700)
    return page.evaluate(MAP_BOX)


def assert_in_view(box: dict, what: str) -> None:
    assert box["top"] >= 0 and box["bottom"] <= box["screen"], f"map out of view {what}: {box}"


def test_the_whole_map_is_on_the_first_screen_drawn_edge_to_edge(reader, app_url):
    open_viewer(reader, app_url)
    box = settled(reader)
    assert_in_view(box, "at the opening")
    assert box["height"] >= 150
    # No blank bands above and below the world: the box is as tall as the drawing.
    assert box["height"] - box["drawn"] <= 4, box
    if reader.size_name != "phone":
        assert box["height"] >= 330, "on a laptop or a tablet the map is not a thumbnail"


def test_the_map_stays_in_view_after_every_kind_of_pick(reader, app_url):
    open_viewer(reader, app_url)
    name = reader.locator("button.bri-mention[data-iso3='KAZ'][data-kind='country']").first
    before = picks(reader)
    name.click()
    after_pick(reader, before)
    assert_in_view(settled(reader), "after a name in the text")

    before = picks(reader)
    hover_then_click(reader, reader.evaluate(CENTRE_OF, "TUR"))
    after_pick(reader, before)
    assert_in_view(settled(reader), "after a country on the map")
    assert "country=TUR" in reader.url
    # What the pick reveals is readable, not under the pinned map.
    card = reader.locator(".bri-card").bounding_box()
    if reader.size_name == "phone" or reader.size_name == "tablet":
        assert card["y"] >= reader.evaluate(PINNED) - 1, "the card is behind the pinned map"
    assert card["y"] < SIZES[reader.size_name]["height"], "the card is off the screen"


def test_the_map_and_the_next_button_stay_in_view_through_the_guided_story(reader, app_url):
    open_viewer(reader, app_url)
    before = picks(reader)
    reader.get_by_role("button", name="Start").click()
    after_pick(reader, before)
    steps = reader.locator(".bri-step-list button").count()
    for number in range(2, steps + 1):
        before = picks(reader)
        next_button = reader.get_by_role("button", name="Next")
        next_box = next_button.bounding_box()
        assert 0 <= next_box["y"] < SIZES[reader.size_name]["height"], (
            f"Next off screen: {next_box}"
        )
        next_button.click()
        after_pick(reader, before)
        assert_in_view(settled(reader), f"at step {number}")
        assert reader.locator(".bri-step-count").inner_text() == f"Step {number} of {steps}"
        marked = reader.locator(".bri-passage[data-marked]").first
        if marked.count():
            top = marked.bounding_box()["y"]
            assert reader.evaluate(PINNED) - 1 <= top < SIZES[reader.size_name]["height"], (
                f"step {number}'s passage is not readable: its top at {top}"
            )


def test_the_map_is_still_in_view_when_the_reader_reaches_the_last_passage(reader, app_url):
    open_viewer(reader, app_url)
    last = reader.locator(".bri-passage").last
    last.scroll_into_view_if_needed()
    box = settled(reader)
    assert_in_view(box, "at the story's end")
    passage = last.bounding_box()
    assert passage["y"] >= reader.evaluate(PINNED) - 1, "the last passage is behind the map"


def wheel_until(page, predicate: str, limit: int = 60) -> bool:
    """Scroll the story with the mouse wheel, as a reader does, until ``predicate`` holds."""
    box = page.locator(".bri-text").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, page.viewport_size["height"] / 2)
    for _ in range(limit):
        if page.evaluate(predicate):
            return True
        page.mouse.wheel(0, 160)
        page.wait_for_timeout(120)
    return page.evaluate(predicate)


def test_reading_the_story_moves_the_map_through_its_steps(browser, app_url):
    context = browser.new_context(viewport=SIZES["laptop"])
    page = context.new_page()
    open_viewer(page, app_url)
    assert "step=" not in page.url  # opening the page moves nothing
    reached = wheel_until(page, "location.search.includes('step=')")
    assert reached, "scrolling through the story never moved the map to a step"
    first = page.locator(".bri-step-count").inner_text()
    assert first.startswith("Step ")
    # Reading on reaches a later step, its caption beside the map.
    assert wheel_until(
        page, f"!document.querySelector('.bri-step-count').innerText.startsWith({first!r})"
    )
    assert_in_view(settled(page), "while reading")
    assert page.locator(".bri-step-title").is_visible()
    context.close()


def test_a_country_the_reader_picked_is_not_taken_away_by_reading_on(browser, app_url):
    context = browser.new_context(viewport=SIZES["laptop"])
    page = context.new_page()
    open_viewer(page, app_url)
    before = picks(page)
    page.locator("button.bri-mention[data-iso3='KAZ'][data-kind='country']").first.click()
    after_pick(page, before)
    page.wait_for_function("location.search.includes('country=KAZ')")
    wheel_until(page, "false", limit=25)
    assert "country=KAZ" in page.url and "step=" not in page.url
    context.close()
