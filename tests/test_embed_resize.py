"""Responsive embeds in headless Chromium: a newsroom's page on another origin pastes the
snippet the Share and embed panel gives, and the frame takes the height the view posts.

The host page is served by a server of its own (another port: another origin), so the
parent script's origin check is the one a real CMS page meets.
"""

from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.support import LAPTOP, wait_for_map
from tests.test_embed import new_page, open_share

pytestmark = pytest.mark.browser
__all__ = ["new_page"]  # the fixture, shared with tests/test_embed.py


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def host(tmp_path):
    """A newsroom's page, on a server of its own; call it with the page's body."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=tmp_path))
    threading.Thread(target=server.serve_forever, daemon=True).start()

    def page(body: str) -> str:
        (tmp_path / "story.html").write_text(
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A story</title>'
            '</head><body style="margin:0 auto;max-width:100%"><p>Before the map.</p>'
            f"{body}<p>After the map.</p></body></html>",
            encoding="utf-8",
        )
        return f"http://127.0.0.1:{server.server_port}/story.html"

    yield page
    server.shutdown()
    server.server_close()


def snippet_from_panel(page, url: str, form: str = "responsive", show: str = "map,card") -> str:
    open_share(page, url)
    page.get_by_label("The embed shows").select_option(show)
    page.get_by_label("For", exact=True).select_option(form)
    return page.get_by_label("Embed code for your page").input_value()


def elsewhere(page) -> list[str]:
    """Requests to any host but the app's and the newsroom page's own."""
    return [url for url in page.off_host if not url.startswith(page.host_base)]


def open_host(page, host_url: str):
    page.host_base = host_url.rsplit("/", 1)[0] + "/"
    page.goto(host_url)
    child = page.main_frame.child_frames[0]
    child.wait_for_selector(".bri-viewer[data-ready=true]", state="attached", timeout=60_000)
    wait_for_map(child)
    return child


# The frame's height on the host page, and the embed's own height inside it.
FRAME_HEIGHT = "document.querySelector('iframe').getBoundingClientRect().height"
CONTENT_HEIGHT = "document.querySelector('.bri-embed-frame').getBoundingClientRect().bottom"


def settled_height(page, child, other_than: float | None = None) -> tuple[float, float]:
    """Wait until the frame is within 6 px of its content's height (and, given
    ``other_than``, no longer that height); return both."""
    page.wait_for_function(
        """(other) => {
            const height = document.querySelector('iframe').getBoundingClientRect().height;
            return height !== 450 && (other === null || Math.abs(height - other) > 6);
        }""",
        arg=other_than,
        timeout=20_000,
    )
    page.wait_for_timeout(400)  # the last post, after plotly's relayout
    return page.evaluate(FRAME_HEIGHT), child.evaluate(CONTENT_HEIGHT)


@pytest.mark.parametrize("width", [600, 360])
def test_the_responsive_snippet_takes_the_height_the_view_posts(new_page, app_url, host, width):
    page = new_page()
    snippet = snippet_from_panel(page, f"{app_url}/?country=KAZ")
    assert "data-bri-embed" in snippet and f"{app_url}/app/static/embed-parent.js" in snippet
    page.set_viewport_size({"width": width, "height": 900})
    child = open_host(page, host(snippet))
    frame, content = settled_height(page, child)
    print("frame", frame, "content", content)
    assert abs(frame - content) <= 8, (frame, content)
    # The whole view shows with no scrolling inside the frame: the card and the credit.
    assert (
        child.evaluate("document.querySelector('.bri-embed-open').getBoundingClientRect().bottom")
        <= frame
    )
    card = child.evaluate("document.querySelector('.bri-card').getBoundingClientRect().bottom")
    assert card <= frame
    assert elsewhere(page) == [] and page.errors == []


def test_the_frame_follows_the_view_when_it_grows_or_the_page_narrows(new_page, app_url, host):
    page = new_page()
    snippet = snippet_from_panel(page, f"{app_url}/?step=kazakhstan")
    page.set_viewport_size({"width": 600, "height": 900})
    child = open_host(page, host(snippet))
    before, _ = settled_height(page, child)
    # A reader picks the country the step frames: its card (passages, projects) replaces the
    # step's two-line note, and the frame grows to show it.
    # (a box inside the frame is measured in the host page's pixels, as the mouse is)
    plot = child.locator(".bri-map .geo .layer.bg").first.bounding_box()
    page.mouse.click(plot["x"] + plot["width"] / 2, plot["y"] + plot["height"] / 2)
    child.wait_for_function("location.search.includes('country=KAZ')", timeout=20_000)
    grown, content = settled_height(page, child, other_than=before)
    assert grown > before + 20 and abs(grown - content) <= 8, (before, grown, content)
    # The page narrows (a phone turned): the map is shorter, and so is the frame.
    page.set_viewport_size({"width": 360, "height": 900})
    narrow, content = settled_height(page, child, other_than=grown)
    assert abs(narrow - content) <= 8, (narrow, content)
    assert elsewhere(page) == [] and page.errors == []


def test_the_plain_iframe_shows_the_view_in_its_450_px(new_page, app_url, host):
    page = new_page()
    snippet = snippet_from_panel(page, f"{app_url}/?country=KAZ", form="iframe")
    assert "<script" not in snippet and "data-bri-embed" not in snippet
    page.set_viewport_size({"width": 600, "height": 900})
    child = open_host(page, host(snippet))
    frame = page.frame_locator("iframe")
    assert frame.get_by_role("heading", name="Kazakhstan").is_visible()
    page.wait_for_timeout(1000)  # nothing sizes a plain iframe: it stays as pasted
    assert page.evaluate(FRAME_HEIGHT) == 450
    link = child.evaluate(
        "document.querySelector('.bri-embed-open').getBoundingClientRect().bottom"
    )
    assert link <= 450
    assert elsewhere(page) == [] and page.errors == []


def test_a_responsive_snippet_whose_script_is_stripped_is_a_plain_iframe(new_page, app_url, host):
    page = new_page()
    snippet = snippet_from_panel(page, f"{app_url}/?country=KAZ")
    stripped = snippet[: snippet.index("<script")]
    child = open_host(page, host(stripped))
    page.wait_for_timeout(1000)
    assert page.evaluate(FRAME_HEIGHT) == 450
    assert page.frame_locator("iframe").get_by_role("heading", name="Kazakhstan").is_visible()
    assert child.evaluate(CONTENT_HEIGHT) <= 450


def test_the_view_posts_its_height_as_pym_amp_and_datawrapper_read_it(new_page, app_url, host):
    page = new_page(viewport=LAPTOP)
    # A pym.js parent names its child in the address (childId) and sends it the width.
    body = (
        f'<iframe src="{app_url}/?country=KAZ&embed=true&childId=story-map" width="600" '
        'height="450" title="Map"></iframe><script>window.heard = [];'
        "addEventListener('message', (e) => heard.push(e.data));</script>"
    )
    child = open_host(page, host(body))
    page.wait_for_function(
        "heard.some((m) => typeof m === 'string'"
        " && m.startsWith('pymxPYMxstory-mapxPYMxheightxPYMx'))",
        timeout=20_000,
    )
    page.wait_for_timeout(400)
    heard = page.evaluate("heard")
    content = child.evaluate(CONTENT_HEIGHT)
    pym = [m for m in heard if isinstance(m, str)][-1]
    assert abs(int(pym.rsplit("xPYMx", 1)[1]) - content) <= 8
    amp = [m for m in heard if isinstance(m, dict) and m.get("sentinel") == "amp"][-1]
    assert amp["type"] == "embed-size" and abs(amp["height"] - content) <= 8
    datawrapper = [m for m in heard if isinstance(m, dict) and "datawrapper-height" in m][-1]
    assert abs(datawrapper["datawrapper-height"]["story-map"] - content) <= 8
    ours = [m for m in heard if isinstance(m, dict) and m.get("type") == "bri-embed-size"][-1]
    assert ours["fit"] == "content" and ours["id"] == "story-map"
