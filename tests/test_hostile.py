"""Hostile input through every door, in a real browser: no script runs, the text stays text.

The corpus (``tests/hostile/payloads.txt``, 66 lines plus one 20,000-character token) is
sent through each way a stranger's text reaches a page: a pasted article, an uploaded .txt,
.md and .html file, every URL parameter, an explainer's ``story.md`` and YAML, a cell of a
data CSV, and the exported static pages. Each payload tries to set ``window.__pwned``,
open a dialog or reach ``evil.example``. For every door headless Chromium must see no
dialog, no sentinel, no element the payload made (an ``img`` or ``script`` pointing off
host, a ``javascript:`` link, an ``on…`` handler), no request to any host but the app's,
and, where the door takes plain text, the payload's characters on the page as text.

The explainer and data doors run on a copy of the project (``hostile_project``): a
folder ``explainers/hostile-test`` whose every prose field is a payload, and a
``projects.csv`` whose names are payloads. The committed files are never touched.

The first tests need no browser: the safe defaults in ``.streamlit/config.toml``, the
upload limit the app and the uploader share, and the refusals at the edge.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import tomllib
from itertools import cycle, islice
from pathlib import Path
from urllib.parse import quote, urlsplit

import pandas as pd
import pytest
import yaml

from explainers.explainer import Original, load_explainer
from explainers.markup import WORD_JOINER, markdown_link
from explainers.paths import ROOT
from explainers.text import places_cli
from explainers.text.article import MAX_BYTES, read_article
from tests.support import LAPTOP, running_app

PAYLOADS = [
    line
    for line in (ROOT / "tests/hostile/payloads.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]
LONG_TOKEN = "A" * 20_000 + "<script>window.__pwned=1</script>"
EVIL = "evil.example"
HOSTILE_ID = "hostile-test"

# ---- safe defaults and refusals at the edge (no browser) --------------------------------


def _config() -> dict:
    return tomllib.loads((ROOT / ".streamlit/config.toml").read_text(encoding="utf-8"))


def test_the_corpus_covers_every_kind_of_trick():
    assert len(PAYLOADS) >= 50
    for mark in (
        "<script",
        "onerror=",
        "javascript:",
        "<svg",
        "<math",
        "](http",
        ":material/",
        ":red[",
        ":streamlit:",
        "\u202e",
    ):
        assert any(mark in p for p in PAYLOADS), f"no payload uses {mark!r}"


def test_config_keeps_xsrf_on_and_usage_statistics_off():
    config = _config()
    assert config["server"].get("enableXsrfProtection", True) is True
    assert config["browser"]["gatherUsageStats"] is False


def test_each_uploader_and_its_page_agree_on_one_limit_stated_in_bytes():
    """Streamlit's uploader counts a MB as 1,000,000 bytes in the browser; each page refuses
    anything bigger than its uploader's limit, and says that number. The server's own
    limit is the larger of the two (the projects page's)."""
    from streamlit.testing.v1 import AppTest

    from explainers.data import newsroom_layer

    assert _config()["server"]["maxUploadSize"] * 1_000_000 == newsroom_layer.MAX_BYTES
    with pytest.raises(Exception, match=r"the limit is 1 MB \(1,000,000 bytes\)"):
        read_article(b"x" * (MAX_BYTES + 1), "a.txt")
    page = (ROOT / "explainers/ui/article.py").read_text(encoding="utf-8")
    assert "MAX_SIZE_SHOWN" in page, "the page should state the limit the app applies"
    for script, limit in (
        ("from explainers.ui import article_page\narticle_page()", MAX_BYTES),
        ("from explainers.ui.projects import projects_page\nprojects_page()", None),
    ):
        app = AppTest.from_string(script, default_timeout=90).run()
        uploader = app.get("file_uploader")[0].proto
        if limit is None:  # the projects page: as much as the server takes
            limit = newsroom_layer.MAX_BYTES
        assert uploader.max_upload_size_mb * 1_000_000 == limit, script


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/a)![i](http://evil.example/u.png)",
        "https://example.com/[x]",
        "javascript:alert(1)",
    ],
)
def test_an_original_url_that_could_break_its_link_is_refused(url):
    with pytest.raises(ValueError, match="url"):
        Original(headline="h", publisher="p", date="2017-05-14", url=url)


@pytest.mark.parametrize("url", ["https://example.com/a b", 'https://example.com/"onmouseover=x'])
def test_spaces_and_quotes_in_an_original_url_are_percent_encoded(url):
    kept = str(Original(headline="h", publisher="p", date="2017-05-14", url=url).url)
    assert " " not in kept and '"' not in kept


def test_a_credit_link_cannot_break_out_of_its_parentheses():
    link = markdown_link("Story", "https://example.com/a)![i](http://evil.example/u.png)")
    target = link[link.index("](") + 2 : -1]
    assert "(" not in target and ")" not in target and "[" not in target


def test_places_refuses_a_text_over_the_limit_before_linking(tmp_path, capsys):
    big = tmp_path / "big.txt"
    big.write_text("Kazakhstan " * 100_000, encoding="utf-8")  # 1,100,000 characters
    assert places_cli.main([str(big)]) == places_cli.EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "1,000,000 bytes" in err and "Traceback" not in err


def test_utf16_text_and_deeply_nested_pages_are_read():
    story = "Xi Jinping met Vladimir Putin in Beijing, and Kazakhstan joined the talks."
    for codec in ("utf-16", "utf-16-le", "utf-16-be", "utf-32"):
        assert read_article(story.encode(codec), "a.txt").paragraphs == (story,)
    deep = "<html><body>" + "<div>" * 5000 + f"<p>{story}</p>" + "</div>" * 5000 + "</body></html>"
    assert story in read_article(deep, "a.html").paragraphs


# ---- the browser doors --------------------------------------------------------------------

SENTINEL = """() => ({
  pwned: window.__pwned !== undefined || (window.parent && window.parent.__pwned !== undefined),
  injected: [...document.querySelectorAll(
      'img[src*="evil"], script[src*="evil"], iframe, object, embed, link[href*="evil"], ' +
      'a[href^="javascript" i], a[href*="evil"], base, meta[http-equiv], form[action*="evil"], ' +
      'svg a, math, marquee, audio, video')]
    .filter(e => !e.closest('.js-plotly-plot') || e.matches('[src*="evil"], [href*="evil"]'))
    .map(e => e.outerHTML.slice(0, 120)),
  handlers: [...document.querySelectorAll('*')].flatMap(e => [...e.attributes]
    .filter(a => a.name.startsWith('on') && a.value.includes('__pwned'))
    .map(a => `${e.tagName} ${a.name}`)),
  scripts: [...document.scripts].filter(s => s.textContent.includes('__pwned')).length,
  text: document.body.textContent.replaceAll('\\u2060', ''),
})"""


class Watch:
    """What a page did that it must not: dialogs, requests off its own host."""

    def __init__(self, page, own: str):
        self.dialogs: list[str] = []
        self.off_host: list[str] = []
        self.own = own
        page.on("dialog", self._dialog)
        page.on("request", self._request)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme in ("data", "blob", "about", "file"):
            return
        if parts.hostname not in (self.own, "127.0.0.1", "localhost"):
            self.off_host.append(request.url)

    def check(self, page, door: str, shown: list[str] = ()) -> str:
        """Assert nothing ran and nothing was injected; each of ``shown`` is on the page."""
        page.wait_for_timeout(300)  # let any late onerror/onload fire
        seen = page.evaluate(SENTINEL)
        assert not self.dialogs, f"{door}: a dialog opened: {self.dialogs[:3]}"
        assert not seen["pwned"], f"{door}: a payload ran (window.__pwned is set)"
        assert not seen["injected"], f"{door}: injected elements {seen['injected'][:3]}"
        assert not seen["handlers"], f"{door}: event handlers from payloads {seen['handlers']}"
        assert not seen["scripts"], f"{door}: a payload's <script> is in the page"
        assert not self.off_host, f"{door}: requests to other hosts {self.off_host[:3]}"
        missing = [text for text in shown if _visible(text) not in _squash(seen["text"])]
        assert not missing, f"{door}: not shown as text: {missing[:3]}"
        return seen["text"]


def _squash(text: str) -> str:
    return " ".join(text.split())


def _visible(payload: str) -> str:
    """What of a payload a reader sees when it is shown as text (white space squashed)."""
    return _squash(payload)


def _hostile_yaml(meta: dict) -> dict:
    """The built-in explainer's metadata with every line of prose replaced by a payload."""
    feed = cycle(PAYLOADS)
    short = cycle([p for p in PAYLOADS if len(p) <= 60 and "{" not in p])  # a step's title
    prose = {"title", "summary", "headline", "publisher", "note", "why", "caption", "name"}
    prose |= {"layer_help", "marker", "source", "hosted", "absent"}

    def walk(node, key=None):
        if isinstance(node, dict):
            return {k: walk(v, k) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v, key) for v in node]
        if isinstance(node, str) and key == "title":
            return next(short)
        if isinstance(node, str) and key in prose:
            return next(feed)
        if isinstance(node, str) and key in ("hover", "attended"):
            return next(short) + " {leader}"
        return node

    hostile = walk(meta)
    hostile["id"] = HOSTILE_ID
    hostile["groups"] = {group: next(feed) for group in meta["groups"]}
    return hostile


def _hostile_story(story: str) -> str:
    """story.md with its passages kept (ids and the names that link) and payloads added."""
    lines, feed = [], iter([*PAYLOADS, LONG_TOKEN])
    for line in story.splitlines():
        lines.append(line)
        if line.startswith("{#"):
            lines.append(" ".join(islice(feed, 4)))
    rest = list(feed)
    return "\n".join(lines) + ("\n" + " ".join(rest) + "\n" if rest else "\n")


_LEFT_BEHIND = {".venv", ".git", "__pycache__", ".pytest_cache", ".hypothesis", "docs"}


def _not_copied(folder: str, names: list[str]) -> list[str]:
    """What the copy leaves out: caches, and at the top an export's ``site*`` folders (not
    ``explainers/export/site.py``)."""
    top = Path(folder) == ROOT
    return [n for n in names if n in _LEFT_BEHIND or (top and n.startswith("site"))]


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory):
    """A copy of the project with an explainer and a data table made of payloads."""
    copy = tmp_path_factory.mktemp("hostile") / "project"
    shutil.copytree(
        ROOT,
        copy,
        ignore=_not_copied,
    )
    builtin = copy / "explainers/stories/bri-forum-2017"
    folder = copy / "explainers" / "stories" / HOSTILE_ID
    folder.mkdir()
    meta = yaml.safe_load((builtin / "explainer.yaml").read_text(encoding="utf-8"))
    (folder / "explainer.yaml").write_text(
        yaml.safe_dump(_hostile_yaml(meta), allow_unicode=True), encoding="utf-8"
    )
    story = (builtin / "story.md").read_text(encoding="utf-8")
    (folder / "story.md").write_text(_hostile_story(story), encoding="utf-8")
    load_explainer(HOSTILE_ID, folder=folder)  # it must pass validation to reach the page

    csv = copy / "data/processed/projects.csv"
    projects = pd.read_csv(csv, dtype=str, keep_default_na=False)
    projects["name"] = list(islice(cycle(PAYLOADS), len(projects)))
    projects.to_csv(csv, index=False)
    return copy


@pytest.fixture(scope="module")
def hostile_url(hostile_project):
    with running_app(script=hostile_project / "app.py") as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    yield page
    context.close()


def _watch(page, url: str) -> Watch:
    return Watch(page, urlsplit(url).hostname)


def _wait_for_viewer(page, timeout: float = 60_000) -> None:
    page.wait_for_selector(".bri-viewer .bri-passage", timeout=timeout)


ARTICLE_LEAD = "Kazakhstan and China signed a rail deal in Astana on Monday."


def _map_article(page, url: str, *, text: str | None = None, file=None) -> None:
    page.goto(f"{url}/your-article")
    page.get_by_label("Article text").wait_for(timeout=30_000)
    if text is not None:
        page.get_by_label("Article text").fill(text)
    if file is not None:
        page.locator("input[type=file]").set_input_files(file)
        page.get_by_text(f"{file['name'][-10:]}").first.wait_for(timeout=20_000)
    page.get_by_role("button", name="Map this article").click()
    _wait_for_viewer(page)


@pytest.mark.browser
def test_a_pasted_article_of_payloads_is_shown_as_text(browser, app_url, page):
    watch = _watch(page, app_url)
    article = "\n\n".join([ARTICLE_LEAD, *PAYLOADS])
    _map_article(page, app_url, text=article)
    watch.check(page, "pasted article", shown=PAYLOADS)


@pytest.mark.browser
@pytest.mark.parametrize("suffix", ["txt", "md", "html"])
def test_an_uploaded_file_of_payloads_runs_nothing(browser, app_url, page, suffix):
    watch = _watch(page, app_url)
    body = "\n\n".join([ARTICLE_LEAD, *PAYLOADS, LONG_TOKEN])
    if suffix == "html":
        paragraphs = "".join(f"<p>{p}</p>\n" for p in [ARTICLE_LEAD, *PAYLOADS, LONG_TOKEN])
        body = f"<html><head><title>{PAYLOADS[0]}</title></head><body>{paragraphs}</body></html>"
    name = f"<img src=x onerror=window.__pwned=1> :material/home: http://evil.example.{suffix}"
    file = {"name": name, "mimeType": "text/plain", "buffer": body.encode("utf-8")}
    _map_article(page, app_url, file=file)
    # A .txt is text as typed; Markdown and HTML are markup, so only their words remain.
    shown = PAYLOADS if suffix == "txt" else [ARTICLE_LEAD]
    watch.check(page, f"uploaded .{suffix}", shown=shown)


URL_NAMES = ("explainer", "step", "country", "layers", "year", "show", "embed")


@pytest.mark.browser
def test_every_url_parameter_takes_every_payload_as_text(browser, app_url):
    """Every payload in every parameter: each link carries two payloads in each parameter,
    ``?country=A&country=B``, since the viewer reads the first value and Python the last
    (both doors)."""
    corpus = [*PAYLOADS, LONG_TOKEN[-300:]]
    half = (len(corpus) + 1) // 2
    second = corpus[half:] + corpus[: half - len(corpus[half:])]  # an odd count reuses one
    pairs = list(zip(corpus[:half], second, strict=True))
    contexts = [browser.new_context(viewport=LAPTOP)]
    tabs = [context.new_page() for context in contexts]
    watches = [_watch(tab, app_url) for tab in tabs]
    try:
        for start in range(0, len(pairs), len(tabs)):
            batch = list(zip(tabs, watches, pairs[start : start + len(tabs)], strict=False))
            for tab, _, (first, last) in batch:
                query = "&".join(
                    f"{name}={quote(first, safe='')}&{name}={quote(last, safe='')}"
                    for name in URL_NAMES
                )
                tab.goto(f"{app_url}/?{query}", wait_until="commit")
            for tab, watch, (first, last) in batch:
                tab.locator("[data-testid=stAlert]").first.wait_for(timeout=60_000)
                _wait_for_viewer(tab)
                # Notices quote a value's first 59 characters on one line (Python's door).
                shown = last.replace("\n", " ").strip()[:40]
                watch.check(tab, f"URL parameters {first[:30]!r}, {last[:30]!r}", [shown])
    finally:
        for context in contexts:
            context.close()


@pytest.mark.browser
def test_an_explainer_made_of_payloads_runs_nothing(browser, hostile_url, page):
    """story.md and explainer.yaml, drawn by the app: header, credit, steps, card, text."""
    watch = _watch(page, hostile_url)
    meta = yaml.safe_load(
        (ROOT / "explainers/stories/bri-forum-2017/explainer.yaml").read_text(encoding="utf-8")
    )
    hostile = _hostile_yaml(meta)
    step = hostile["steps"][0]
    page.goto(f"{hostile_url}/?explainer={HOSTILE_ID}&step={step['id']}&country=KAZ")
    _wait_for_viewer(page, timeout=180_000)  # the first reader of an explainer links it
    page.locator(".bri-card").first.wait_for(timeout=30_000)
    shown = [hostile["title"], step["caption"], hostile["countries"]["KAZ"]["why"]]
    shown += [p for p in PAYLOADS[:8]]  # the first passages' payloads, in the text
    watch.check(page, "explainer story.md and YAML", shown=shown)


@pytest.mark.browser
def test_a_data_table_of_payloads_runs_nothing(browser, hostile_url, page):
    """projects.csv with a payload in every name: the card, the map's table, the hovers."""
    watch = _watch(page, hostile_url)
    page.goto(f"{hostile_url}/?country=KAZ&layers=projects")
    _wait_for_viewer(page)
    page.locator(".bri-card").first.wait_for(timeout=30_000)
    plot = page.locator(".js-plotly-plot").first
    box = plot.bounding_box()
    for step in range(12):  # hover across the map, where project markers show names
        page.mouse.move(box["x"] + box["width"] * (step + 0.5) / 12, box["y"] + box["height"] / 2)
        page.wait_for_timeout(50)
    watch.check(page, "data CSV cells", shown=PAYLOADS[:3])


@pytest.mark.browser
def test_exported_pages_of_payloads_run_nothing(browser, hostile_project, page, tmp_path):
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "explainers", "export", "--out", str(site), "--no-previews"],
        cwd=hostile_project,
        check=True,
        capture_output=True,
        timeout=300,
    )
    pages = sorted((site / HOSTILE_ID).glob("*.html"))
    assert pages, "the export wrote no page for the hostile explainer"
    for path in [pages[0], pages[-1], site / "index.html"]:
        watch = Watch(page, "")
        page.goto(path.as_uri())
        page.wait_for_timeout(1500)
        watch.check(page, f"exported {path.name}")


def test_payload_file_reads_as_utf8_lines():
    """The corpus holds direction overrides and zero-width characters; keep them intact."""
    raw = (ROOT / "tests/hostile/payloads.txt").read_bytes()
    assert "\u202e".encode() in raw and "\u200b".encode() in raw
    assert io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8").read()
    assert WORD_JOINER not in raw.decode("utf-8")


# Every string plotly.js is handed, in every trace of the viewer's figure, as the page has it.
PLOTLY_STRINGS = """() => {
  const gd = document.querySelector('.js-plotly-plot');
  const strings = [];
  const walk = (v) => Array.isArray(v) ? v.forEach(walk) : typeof v === 'string' && strings.push(v);
  for (const t of gd.data) ['text', 'hovertext', 'customdata', 'name'].forEach(k => walk(t[k]));
  walk(gd.layout.title && gd.layout.title.text);
  return strings;
}"""
# Where plotly.js draws each story label and project marker, in page pixels.
TARGETS = """() => {
  const gd = document.querySelector('.js-plotly-plot');
  const project = gd._fullLayout.geo._subplot.projection;
  const svg = gd.querySelector('.main-svg').getBoundingClientRect();
  return gd._fullData.filter(t => t.visible === true && t.lon && t.lon.length)
    .flatMap(t => t.lon.map((lon, i) => project([lon, t.lat[i]])))
    .filter(xy => xy && xy.every(Number.isFinite))
    .map(([x, y]) => ({x: svg.x + x, y: svg.y + y}));
}"""
HOVER_MARKUP = """() => {
  const layer = document.querySelector('.hoverlayer');
  return layer ? [...layer.querySelectorAll('a, [style*="url("]')].map(e => e.outerHTML) : [];
}"""


@pytest.mark.browser
def test_folder_and_data_text_reaches_the_map_as_text_in_every_hover(browser, hostile_url, page):
    """plotly.js renders links, bold and styles in labels and hover labels: every string
    it is given from the folder or the data is plain, and hovering every label and marker
    draws no link, no style with a URL, and calls no other host."""
    watch = _watch(page, hostile_url)
    page.goto(f"{hostile_url}/?explainer={HOSTILE_ID}&layers=projects,corridors,partners,forum")
    _wait_for_viewer(page, timeout=180_000)
    page.wait_for_selector(".bri-viewer[data-ready=true]", state="attached", timeout=60_000)
    raw = [s for s in page.evaluate(PLOTLY_STRINGS) if re.search(r"<\s*(a|span|b|i|br)\b", s)]
    assert not raw, f"markup handed to plotly.js: {raw[:3]}"
    targets = page.evaluate(TARGETS)
    assert len(targets) > 50  # labels, stars, project markers
    found = []
    for target in targets:
        page.mouse.move(target["x"], target["y"])
        found += page.evaluate(HOVER_MARKUP)
    assert not found, f"markup drawn in a hover label: {found[:3]}"
    watch.check(page, "hover labels")
