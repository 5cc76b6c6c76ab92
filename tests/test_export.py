"""The static export: the files it writes, what each page says, the swap, and real pages in
headless Chromium, served by a plain web server and opened from disk."""

from __future__ import annotations

import functools
import gzip
import hashlib
import io
import json
import re
import shutil
import threading
import zipfile
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest

from explainers import export
from explainers.__main__ import main
from tests.support import LAPTOP, wait_for_map
from tests.test_browser import MAP_STATE, after_pick, picks

EXPLAINER = "bri-forum-2017"
KAZ = "button.bri-mention[data-iso3='KAZ'][data-kind='country']"


@pytest.fixture(scope="module")
def loaded():
    return export.load_explainers([EXPLAINER])


@pytest.fixture(scope="module")
def site(tmp_path_factory, loaded) -> Path:
    out = tmp_path_factory.mktemp("export") / "site"
    export.export_site(out, previews=False, progress=False, loaded=loaded)
    return out


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def parsed(path: Path):
    return lxml.html.fromstring(path.read_bytes())


def meta(doc, key: str) -> str | None:
    found = doc.xpath(f"//meta[@name='{key}' or @property='{key}']/@content")
    return found[0] if found else None


# ---------------------------------------------------------------- files and pages


def test_the_export_writes_the_index_the_views_and_the_shared_assets_once(site, loaded):
    explainer, _ = loaded[0]
    files = set(snapshot(site))
    assets = {
        "assets/viewer.js",
        "assets/viewer-classic.js",
        "assets/viewer.css",
        "assets/page.css",
        "assets/page.js",
        "assets/embed-parent.js",
        "assets/world_50m.json",
        "assets/world_50m.js",
        "assets/vendor/plotly-geo-4.1.1.min.js",
        "assets/vendor/plotly.js-LICENSE.txt",
    }
    views = {f"{EXPLAINER}/index.html", f"{EXPLAINER}/payload.json", f"{EXPLAINER}/payload.js"}
    views |= {f"{EXPLAINER}/step-{step.id}.html" for step in explainer.steps}
    views |= {f"{EXPLAINER}/country-{c.iso3}.html" for c in explainer.countries}
    assert assets | views | {"index.html", export.MARKER} <= files
    assert len(explainer.steps) == 8
    assert not [f for f in files if f.endswith(".png")]  # previews=False
    index = parsed(site / "index.html")
    assert index.xpath("//a/@href") == [f"{EXPLAINER}/index.html"]
    assert explainer.title in index.text_content()
    assert "14 May 2017" in index.text_content()


def test_large_text_files_have_a_gzipped_copy_with_the_same_bytes(site):
    copies = sorted(site.rglob("*.gz"))
    assert f"assets/{export.PLOTLY_BUNDLE}.gz" in {str(p.relative_to(site)) for p in copies}
    for copy in copies:
        original = copy.with_suffix("")
        assert gzip.decompress(copy.read_bytes()) == original.read_bytes()
        assert original.stat().st_size >= export.GZIP_MIN_BYTES
    assert not (site / "index.html.gz").exists()  # small files are left to the server


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("index.html", "Xi and Putin at the Belt and Road Forum"),
        ("step-kazakhstan.html", "Kazakhstan and the 2013 Astana speech · Xi and Putin"),
        ("country-KAZ.html", "Kazakhstan · Xi and Putin at the Belt and Road Forum"),
    ],
)
def test_each_page_has_its_title_description_open_graph_credit_sources_and_embed(site, name, title):
    doc = parsed(site / EXPLAINER / name)
    assert doc.findtext(".//title").startswith(title)
    assert meta(doc, "og:title") == doc.findtext(".//title")
    assert len(meta(doc, "description")) > 20
    assert meta(doc, "og:description") == meta(doc, "description")
    assert meta(doc, "og:type") == "article"
    assert meta(doc, "og:image") is None  # exported without previews
    text = doc.text_content()
    assert "South China Morning Post" in text and "14 May 2017" in text
    assert doc.xpath("//a[starts-with(@href, 'https://www.scmp.com/')]")
    assert "Natural Earth 1:50m admin-0" in text and "Nedopil (2023)" in text
    snippet = doc.xpath("//details[@class='bri-embed']//textarea")[0].text
    embed = lxml.html.fragment_fromstring(snippet)
    assert embed.tag == "iframe"
    assert embed.get("src") == f"{name}?embed=true"  # the view alone, sized for a frame
    assert embed.get("title") == doc.findtext(".//title")
    assert (embed.get("width"), embed.get("height"), embed.get("loading")) == (
        "100%",
        "450",
        "lazy",
    )


@pytest.mark.parametrize("name", ["index.html", "step-kazakhstan.html", "country-KAZ.html"])
def test_every_page_offers_get_the_data_and_each_link_is_the_file_the_map_draws(site, name):
    doc = parsed(site / EXPLAINER / name)
    section = doc.get_element_by_id("get-the-data")
    assert section.findtext(".//h2") == "Get the data"
    links = {a.text_content(): a.get("href") for a in section.xpath(".//a[@download]")}
    assert set(links) == {
        "Projects (CSV)", "Projects (GeoJSON)", "Corridor waypoints (CSV)",
        "Corridors (GeoJSON)", "Partner countries (CSV)", "Timeline (CSV)",
        "2017 forum leaders (CSV)",
    }  # fmt: skip
    processed = Path(export.DATA_DIR) / "processed"
    for href in links.values():
        offered = (site / EXPLAINER / href).resolve()
        assert offered.read_bytes() == (processed / offered.name).read_bytes(), href
    readme = section.xpath(".//a[text()='their README']/@href")[0]
    assert (site / EXPLAINER / readme).resolve().read_text(encoding="utf-8").startswith("#")
    assert "Natural Earth 1:50m admin-0" in section.text_content()  # the sources table


def test_a_broken_file_is_not_offered_and_its_page_says_so(tmp_path, loaded, monkeypatch):
    from explainers import paths

    processed = tmp_path / "processed"
    shutil.copytree(paths.PROCESSED_DIR, processed)
    (processed / "timeline.csv").write_text("year,event\n1,", encoding="utf-8")
    monkeypatch.setattr(paths, "PROCESSED_DIR", processed)
    out = tmp_path / "site"
    export.export_site(out, previews=False, progress=False, loaded=loaded, compressed=False)
    assert not (out / "data" / "timeline.csv").exists()
    assert (out / "data" / "projects.csv").exists()
    text = parsed(out / EXPLAINER / "index.html").get_element_by_id("get-the-data")
    assert "Timeline (CSV): not offered, the file is broken." in text.text_content()


def test_no_page_names_another_host_in_a_src_or_href_but_the_credit(site):
    for page in site.rglob("*.html"):
        doc = parsed(page)
        for url in doc.xpath("//@src | //link/@href | //script/@src"):
            assert not urlsplit(url).netloc, f"{page.name} loads {url}"


def test_with_previews_and_a_base_url_the_open_graph_and_embed_are_absolute(loaded):
    explainer, payload = loaded[0]
    pages = export.explainer_pages(explainer, payload)
    page = next(p for p in pages if p.kind == "country")
    doc = lxml.html.fromstring(
        export.page_html(page, explainer, pages, True, "https://news.example/bri/")
    )
    image = f"https://news.example/bri/{EXPLAINER}/previews/{page.stem}.png"
    assert meta(doc, "og:image") == image
    assert meta(doc, "og:url") == f"https://news.example/bri/{page.path}"
    snippet = doc.xpath("//textarea")[0].text
    assert f'src="https://news.example/bri/{page.path}?embed=true"' in snippet


def test_text_from_the_explainer_is_escaped(loaded):
    explainer, payload = loaded[0]
    hostile = '<img src=x onerror="alert(1)"> & "quotes"'
    changed = explainer.model_copy(update={"title": hostile, "summary": hostile})
    pages = export.explainer_pages(changed, payload)
    text = export.page_html(pages[0], changed, pages, False, None)
    assert "<img" not in text
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &quot;quotes&quot;" in text
    doc = lxml.html.fromstring(text)
    assert doc.findtext(".//title") == hostile
    assert meta(doc, "description") == hostile
    assert "<img" not in export.index_html([changed])


def test_the_classic_viewer_is_the_module_without_its_export_keywords():
    source = export.viewer_js()
    classic = export.classic_viewer(source)
    assert "\nexport " not in classic
    assert "window.briViewer = {viewFromQuery: viewFromQuery, queryFromView: queryFromView" in (
        classic
    )
    assert "mount: mount" in classic and "streamlitViewer: streamlitViewer" in classic
    body = classic.split('"use strict";\n', 1)[1].rsplit("\nwindow.briViewer", 1)[0]
    assert body == re.sub(r"^export (default )?", "", source, flags=re.M).rstrip("\n")


@pytest.mark.parametrize(
    "line",
    ["export { mount };", "export * from './x.js';", "import { a } from './a.js';"],
)
def test_the_classic_build_refuses_what_it_cannot_turn_into_a_script(line):
    with pytest.raises(export.ExportError, match=r"viewer\.js line 2"):
        export.classic_viewer(f"function mount() {{}}\n{line}\n")


def test_a_failed_export_leaves_the_previous_site_whole(tmp_path, loaded, monkeypatch):
    out = tmp_path / "site"
    export.export_site(out, previews=False, progress=False, loaded=loaded)
    before = snapshot(out)
    calls = []

    def broken(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return "<p>half a page</p>"

    monkeypatch.setattr("explainers.export.site.page_html", broken)  # where write_explainer looks
    with pytest.raises(RuntimeError, match="disk full"):
        export.export_site(out, previews=False, progress=False, loaded=loaded)
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]  # nothing left behind

    monkeypatch.undo()
    (out / "stale.html").write_text("from an older export", encoding="utf-8")
    export.export_site(out, previews=False, progress=False, loaded=loaded)
    assert not (out / "stale.html").exists()  # a rerun replaces the site whole
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_the_export_never_replaces_a_folder_that_is_not_an_export(tmp_path, loaded):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(export.ExportError, match="not an earlier export"):
        export.export_site(tmp_path, previews=False, progress=False, loaded=loaded)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_the_command_line_passes_its_options(monkeypatch, tmp_path, capsys):
    seen = {}

    def fake(out, **options):
        seen.update(out=out, **options)
        (Path(out) / "x").mkdir(parents=True)
        return export.Summary(Path(out), (), False)

    monkeypatch.setattr(export, "export_site", fake)  # __main__ imports it from the package
    code = main(["export", "--out", str(tmp_path / "s"), "--no-previews", "--base-url", "h"])
    assert code == 0
    assert seen.pop("loaded", None) is None  # no --layer: the export loads the explainers
    assert seen == {
        "out": str(tmp_path / "s"),
        "explainer_ids": None,
        "previews": False,
        "base_url": "h",
    }
    assert "wrote 0 pages" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["export"])


# ---------------------------------------------------------------- in Chromium


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def served(site):
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=site))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def _elsewhere(url: str, base: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in ("blob", "data"):
        return False
    if base.startswith("file:"):
        return parts.scheme != "file"
    return parts.netloc != urlsplit(base).netloc


@pytest.fixture
def tab(browser):
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    page.requests = []
    page.errors = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    assert page.errors == [], f"script errors in the page: {page.errors}"
    context.close()


def _open(tab, url: str) -> None:
    tab.goto(url)
    tab.wait_for_selector(".bri-viewer[data-ready=true]", state="attached", timeout=60_000)
    wait_for_map(tab)


def _query(tab) -> dict:
    return {k: v[-1] for k, v in parse_qs(urlsplit(tab.url).query).items()}


def _pick_kazakhstan(tab) -> None:
    before = picks(tab)
    tab.locator(KAZ).first.click()
    after_pick(tab, before)
    assert tab.evaluate(MAP_STATE)["outlined"] == ["KAZ"]
    tab.wait_for_function("location.search.includes('country=KAZ')")


PAGES = [
    ("index.html", {}, lambda s: s["outlined"] == []),
    (
        "step-turkey-and-uygurs.html",
        {"step": "turkey-and-uygurs"},
        lambda s: "TUR" in s["outlined"],
    ),
    ("country-IDN.html", {"country": "IDN"}, lambda s: s["outlined"] == ["IDN"]),
]


@pytest.mark.browser
@pytest.mark.parametrize("where", ["served", "file"])
@pytest.mark.parametrize(("name", "view", "shows"), PAGES)
def test_each_page_opens_on_its_view_and_a_name_reframes_the_map(
    tab, request, site, where, name, view, shows
):
    base = request.getfixturevalue("served") if where == "served" else site.as_uri()
    _open(tab, f"{base}/{EXPLAINER}/{name}")
    assert _query(tab) == view
    assert shows(tab.evaluate(MAP_STATE))
    _pick_kazakhstan(tab)
    assert _query(tab) == {**view, "country": "KAZ"}
    tab.go_back()  # the reader's picks are history entries on the static page too
    tab.wait_for_function("!location.search.includes('country=KAZ')")
    assert [u for u in tab.requests if _elsewhere(u, base)] == []


@pytest.mark.browser
@pytest.mark.parametrize("where", ["served", "file"])
def test_the_index_links_to_the_explainer(tab, request, site, where):
    base = request.getfixturevalue("served") if where == "served" else site.as_uri()
    tab.goto(f"{base}/index.html")
    tab.get_by_role("link", name="Xi and Putin at the Belt and Road Forum").click()
    tab.wait_for_selector(".bri-viewer[data-ready=true]", state="attached", timeout=60_000)
    wait_for_map(tab)
    assert tab.url.startswith(f"{base}/{EXPLAINER}/index.html")
    assert [u for u in tab.requests if _elsewhere(u, base)] == []


@pytest.mark.browser
def test_a_shared_link_with_a_view_keeps_it_and_the_embed_gets_the_page_address(tab, served):
    _open(tab, f"{served}/{EXPLAINER}/step-forum.html?country=TUR")
    assert _query(tab) == {"country": "TUR"}
    assert tab.evaluate(MAP_STATE)["outlined"] == ["TUR"]
    assert tab.locator(".bri-page-foot .bri-embed").count() == 0  # the panel replaces it
    tab.get_by_text("Share and embed").click()
    snippet = tab.get_by_label("Embed code for your page").input_value()
    assert f'src="{served}/{EXPLAINER}/step-forum.html?' in snippet
    assert "country=TUR" in snippet and "embed=true" in snippet


@pytest.mark.browser
def test_an_exported_page_in_an_iframe_shows_the_viewer_alone(tab, served):
    _open(tab, f"{served}/{EXPLAINER}/country-KAZ.html?embed=true")
    assert tab.locator(".bri-page-head").is_hidden() and tab.locator(".bri-page-foot").is_hidden()
    top = tab.locator(".bri-map").bounding_box()["y"]
    assert top < 60, top
    # Its "Data sources" link opens the page itself at Get the data, in view.
    href = tab.get_by_role("link", name="Data sources").get_attribute("href")
    assert href == f"{served}/{EXPLAINER}/country-KAZ.html#get-the-data", href
    tab.goto(href)
    tab.wait_for_selector(".bri-viewer[data-ready=true]", state="attached", timeout=60_000)
    heading = tab.get_by_role("heading", name="Get the data")
    heading.wait_for()
    tab.wait_for_function(
        "() => { const r = document.getElementById('get-the-data').getBoundingClientRect();"
        " return r.top >= 0 && r.top < innerHeight; }",
        timeout=10_000,
    )


@pytest.mark.browser
def test_the_classic_viewer_runs_as_a_plain_script(tab, site):
    tab.goto((site / "index.html").as_uri())
    tab.add_script_tag(path=str(site / "assets" / "viewer-classic.js"))
    exported = tab.evaluate("Object.keys(window.briViewer).sort()")
    declared = re.findall(r"^export (?:default )?function (\w+)", export.viewer_js(), re.M)
    assert "mount" in exported and "streamlitViewer" in exported
    assert exported == sorted(declared)


@pytest.mark.browser
def test_a_preview_is_a_1200_by_630_picture_of_the_page(browser, tmp_path, site, loaded):
    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    explainer, payload = loaded[0]
    page = next(p for p in export.explainer_pages(explainer, payload) if p.kind == "step")
    ticks = []
    export.render_previews(copy, [page], lambda: ticks.append(1), browser)
    png = (copy / EXPLAINER / "previews" / f"{page.stem}.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert (width, height) == (1200, 630)
    assert ticks == [1]


# ---------------------------------------------------------------- a reader's article as a zip

ARTICLE = (
    "Xi Jinping met Vladimir Putin in Beijing on Sunday.\n\n"
    "Kazakhstan signed a rail deal with China, its neighbour.\n\n"
    "Turkey's president also came to the forum."
)


@pytest.fixture(scope="module")
def article_zip(tmp_path_factory) -> Path:
    """A reader's article exported as the page's download button builds it, unzipped."""
    from explainers.data.datasets import load_map_data
    from explainers.data.shapes import country_table
    from explainers.explainer.from_article import article_explainer
    from explainers.viewer.payload import viewer_payload

    article = article_explainer(ARTICLE)
    payload = viewer_payload(article, country_table(), load_map_data(), key="article:test")
    data = export.export_zip(article, payload)
    folder = tmp_path_factory.mktemp("zip")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        archive.extractall(folder)
    return folder


def test_an_articles_zip_holds_the_index_its_pages_and_the_shared_assets(article_zip):
    files = set(snapshot(article_zip))
    assert {
        "index.html",
        "your-article/index.html",
        "your-article/payload.js",
        "your-article/country-KAZ.html",
        "assets/viewer-classic.js",
        "assets/viewer.css",
        "assets/page.css",
        "assets/world_50m.js",
        "assets/vendor/plotly-geo-4.1.1.min.js",
        "assets/vendor/plotly.js-LICENSE.txt",
    } <= files
    doc = parsed(article_zip / "your-article" / "index.html")
    assert doc.findtext(".//title").startswith("Xi Jinping met Vladimir Putin in Beijing")
    assert "Natural Earth 1:50m admin-0" in doc.text_content()
    assert parsed(article_zip / "index.html").xpath("//a/@href") == ["your-article/index.html"]
    assert not [name for name in files if name.endswith(".gz")]  # a zip is compressed already


def test_a_zip_is_named_from_the_title_in_plain_letters():
    from explainers.explainer.from_article import article_explainer

    assert export.zip_name(article_explainer(ARTICLE)) == (
        "xi-jinping-met-vladimir-putin-in-beijing-on-sund-map.zip"
    )


@pytest.mark.browser
def test_an_unzipped_article_opens_from_disk_and_a_name_reframes_the_map(tab, article_zip):
    base = article_zip.as_uri()
    _open(tab, f"{base}/your-article/index.html")
    assert tab.evaluate(MAP_STATE)["outlined"] == []
    _pick_kazakhstan(tab)
    assert [u for u in tab.requests if _elsewhere(u, base)] == []


def test_the_article_page_offers_the_zip_once_an_article_is_mapped():
    from streamlit.testing.v1 import AppTest

    def article_page():
        from explainers.ui import article_page

        article_page()

    app = AppTest.from_function(article_page, default_timeout=60).run()
    assert not [b for b in app.get("download_button") if "web page" in b.proto.label]
    app.text_area[0].input(ARTICLE)
    app.button[0].click().run()
    assert not app.exception
    offered = [b.proto for b in app.get("download_button") if "web page" in b.proto.label]
    assert len(offered) == 1
    assert offered[0].deferred_file_id and not offered[0].url  # built only when clicked
    assert "Publish this map" in [h.value for h in app.header]


@pytest.mark.browser
def test_the_download_button_gives_a_zip_of_the_readers_article(browser, app_url, tmp_path):
    context = browser.new_context(viewport=LAPTOP, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(90_000)  # the app's first page on a busy machine
    page.goto(f"{app_url}/your-article")
    page.get_by_label("Article text").fill(ARTICLE)
    page.get_by_role("button", name="Map this article").click()
    button = page.get_by_role("button", name="Download as a web page (.zip)")
    button.wait_for(timeout=60_000)
    with page.expect_download(timeout=60_000) as download:
        button.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    context.close()
    assert saved.name.endswith("-map.zip")
    with zipfile.ZipFile(saved) as archive:
        names = archive.namelist()
    assert "your-article/index.html" in names and "assets/viewer-classic.js" in names


def test_every_page_links_its_oembed_file_and_a_cms_can_embed_it(site):
    """A CMS that speaks oEmbed finds the page's link tag, reads the JSON beside it and gets
    the view's responsive snippet (the frame, and the parent script the export ships)."""
    pages = sorted((site / EXPLAINER).glob("*.html"))
    assert pages
    for path in pages:
        doc = parsed(path)
        (href,) = doc.xpath("//link[@type='application/json+oembed']/@href")
        answer = json.loads((path.parent / href).read_text(encoding="utf-8"))
        assert answer["type"] == "rich" and answer["version"] == "1.0"
        assert answer["title"] == doc.xpath("//title")[0].text_content()
        assert answer["width"] > 0 and answer["height"] > 0
        frame = lxml.html.fromstring(answer["html"]).xpath("//iframe")[0]
        assert frame.get("src") == f"{path.name}?embed=true"
        script = lxml.html.fragment_fromstring(answer["html"], create_parent=True).xpath(
            "//script/@src"
        )
        assert script and (path.parent / script[0]).is_file(), script
        assert "thumbnail_url" not in answer  # previews=False: no picture to point at


def test_with_a_base_url_every_address_in_the_oembed_is_absolute(loaded):
    explainer, payload = loaded[0]
    page = next(p for p in export.explainer_pages(explainer, payload) if p.kind == "step")
    base = "https://news.example/bri/"
    answer = export.page_oembed(page, True, base)
    fragment = lxml.html.fragment_fromstring(answer["html"], create_parent=True)
    addresses = fragment.xpath("//iframe/@src | //script/@src | //img/@src")
    addresses.append(answer["thumbnail_url"])
    assert len(addresses) == 4
    assert all(a.startswith(base) for a in addresses), addresses
    assert answer["thumbnail_url"] == f"{base}{EXPLAINER}/previews/{page.stem}.png"
    assert fragment.xpath("//img/@alt") == [page.description]
    assert answer["provider_url"] == base
