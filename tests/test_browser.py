"""Real clicks in headless Chromium against the real server, as a reader would use the page."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from explainers.data.datasets import load_map_data, load_projects
from explainers.explainer import load_explainer
from explainers.map.layers import partners_as_of, projects_as_of
from tests.support import LAPTOP, PHONE, wait_for_map

pytestmark = pytest.mark.browser

# The centre of a country's drawn shape, found through the data plotly binds to each path.
CENTRE_OF = """code => {
  const path = [...document.querySelectorAll('.js-plotly-plot path.choroplethlocation')]
    .find(p => p.__data__ && p.__data__.loc === code && p.getAttribute('d'));
  const box = path.getBoundingClientRect();
  return {x: box.x + box.width / 2, y: box.y + box.height / 2};
}"""

# Where plotly's projection puts a longitude and latitude on the page.
PIXEL_OF = """([lon, lat]) => {
  const chart = document.querySelector('.js-plotly-plot');
  const [x, y] = chart._fullLayout.geo._subplot.projection([lon, lat]);
  const svg = chart.querySelector('.main-svg').getBoundingClientRect();
  return {x: svg.x + x, y: svg.y + y};
}"""

# What the map shows now: its centre and scale, the outlined countries, the marked places.
MAP_STATE = """() => {
  const gd = document.querySelector('.bri-map');
  const geo = gd._fullLayout.geo;
  const role = r => gd._fullData.find(t => t.meta && t.meta.role === r);
  return {
    lon: geo.center.lon, lat: geo.center.lat, scale: geo.projection.scale,
    outlined: [...role('outline').locations],
    places: [...(role('place').text || [])],
    selected: gd._fullData.map(t => t.selectedpoints ?? null),
    visible: gd._fullData.filter(t => t.visible === true && t.meta && t.meta.layer)
      .map(t => t.meta.layer),
    points: Object.fromEntries(['projects', 'partners'].map(layer => [layer, gd._fullData
      .filter(t => t.visible === true && t.meta && t.meta.layer === layer)
      .reduce((n, t) => n + (t.locations || t.lon).length, 0)])),
  };
}"""


def picks(page) -> int:
    return int(page.locator(".bri-viewer").get_attribute("data-picks") or 0)


def after_pick(page, before: int) -> None:
    """Wait until the viewer has applied one more pick (map redrawn, text marked)."""
    page.wait_for_function(
        f"Number(document.querySelector('.bri-viewer').dataset.picks) > {before}",
        timeout=20_000,
    )


def open_viewer(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(".bri-viewer[data-ready=true]", state="attached", timeout=60_000)
    wait_for_map(page)


def map_state(page) -> dict:
    return page.evaluate(MAP_STATE)


def query(page) -> dict:
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items()}


def hover_then_click(page, point) -> None:
    """Move onto a point as a mouse does (plotly picks what is under the pointer), then click."""
    page.mouse.move(point["x"] - 20, point["y"])
    page.mouse.move(point["x"], point["y"], steps=4)
    page.wait_for_timeout(200)
    page.mouse.click(point["x"], point["y"])


def in_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + min(box["height"], 40) <= height


def off_host(url: str, host: str) -> bool:
    """A request over the network to any host but the app's (blob: and data: stay in the page)."""
    parts = urlsplit(url)
    return parts.scheme not in ("blob", "data") and parts.netloc != host


@pytest.fixture
def page(browser, app_url):
    """A fresh page that records every request it makes to a host other than the app's."""
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    host = urlsplit(app_url).netloc
    page.off_host = []
    page.on(
        "request", lambda request: off_host(request.url, host) and page.off_host.append(request.url)
    )
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    assert page.off_host == [], f"requests left the app's server: {page.off_host}"
    assert page.errors == [], f"script errors in the page: {page.errors}"
    context.close()


def test_the_page_loads_plotlys_geo_bundle_and_not_streamlits_chunk(page, app_url):
    scripts = []
    page.on("request", lambda request: scripts.append(request.url))
    open_viewer(page, app_url)
    assert any(url.endswith("/app/static/vendor/plotly-geo-4.1.1.min.js") for url in scripts)
    assert not [url for url in scripts if "/static/js/" in url and "plotly" in url.lower()]
    assert page.get_by_role("heading", name="Xi and Putin at the Belt and Road Forum").is_visible()


def test_a_name_in_the_text_frames_the_map_opens_the_card_and_updates_the_url(page, app_url):
    open_viewer(page, f"{app_url}/?layers=none")
    world = map_state(page)
    name = page.locator("button.bri-mention[data-iso3='KAZ'][data-kind='country']")
    assert name.get_attribute("data-kind") == "country"
    before = picks(page)
    name.focus()
    page.keyboard.press("Enter")  # a real control: the keyboard works
    after_pick(page, before)

    shown = map_state(page)
    assert shown["outlined"] == ["KAZ"]
    assert shown["scale"] > world["scale"] * 2
    assert 40 < shown["lon"] < 90 and 35 < shown["lat"] < 60
    assert page.get_by_role("heading", name="Kazakhstan", exact=True).is_visible()
    assert page.get_by_text("1 passage of the story name Kazakhstan").is_visible()
    page.wait_for_function("location.search.includes('country=KAZ')")
    assert query(page) == {"country": "KAZ", "layers": "none"}
    selected = page.locator("button.bri-mention[data-selected='true']")
    assert selected.count() >= 1
    assert all("KAZ" in s.split() for s in selected.evaluate_all("n => n.map(e => e.dataset.iso3)"))


def test_a_city_in_the_text_is_marked_as_a_point(page, app_url):
    open_viewer(page, f"{app_url}/?layers=none")
    moscow = page.locator("button.bri-mention", has_text="Moscow").first
    assert moscow.get_attribute("data-kind") == "place"
    before = picks(page)
    moscow.click()
    after_pick(page, before)
    shown = map_state(page)
    assert shown["outlined"] == ["RUS"]
    assert shown["places"] == ["Moscow"]


def test_a_country_on_the_map_marks_its_passages_and_scrolls_them_into_view(page, app_url):
    open_viewer(page, f"{app_url}/?layers=none")
    page.evaluate("window.scrollTo(0, 0)")
    before = picks(page)
    hover_then_click(page, page.evaluate(CENTRE_OF, "TUR"))
    after_pick(page, before)

    marked = page.locator(".bri-passage[data-marked]")
    naming = load_explainer("bri-forum-2017").passages_naming("TUR")
    assert marked.count() == len(naming) >= 3
    assert marked.first.get_attribute("data-passage") == "turkey-terrorism"
    page.wait_for_function(
        """() => { const p = document.querySelector('.bri-passage[data-marked]')
          .getBoundingClientRect(); return p.top >= 0 && p.bottom <= innerHeight; }""",
        timeout=5_000,
    )
    # The marked passage stands out: its text passes WCAG AA against its background.
    colours = marked.first.evaluate(
        "p => [getComputedStyle(p).color, getComputedStyle(p).backgroundColor]"
    )
    assert contrast(*colours) >= 4.5
    assert colours[1] != "rgba(0, 0, 0, 0)"
    page.wait_for_function("location.search.includes('country=TUR')")
    assert page.get_by_role("heading", name="Turkey", exact=True).is_visible()


def test_a_project_on_the_map_picks_its_country(page, app_url):
    project = load_projects().set_index("id").loc["jakarta-bandung-hsr"]
    open_viewer(page, f"{app_url}/?layers=projects")
    before = picks(page)
    hover_then_click(page, page.evaluate(PIXEL_OF, [project["lon"], project["lat"]]))
    after_pick(page, before)
    assert page.get_by_role("heading", name="Indonesia", exact=True).is_visible()
    assert map_state(page)["places"] == [project["name"]]
    assert page.locator(".bri-card").get_by_text("Jakarta-Bandung high-speed railway").is_visible()


def test_a_click_on_a_corridor_fades_nothing_and_picks_the_country_beneath(page, app_url):
    """A corridor is a decoration: the click goes through it to the country it crosses."""
    from shapely.geometry import Point

    from explainers.data.shapes import country_shapes

    shapes = country_shapes()
    waypoints = load_map_data().corridors.sort_values(["line", "seq"])
    # The first waypoint well inside a country (a degree from any border or coast).
    corridor, beneath = next(
        (row, code)
        for row in waypoints.itertuples(index=False)
        for code, shape in zip(shapes["iso3"], shapes["geometry"], strict=True)
        if shape.buffer(-1.0).contains(Point(row.lon, row.lat))
    )
    open_viewer(page, f"{app_url}/?layers=corridors")
    faded = map_state(page)["selected"]
    before = picks(page)
    hover_then_click(page, page.evaluate(PIXEL_OF, [corridor.lon, corridor.lat]))
    after_pick(page, before)
    assert map_state(page)["selected"] == faded
    page.wait_for_function(f"location.search.includes('country={beneath}')")


def test_the_keyboard_walks_the_steps_and_the_map_follows(page, app_url):
    open_viewer(page, app_url)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for expected in ("xi-and-putin", "forum", "russia-backing"):
        before = picks(page)
        page.keyboard.press("ArrowRight")
        after_pick(page, before)
        page.wait_for_function(f"location.search.includes('step={expected}')")
    assert page.locator(".bri-step-title").inner_text().startswith("Russia")
    assert page.locator(".bri-step-count").inner_text() == "Step 3 of 8"
    shown = map_state(page)
    assert shown["visible"] == ["projects"] * len(shown["visible"]) and shown["visible"]
    assert "RUS" in shown["outlined"]
    in_step = page.locator(".bri-passage[data-in-step]")
    assert in_step.first.get_attribute("data-passage") == "putin-support"

    before = picks(page)
    page.keyboard.press("ArrowLeft")
    after_pick(page, before)
    page.wait_for_function("location.search.includes('step=forum')")
    assert page.get_by_role("button", name="Previous").is_enabled()


def test_back_walks_the_readers_picks(page, app_url):
    open_viewer(page, app_url)
    for code in ("KAZ", "IDN"):
        before = picks(page)
        page.locator(f"button.bri-mention[data-iso3='{code}']").first.click()
        after_pick(page, before)
        page.wait_for_function(f"location.search.includes('country={code}')")
    page.go_back()
    page.wait_for_function("location.search.includes('country=KAZ')")
    page.get_by_role("heading", name="Kazakhstan", exact=True).wait_for()
    assert map_state(page)["outlined"] == ["KAZ"]
    page.go_back()
    page.wait_for_function("!location.search.includes('country=')")
    page.locator(".bri-card").wait_for(state="hidden")


@pytest.mark.parametrize(
    ("url", "check"),
    [
        ("?country=TUR", lambda s, p: s["outlined"] == ["TUR"]),
        ("?step=kazakhstan", lambda s, p: "KAZ" in s["outlined"]),
        ("?layers=partners", lambda s, p: s["visible"] == ["partners"]),
        (
            "?layers=projects,partners&year=2017",
            lambda s, p: (
                s["points"]
                == {
                    "projects": len(projects_as_of(load_map_data().projects, 2017)),
                    "partners": len(partners_as_of(load_map_data().partners, 2017)),
                }
            ),
        ),
        (
            "?explainer=bri-forum-2017&step=forum",
            lambda s, p: p.locator(".bri-step-title").inner_text().startswith("The forum"),
        ),
    ],
)
def test_a_link_opens_on_its_view(page, app_url, url, check):
    open_viewer(page, f"{app_url}/{url}")
    assert check(map_state(page), page)


def test_the_year_slider_is_one_history_entry_and_matches_the_data(page, app_url):
    open_viewer(page, f"{app_url}/?layers=projects")
    length = page.evaluate("history.length")
    slider = page.get_by_label("Projects and partners as of")
    slider.focus()
    for _ in range(9):
        page.keyboard.press("ArrowLeft")
    page.wait_for_function("location.search.includes('year=2018')")
    assert page.evaluate("history.length") == length + 1
    expected = len(projects_as_of(load_map_data().projects, 2018))
    assert map_state(page)["points"]["projects"] == expected


def test_a_broken_link_shows_a_notice_and_runs_no_script(page, app_url):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    open_viewer(page, f"{app_url}/?country=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E")
    notice = page.get_by_text("not a country code")
    assert notice.is_visible()
    assert "<img src=x onerror=alert(1)>" in notice.inner_text()
    assert dialogs == []
    assert page.locator(".bri-card").is_hidden()


def test_on_a_phone_the_map_comes_before_the_text_and_a_pick_shows_the_card(browser, app_url):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    open_viewer(page, app_url)
    chart = page.locator(".bri-map")
    first = page.locator(".bri-passage").first
    assert chart.bounding_box()["width"] <= PHONE["width"]
    assert chart.bounding_box()["y"] < first.bounding_box()["y"]
    page.get_by_label("Pick a country (or click one on the map)").select_option("KAZ")
    page.wait_for_function("location.search.includes('country=KAZ')")
    page.wait_for_function(
        """() => { const c = document.querySelector('.bri-card').getBoundingClientRect();
          return c.top >= 0 && c.top < innerHeight; }""",
        timeout=5_000,
    )
    context.close()


def test_on_a_phone_map_and_first_passage_fit_two_screens_under_a_one_line_credit(browser, app_url):
    """At 390 px: the way to bring an article, a one-line credit, then map and story."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    open_viewer(page, f"{app_url}/?country=KAZ")
    screen = PHONE["height"]
    link = page.get_by_role("link", name="Bring your own article")
    assert link.is_visible() and link.bounding_box()["y"] < screen  # no hidden menu
    credit = page.locator("[data-testid=stExpander] summary").first
    assert "Retold from South China Morning Post" in credit.inner_text()
    assert credit.bounding_box()["height"] < 60, "the credit is one line"
    original = page.get_by_role("link", name="Xi and Putin in joint push", exact=False)
    assert not original.is_visible()
    credit.click()
    original.wait_for(state="visible")  # it expands to the full credit and the link
    credit.click()
    original.wait_for(state="hidden")
    # Measure from the top of the page: Streamlit scrolls a box, not the window.
    page.evaluate(
        """() => { scrollTo(0, 0);
          for (const node of document.querySelectorAll('*')) node.scrollTop = 0; }"""
    )
    chart = page.locator(".bri-map").bounding_box()
    passage = page.locator(".bri-passage").first.bounding_box()
    assert chart["y"] + chart["height"] <= 2 * screen, chart
    assert passage["y"] < 2 * screen, passage
    context.close()


def test_a_pasted_article_uses_the_same_viewer_and_runs_none_of_its_markup(page, app_url):
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
    page.wait_for_selector(".bri-viewer[data-ready=true]", state="attached", timeout=60_000)
    text = page.locator(".bri-text").inner_text()
    assert "Kazakhstan" in text and "Advertisement" not in text
    assert dialogs == []
    assert page.locator("img[src='x']").count() == 0

    before = picks(page)
    page.locator("button.bri-mention", has_text="Gwadar").first.click()
    after_pick(page, before)
    assert page.get_by_role("heading", name="Pakistan", exact=True).is_visible()
    assert [p.split(",")[0] for p in map_state(page)["places"]] == ["Gwadar"]
    assert page.locator(".bri-card-projects").get_by_text("Gwadar Port").is_visible()


def test_a_file_with_no_places_gets_a_clear_message(page, app_url):
    page.goto(f"{app_url}/your-article")
    page.get_by_label("Article text").fill("A quiet afternoon with tea and biscuits.")
    page.get_by_role("button", name="Map this article").click()
    page.get_by_text("No countries or places were found").wait_for()


def test_get_the_data_downloads_the_files_the_map_draws(page, app_url):
    from explainers.paths import PROCESSED_DIR

    open_viewer(page, app_url)
    with page.expect_download() as download:
        page.get_by_role("button", name="Projects (CSV)").click()
    path = download.value.path()
    assert download.value.suggested_filename == "projects.csv"
    assert Path(path).read_bytes() == (PROCESSED_DIR / "projects.csv").read_bytes()


def _luminance(rgb: str) -> float:
    parts = [float(x) for x in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    linear = [
        (c / 255) / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4
        for c in parts
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two CSS rgb() colours."""
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_map_key_is_page_text_that_follows_the_layers(page, app_url):
    open_viewer(page, f"{app_url}/?layers=projects")
    key = page.get_by_role("group", name="Map key")  # a <details>, open beside a wide map
    assert key.get_by_text("Host of the forum").is_visible()
    assert key.get_by_text("Pipeline").is_visible()
    assert key.get_by_text("Economic corridor or sea route (schematic)").is_hidden()
    page.get_by_role("checkbox", name="Corridors").check()
    key.get_by_text("Economic corridor or sea route (schematic)").wait_for()
    page.get_by_role("checkbox", name="Projects").uncheck()
    key.get_by_text("Pipeline").wait_for(state="hidden")
    assert not page.evaluate("document.querySelector('.bri-map')._fullLayout.showlegend")


def test_the_map_as_a_table_lists_what_the_view_shows(page, app_url):
    data = load_map_data().projects
    open_viewer(page, f"{app_url}/?layers=projects&year=2016&country=PAK")
    page.get_by_text("The map as a table").click()
    table = page.locator(".bri-table table").nth(1)
    in_pakistan = projects_as_of(data, 2016)
    in_pakistan = in_pakistan[in_pakistan["countries"].str.split(";").map(lambda c: "PAK" in c)]
    assert table.locator("tbody tr").count() == len(in_pakistan) > 0
    assert f"Projects on the map in Pakistan, as of 2016 ({len(in_pakistan)})" in table.inner_text()
    assert "Gwadar Port" in table.inner_text()
    roles = page.locator(".bri-table table").first.inner_text()
    assert "Kazakhstan" in roles and "Leader met Xi during the forum visit" in roles
