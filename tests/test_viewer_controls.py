"""The viewer's controls a reader clicks, each in Chromium: Previous and Next, the list of
all steps, a card's links to its passages, and "Show the whole story"."""

from __future__ import annotations

import pytest

from tests.test_browser import after_pick, map_state, open_viewer, page, picks, query

pytestmark = pytest.mark.browser
__all__ = ["page"]  # the fixture, shared with tests/test_browser.py


def click(page, locator, url_has: str) -> None:
    """Click a control; wait for the viewer to apply its pick and the URL to say ``url_has``
    (``!country=``: that the URL no longer says it)."""
    before = picks(page)
    locator.click()
    after_pick(page, before)
    if url_has.startswith("!"):
        page.wait_for_function(f"!location.search.includes({url_has[1:]!r})")
    else:
        page.wait_for_function(f"location.search.includes({url_has!r})")


def wait_in_view(page, locator) -> None:
    """Wait until ``locator``'s top is on the screen (the story scrolls smoothly)."""
    page.wait_for_function(
        "el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }",
        arg=locator.element_handle(),
    )


def test_next_and_previous_walk_the_steps_and_the_map_follows(page, app_url):
    open_viewer(page, app_url)
    click(page, page.get_by_role("button", name="Start"), "step=xi-and-putin")
    assert query(page)["step"] == "xi-and-putin"
    assert page.get_by_role("button", name="Previous").is_disabled()

    click(page, page.get_by_role("button", name="Next"), "step=forum")
    click(page, page.get_by_role("button", name="Next"), "step=russia-backing")
    assert query(page)["step"] == "russia-backing"
    assert page.locator(".bri-step-count").inner_text() == "Step 3 of 8"
    assert "RUS" in map_state(page)["outlined"]

    click(page, page.get_by_role("button", name="Previous"), "step=forum")
    assert query(page)["step"] == "forum"
    assert (
        page.locator(".bri-step-title").inner_text()
        == page.locator(".bri-step-list button[data-step=forum]").text_content()
    )


def test_the_list_of_all_steps_jumps_to_any_step(page, app_url):
    open_viewer(page, app_url)
    page.get_by_text("All steps").click()
    click(page, page.locator(".bri-step-list button[data-step=kazakhstan]"), "step=kazakhstan")
    assert query(page)["step"] == "kazakhstan"
    assert page.locator(".bri-step-count").inner_text() == "Step 7 of 8"
    assert "KAZ" in map_state(page)["outlined"]
    in_step = page.locator(".bri-passage[data-in-step]")
    assert in_step.count() >= 1
    wait_in_view(page, in_step.first)


def test_a_cards_passage_link_scrolls_to_and_marks_its_passage(page, app_url):
    open_viewer(page, f"{app_url}/?country=TUR")
    links = page.locator(".bri-card-passages a")
    assert links.count() >= 1
    target = links.last.get_attribute("href").removeprefix("#bri-passage-")
    links.last.click()
    passage = page.locator(f'.bri-passage[data-passage="{target}"]')
    wait_in_view(page, passage)
    assert passage.get_attribute("data-marked") is not None
    assert query(page)["country"] == "TUR"  # the pick stays


def test_show_the_whole_story_clears_the_pick(page, app_url):
    open_viewer(page, f"{app_url}/?country=KAZ")
    assert page.get_by_role("heading", name="Kazakhstan").is_visible()
    click(page, page.get_by_role("button", name="Show the whole story"), "!country=")
    assert "country" not in query(page)
    assert page.get_by_role("heading", name="Kazakhstan").count() == 0
    assert page.locator(".bri-passage[data-marked]").count() == 0
    assert map_state(page)["outlined"] == []
