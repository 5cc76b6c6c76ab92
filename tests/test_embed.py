"""Embeds and the Share and embed panel, in headless Chromium against the real app.

An embed is tested as a newsroom uses it: the app's URL in a real ``<iframe>`` of a page
on another origin, at the sizes a story column and a phone give it (600×450, 360×640).
"""

from __future__ import annotations

import struct
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from explainers.explainer import load_explainer
from tests.support import LAPTOP, wait_for_map

pytestmark = pytest.mark.browser

SIZES = [(600, 450), (360, 640)]
PUBLISHER = load_explainer("bri-forum-2017").original.publisher


def off_host(url: str, host: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme not in ("blob", "data", "about") and parts.netloc != host


def query_of(url: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}


@pytest.fixture
def new_page(browser, app_url):
    """Pages that record script errors and any request to a host but the app's."""
    contexts = []

    def make(viewport=LAPTOP, permissions=()):
        context = browser.new_context(viewport=viewport, accept_downloads=True)
        if permissions:
            context.grant_permissions(list(permissions), origin=app_url)
        contexts.append(context)
        page = context.new_page()
        host = urlsplit(app_url).netloc
        page.off_host, page.errors = [], []
        page.on("request", lambda r: off_host(r.url, host) and page.off_host.append(r.url))
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        return page

    yield make
    for context in contexts:
        context.close()


def embed(page, src: str, width: int, height: int):
    """Put ``src`` in an iframe of ``width``×``height`` at the top left of a host page."""
    page.set_viewport_size({"width": width, "height": height})
    page.set_content(
        '<!doctype html><title>A newsroom story</title><body style="margin:0">'
        f'<iframe src="{src}" width="{width}" height="{height}" title="Map" '
        'style="border:0;display:block"></iframe></body>'
    )
    frame = page.frame_locator("iframe")
    child = page.main_frame.child_frames[0]
    child.wait_for_selector(".bri-viewer[data-ready=true]", state="attached", timeout=60_000)
    wait_for_map(child)
    return frame, child


def box(locator) -> dict:
    found = locator.bounding_box()
    assert found is not None, f"{locator} is not drawn"
    return found


@pytest.mark.parametrize(("width", "height"), SIZES)
@pytest.mark.parametrize("show", ["map", "map,card", "map,text"])
def test_an_embed_fits_its_frame_with_the_map_on_top(new_page, app_url, show, width, height):
    page = new_page()
    frame, child = embed(page, f"{app_url}/?country=KAZ&embed=true&show={show}", width, height)

    drawn = box(frame.locator(".bri-map .main-svg").first)
    assert drawn["y"] < 60, f"the map starts at y={drawn['y']}"
    assert drawn["y"] + drawn["height"] <= height and drawn["x"] + drawn["width"] <= width
    assert drawn["height"] >= 180

    # No app chrome: no page links, title, credit header, downloads or footer.
    assert frame.locator("h1").count() == 0
    assert frame.get_by_text("Get the data").count() == 0
    assert frame.get_by_role("link", name="Bring your own article").count() == 0

    card = frame.locator(".bri-card")
    text = frame.locator(".bri-text")
    if show == "map,card":
        assert frame.get_by_role("heading", name="Kazakhstan").is_visible()
        assert box(card)["y"] < height - 80  # the card starts in the frame, under the map
        assert text.count() == 0
    elif show == "map,text":
        marked = frame.locator(".bri-passage[data-marked]").first
        assert "Kazakhstan" in marked.text_content()
        assert 0 <= box(marked)["y"] < height - 60  # scrolled to, inside its own box
        assert card.count() == 0
    else:
        assert card.count() == 0 and text.count() == 0

    credit = frame.locator(".bri-embed-credit")
    line = child.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('.bri-embed-credit')).lineHeight)"
    )
    assert PUBLISHER in credit.text_content()
    assert box(credit)["height"] <= line * 1.3, "the credit takes more than one line"
    open_full = frame.get_by_role("link", name="Open the full explainer")
    link = box(open_full)
    assert link["y"] + link["height"] <= height, "the link to the full explainer is cut off"
    href = open_full.get_attribute("href")
    assert urlsplit(href).netloc == urlsplit(app_url).netloc
    assert query_of(href) == {"country": "KAZ"}
    assert open_full.get_attribute("target") == "_blank"
    assert "noopener" in open_full.get_attribute("rel")
    assert page.off_host == [] and page.errors == []


def test_a_pick_in_an_embed_stays_an_embed_of_the_same_kind(new_page, app_url):
    page = new_page()
    frame, child = embed(page, f"{app_url}/?country=KAZ&embed=true&show=map,text", 600, 450)
    frame.locator("button.bri-mention[data-iso3='TUR'][data-kind='country']").first.click()
    child.wait_for_function("location.search.includes('country=TUR')", timeout=20_000)
    assert query_of(child.url) == {"country": "TUR", "embed": "true", "show": "map,text"}
    assert query_of(
        frame.get_by_role("link", name="Open the full explainer").get_attribute("href")
    ) == {"country": "TUR"}
    assert child.evaluate("document.querySelector('.bri-map').getBoundingClientRect().top") < 60
    assert page.off_host == [] and page.errors == []


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def parse_snippet(snippet: str) -> dict:
    """The snippet's one iframe and its attributes; fails on anything else in it."""
    parser = _Tags()
    parser.feed(snippet)
    parser.close()
    assert [tag for tag, _ in parser.tags] == ["iframe"], snippet
    assert snippet.endswith("</iframe>")
    return parser.tags[0][1]


def open_share(page, url: str):
    page.goto(url)
    page.wait_for_selector(".bri-viewer[data-ready=true]", state="attached", timeout=60_000)
    wait_for_map(page)
    summary = page.locator(".bri-share summary")
    assert summary.text_content() == "Share and embed"
    summary.focus()
    page.keyboard.press("Enter")  # a details element: the keyboard opens it
    assert page.locator(".bri-share").get_attribute("open") is not None


def pick(page, code: str) -> None:
    before = int(page.locator(".bri-viewer").get_attribute("data-picks") or 0)
    page.get_by_label("Pick a country").select_option(code)
    page.wait_for_function(
        f"Number(document.querySelector('.bri-viewer').dataset.picks) > {before}", timeout=20_000
    )


def test_the_share_panel_gives_the_current_views_link_and_snippet(new_page, app_url):
    page = new_page()
    open_share(page, f"{app_url}/")
    pick(page, "IDN")
    link = page.get_by_label("Link to this view")
    assert link.input_value() == f"{app_url}/?country=IDN"

    page.get_by_label("For", exact=True).select_option("iframe")  # the plain iframe
    code = page.get_by_label("Embed code for your page")
    iframe = parse_snippet(code.input_value())
    assert query_of(iframe["src"]) == {"country": "IDN", "embed": "true", "show": "map,card"}
    assert iframe["src"].startswith(f"{app_url}/?")
    assert "Indonesia" in iframe["title"]
    assert iframe["height"] == "450" and iframe["loading"] == "lazy"
    assert "Indonesia" in page.locator(".bri-share-alt").text_content()

    page.get_by_label("The embed shows").select_option("map,text")
    assert query_of(parse_snippet(code.input_value())["src"])["show"] == "map,text"
    pick(page, "TUR")  # the panel follows the view
    assert link.input_value() == f"{app_url}/?country=TUR"
    assert query_of(parse_snippet(code.input_value())["src"])["country"] == "TUR"
    assert "Turkey" in parse_snippet(code.input_value())["title"]
    assert page.off_host == [] and page.errors == []


def test_the_snippet_pasted_into_a_page_shows_that_view(new_page, app_url):
    page = new_page()
    open_share(page, f"{app_url}/?country=KAZ")
    page.get_by_label("For", exact=True).select_option("iframe")  # the plain iframe
    snippet = page.get_by_label("Embed code for your page").input_value()
    page.set_viewport_size({"width": 600, "height": 450})
    page.set_content(f'<!doctype html><body style="margin:0">{snippet}</body>')
    page.locator("iframe").scroll_into_view_if_needed()  # loading=lazy: in view, it loads
    child = page.main_frame.child_frames[0]
    child.wait_for_selector(".bri-viewer[data-ready=true]", state="attached", timeout=60_000)
    wait_for_map(child)
    assert page.frame_locator("iframe").get_by_role("heading", name="Kazakhstan").is_visible()
    assert page.off_host == [] and page.errors == []


def test_copy_puts_the_views_link_on_the_clipboard(new_page, app_url):
    page = new_page(permissions=("clipboard-read", "clipboard-write"))
    open_share(page, f"{app_url}/?step=kazakhstan")
    page.get_by_role("button", name="Copy link").click()
    status = page.get_by_role("status").filter(has_text="Copied")
    status.wait_for(timeout=5_000)
    assert page.evaluate("navigator.clipboard.readText()") == f"{app_url}/?step=kazakhstan"


def test_copy_without_clipboard_access_selects_the_link(new_page, app_url):
    page = new_page()
    open_share(page, f"{app_url}/?country=KAZ")
    page.evaluate("Object.defineProperty(navigator, 'clipboard', {value: undefined})")
    page.get_by_role("button", name="Copy link").click()
    page.get_by_role("status").filter(has_text="Ctrl+C").wait_for(timeout=5_000)
    selected = page.evaluate(
        "() => { const f = document.activeElement; "
        "return f.value.slice(f.selectionStart, f.selectionEnd); }"
    )
    assert selected == f"{app_url}/?country=KAZ"


def test_download_png_gives_a_png_of_the_map(new_page, app_url):
    page = new_page()
    open_share(page, f"{app_url}/?country=KAZ")
    with page.expect_download(timeout=30_000) as info:
        page.get_by_role("button", name="Download PNG").click()
    download = info.value
    assert download.suggested_filename == "belt-and-road-kazakhstan.png"
    data = Path(download.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(data) > 10_000
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    assert (width, height) == (2400, 1350)
    assert page.off_host == [] and page.errors == []
