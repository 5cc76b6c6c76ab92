"""Real clicks in headless Chromium against the real server, as a reader would use the page."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from explainers.datasets import load_projects
from tests.support import LAPTOP, PHONE, wait_for_map

pytestmark = pytest.mark.browser

# The centre of a country's drawn shape, found through the data plotly binds to each path.
CENTRE_OF = """code => {
  const path = [...document.querySelectorAll('.js-plotly-plot path.choroplethlocation')]
    .find(p => p.__data__ && p.__data__.loc === code && p.getAttribute('d'));
  const box = path.getBoundingClientRect();
  return {x: box.x + box.width / 2, y: box.y + box.height / 2};
}"""


def click_country(page, code: str) -> None:
    """Move onto a country as a mouse does (plotly picks what is under the pointer), then click."""
    centre = page.evaluate(CENTRE_OF, code)
    page.mouse.move(centre["x"] - 20, centre["y"])
    page.mouse.move(centre["x"], centre["y"], steps=4)
    page.wait_for_timeout(200)
    page.mouse.click(centre["x"], centre["y"])


# Where plotly's projection puts a longitude and latitude on the page.
PIXEL_OF = """([lon, lat]) => {
  const chart = document.querySelector('.js-plotly-plot');
  const [x, y] = chart._fullLayout.geo._subplot.projection([lon, lat]);
  const svg = chart.querySelector('.main-svg').getBoundingClientRect();
  return {x: svg.x + x, y: svg.y + y};
}"""


@pytest.fixture
def page(browser, app_url):
    """A fresh page that records every request it makes to a host other than the app's."""
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    host = urlsplit(app_url).netloc
    page.off_host = []
    page.on(
        "request",
        lambda request: urlsplit(request.url).netloc != host and page.off_host.append(request.url),
    )
    yield page
    context.close()


def test_the_map_draws_offline_and_a_click_picks_a_country(page, app_url):
    page.goto(f"{app_url}/?layers=none")
    wait_for_map(page)
    assert page.get_by_role("heading", name="Xi and Putin at the Belt and Road Forum").is_visible()

    click_country(page, "KAZ")

    page.get_by_role("heading", name="Kazakhstan", exact=True).wait_for(timeout=20_000)
    assert "country=KAZ" in page.url
    assert "layers=none" in page.url
    card = page.get_by_text("1 passage of the story name Kazakhstan")
    assert card.is_visible()
    wait_for_map(page)
    assert page.off_host == [], f"requests left the app's server: {page.off_host}"


def test_a_click_on_a_project_picks_its_country(page, app_url):
    project = load_projects().set_index("id").loc["jakarta-bandung-hsr"]
    page.goto(f"{app_url}/?layers=projects")
    wait_for_map(page)
    point = page.evaluate(PIXEL_OF, [project["lon"], project["lat"]])
    page.mouse.move(point["x"] - 10, point["y"])
    page.mouse.move(point["x"], point["y"], steps=4)
    page.wait_for_timeout(200)
    page.mouse.click(point["x"], point["y"])
    page.get_by_role("heading", name="Indonesia", exact=True).wait_for(timeout=20_000)
    assert "country=IDN" in page.url
    assert page.get_by_text("Jakarta-Bandung high-speed railway").first.is_visible()


def test_a_shared_link_opens_on_its_country(page, app_url):
    page.goto(f"{app_url}/?country=TUR")
    wait_for_map(page)
    page.get_by_role("heading", name="Turkey", exact=True).wait_for()
    assert page.get_by_text("Erdogan").first.is_visible()
    assert page.off_host == []


def test_a_broken_link_shows_a_notice_and_runs_no_script(page, app_url):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{app_url}/?country=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    wait_for_map(page)
    notice = page.get_by_text("not a country code")
    assert notice.is_visible()
    assert "<img src=x onerror=alert(1)>" in notice.inner_text()
    assert dialogs == []
    assert page.off_host == []


def test_on_a_phone_the_map_stacks_below_the_story(browser, app_url):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(app_url)
    wait_for_map(page)
    title = page.get_by_role("heading", name="Xi and Putin at the Belt and Road Forum")
    chart = page.locator(".js-plotly-plot").first
    assert chart.bounding_box()["y"] > title.bounding_box()["y"]
    assert chart.bounding_box()["width"] <= PHONE["width"]
    context.close()


def test_a_pasted_article_is_linked_and_mapped_without_running_its_markup(page, app_url):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{app_url}/your-article")
    article = (
        "<h1>Gwadar waits</h1><script>alert('x')</script>\n\n"
        "Pakistan and China opened a new berth at Gwadar port. "
        '<img src=x onerror="alert(1)"> [click](javascript:alert(2))\n\n'
        "Advertisement\n\n"
        "Officials in Islamabad and Beijing said Kazakhstan wants a rail link."
    )
    page.get_by_label("Article text").fill(article)
    page.get_by_role("button", name="Map this article").click()
    wait_for_map(page)
    page.get_by_text("Your article, linked on this page").wait_for()
    story = page.locator("[data-testid='stMainBlockContainer']").inner_text()
    assert "Kazakhstan" in story
    assert "Advertisement" not in story
    assert dialogs == []
    assert page.locator("img[src='x']").count() == 0

    page.get_by_label("Pick a country (or click one on the map)").click()
    page.keyboard.type("Pakistan (PAK)")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Pakistan", exact=True).wait_for()
    assert page.get_by_text("Gwadar").first.is_visible()
    assert page.off_host == []


def test_a_file_with_no_places_gets_a_clear_message(page, app_url):
    page.goto(f"{app_url}/your-article")
    page.get_by_label("Article text").fill("A quiet afternoon with tea and biscuits.")
    page.get_by_role("button", name="Map this article").click()
    page.get_by_text("No countries or places were found").wait_for()


def test_get_the_data_downloads_the_files_the_map_draws(page, app_url):
    from explainers.paths import PROCESSED_DIR

    page.goto(app_url)
    wait_for_map(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Projects (CSV)").click()
    path = download.value.path()
    assert download.value.suggested_filename == "projects.csv"
    assert Path(path).read_bytes() == (PROCESSED_DIR / "projects.csv").read_bytes()
