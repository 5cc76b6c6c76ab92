"""Static export: every explainer as plain pages a newsroom can host, share and embed.

``python -m explainers export --out DIR`` writes a site that needs no server of ours:

* ``DIR/index.html`` lists the explainers (title, date, link);
* per explainer, one page per view: ``DIR/<id>/index.html`` (the opening view),
  ``DIR/<id>/step-<step id>.html`` (each step) and ``DIR/<id>/country-<ISO3>.html``
  (each country the story names). Each page opens on its view and the reader then moves
  freely, as in the app; each carries its title, description, Open Graph tags, the
  credit, the sources and an ``<iframe>`` snippet to embed it;
* ``DIR/<id>/payload.json`` and ``payload.js``: the viewer's payload, written once per
  explainer (``payload.js`` assigns it to ``window.briPayloads[id]`` for ``file://``);
* ``DIR/<id>/previews/<page>.png``: a 1200×630 screenshot per page for ``og:image``
  (skipped with ``previews=False``, which needs no browser);
* ``DIR/assets/``, shared: the viewer as an ES module (``viewer.js``) and as a classic
  script built from the same source (``viewer-classic.js``; Chromium refuses module
  scripts from ``file://``), its CSS, plotly.js's geo bundle and licence, the TopoJSON,
  and ``world_50m.js``, which hands the TopoJSON to plotly.js without a fetch.

The pages work served by any static server and opened from disk, and request nothing
from any other host. A rerun builds the new site next to ``DIR`` and swaps it in, so a
failed or interrupted export leaves the previous one whole.

Example
-------
>>> classic_viewer("export function mount(root) {}\\nexport default function s() {}")
... # doctest: +ELLIPSIS
'...function mount(root) {}\\nfunction s() {}\\nwindow.briViewer = {mount: mount, s: s};\\n})();\\n'
"""

from __future__ import annotations

import contextlib
import fcntl
import gzip
import html
import io
import json
import logging
import posixpath
import re
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from string import Template
from urllib.parse import urlencode

from explainers import embed
from explainers.data.datasets import (
    DataFileError,
    checked_processed_file,
    explainer_downloads,
    explainer_sources,
)
from explainers.paths import DATA_DIR, STATIC_DIR
from explainers.viewer import viewer_css, viewer_js
from explainers.viewer.payload import PLOTLY_BUNDLE, SHAPES

LOG = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
PAGE_TEMPLATE = HERE / "export_page.html"
PAGE_CSS = HERE / "export_page.css"
PAGE_JS = HERE / "export_page.js"
MARKER = ".bri-export"
"""A file every export holds: only a folder with it (or an empty one) is ever replaced."""
PREVIEW_SIZE = {"width": 1200, "height": 630}
EMBED_HEIGHT = 450  # as the viewer's Share and embed panel gives it

FOOTER = (
    "Borders and names on this map are drawn as Natural Earth draws them and do not imply "
    "any position on disputed territory. plotly.js is MIT-licensed (assets/vendor)."
)
_EXPORTED = re.compile(
    r"^export\s+(?:default\s+)?((?:async\s+)?function\*?|class|const|let|var)\s+([A-Za-z_$][\w$]*)"
)


class ExportError(RuntimeError):
    """The export cannot go on; the message names the file and the fix."""


@dataclass(frozen=True)
class Page:
    """One view of an explainer, as a file of the static site.

    ``path`` is relative to the site's folder; ``query`` is the view (``{"step": "forum"}``).
    """

    explainer: str
    path: str
    kind: str
    query: dict
    title: str
    description: str

    @property
    def stem(self) -> str:
        return Path(self.path).stem


# ---------------------------------------------------------------- assets


def classic_viewer(source: str) -> str:
    """``viewer.js`` (an ES module) as a classic script that sets ``window.briViewer``.

    Only top-level ``export function|class|const|let|var NAME`` (and ``export default``
    of a named one) are understood: the keyword goes, the code stays, and each name is
    put on ``window.briViewer``. Anything else raises, so a new kind of export fails the
    export loudly instead of shipping a broken script.
    """
    names: list[str] = []
    lines = []
    for number, line in enumerate(source.splitlines(), start=1):
        if re.match(r"\s*import[\s{*(.]", line) and not line.lstrip().startswith("//"):
            raise ExportError(
                f"viewer.js line {number}: {line.strip()!r}: the classic build cannot "
                "import; keep viewer.js one self-contained module"
            )
        if line.startswith("export"):
            found = _EXPORTED.match(line)
            if not found:
                raise ExportError(
                    f"viewer.js line {number}: {line.strip()!r}: only 'export function NAME' "
                    "(or class, const, let, var) can be turned into a classic script"
                )
            names.append(found.group(2))
            line = line[line.index(found.group(1)) :]
        lines.append(line)
    exported = ", ".join(f"{name}: {name}" for name in names)
    return (
        "// Built by `python -m explainers export` from viewer.js: the same code as a classic\n"
        "// script (pages opened from disk cannot load modules), its exports on window.briViewer.\n"
        '(function () {\n"use strict";\n'
        + "\n".join(lines)
        + f"\nwindow.briViewer = {{{exported}}};\n}})();\n"
    )


def topojson_script(topojson: str) -> str:
    """A script that hands plotly.js the shapes, so no page has to fetch them."""
    return (
        "(function () {\n"
        "  var geo = (window.PlotlyGeoAssets = window.PlotlyGeoAssets || {});\n"
        "  geo.topojson = geo.topojson || {};\n"
        f"  geo.topojson[{json.dumps(SHAPES)}] = JSON.parse({json.dumps(topojson)});\n"
        "})();\n"
    )


def payload_script(explainer_id: str, payload: dict) -> str:
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    return (
        "window.briPayloads = window.briPayloads || {};\n"
        f"window.briPayloads[{json.dumps(explainer_id)}] = {body};\n"
    )


def write_assets(site: Path) -> None:
    assets = site / "assets"
    (assets / "vendor").mkdir(parents=True)
    source = viewer_js()
    (assets / "viewer.js").write_text(source, encoding="utf-8")
    (assets / "viewer-classic.js").write_text(classic_viewer(source), encoding="utf-8")
    (assets / "viewer.css").write_text(viewer_css(), encoding="utf-8")
    shutil.copyfile(PAGE_CSS, assets / "page.css")
    shutil.copyfile(PAGE_JS, assets / "page.js")
    shutil.copyfile(STATIC_DIR / embed.PARENT_SCRIPT, assets / embed.PARENT_SCRIPT)
    shutil.copyfile(STATIC_DIR / PLOTLY_BUNDLE, assets / PLOTLY_BUNDLE)
    licence = STATIC_DIR / "vendor" / "plotly.js-LICENSE.txt"
    shutil.copyfile(licence, assets / "vendor" / licence.name)
    topojson = (STATIC_DIR / f"{SHAPES}.json").read_text(encoding="utf-8")
    (assets / f"{SHAPES}.json").write_text(topojson, encoding="utf-8")
    (assets / f"{SHAPES}.js").write_text(topojson_script(topojson), encoding="utf-8")


# ---------------------------------------------------------------- pages


def explainer_pages(explainer, payload: dict) -> list[Page]:
    """The opening view, each step and each country the story names, in that order."""
    eid, title = explainer.id, explainer.title
    pages = [Page(eid, f"{eid}/index.html", "opening", {}, title, explainer.summary or title)]
    for step in explainer.steps:
        pages.append(
            Page(
                eid,
                f"{eid}/step-{step.id}.html",
                "step",
                {"step": step.id},
                f"{step.title} · {title}",
                step.caption,
            )
        )
    why = {country.iso3: country.why for country in explainer.countries}
    named = [*why, *(code for p in explainer.passages for code in p.countries)]
    for code in dict.fromkeys(c for c in named if c in payload["names"]):
        name = payload["names"][code]
        description = why.get(code) or f"{name} in the story: {explainer.summary or title}"
        query = {"country": code}
        pages.append(
            Page(
                eid,
                f"{eid}/country-{code}.html",
                "country",
                query,
                f"{name} · {title}",
                description,
            )
        )
    return pages


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _credit(explainer) -> str:
    original = explainer.original
    dated = f"{explainer.date:%-d %B %Y} · " if explainer.date else ""
    if original is None:
        return f'<p class="bri-credit">{_e(dated)}</p>'
    return (
        f'<p class="bri-credit">{_e(dated)}Retold from '
        f'<a href="{_e(original.url)}" rel="noopener">“{_e(original.headline)}”</a>, '
        f"{_e(original.publisher)}, {_e(f'{original.date:%-d %B %Y}')}. {_e(original.note)}</p>"
    )


def _sources(explainer) -> str:
    rows = "".join(
        f"<tr><td>{_e(a)}</td><td>{_e(b)}</td><td>{_e(c)}</td></tr>\n"
        for a, b, c in explainer_sources(explainer.event)
    )
    head = "<tr><th>Data</th><th>Source</th><th>Licence</th></tr>\n"
    return f"<table>\n{head}{rows}</table>"


DATA_FOLDER = "data"
"""The site's folder of downloads, shared by its explainers (``data/projects.csv``)."""


def write_data(site: Path, explainers: list) -> dict[str, int]:
    """Copy every file the explainers offer under Get the data to ``site/data/``, with the
    project's ``data/README.md`` (columns, licences, caveats); each file's size in bytes.

    A file that fails its checks is left out (its page says so), as the app's download
    buttons leave it out.
    """
    folder = site / DATA_FOLDER
    folder.mkdir()
    shutil.copyfile(DATA_DIR / "README.md", folder / "README.md")
    sizes = {}
    for explainer in explainers:
        for name, _label, _mime in explainer_downloads(explainer.event):
            if name in sizes:
                continue
            try:
                content = checked_processed_file(name)
            except DataFileError as error:
                LOG.warning("Get the data leaves out %s: %s", name, error.problem)
                continue
            (folder / name).write_bytes(content)
            sizes[name] = len(content)
    return sizes


def _size(count: int) -> str:
    """A file's size as a reader reads it, never broken across a line.

    >>> [_size(n).replace("\\N{NO-BREAK SPACE}", " ") for n in (980, 65_852, 2_400_000)]
    ['1 KB', '66 KB', '2.4 MB']
    """
    if count >= 1_000_000:
        return f"{count / 1_000_000:.1f}\N{NO-BREAK SPACE}MB"
    return f"{max(1, round(count / 1000))}\N{NO-BREAK SPACE}KB"


def _get_the_data(explainer, offered: dict[str, int]) -> str:
    """The page's Get the data section: the files the map draws, each a link to the site's
    copy, then their sources. The embed's "Data sources" link lands here."""
    items = []
    for name, label, _mime in explainer_downloads(explainer.event):
        if name in offered:
            items.append(
                f'<li><a href="../{DATA_FOLDER}/{_e(name)}" download>{_e(label)}</a> '
                f'<span class="bri-size">{_e(name)}, {_size(offered[name])}</span></li>'
            )
        else:
            items.append(f"<li>{_e(label)}: not offered, the file is broken.</li>")
    return (
        '<section id="get-the-data" aria-labelledby="get-the-data-title">\n'
        '<h2 id="get-the-data-title">Get the data</h2>\n'
        "<p>Every row has its source. These are the files this map draws; "
        f'<a href="../{DATA_FOLDER}/README.md">their README</a> gives their columns, '
        "licences and caveats.</p>\n"
        f'<ul class="bri-downloads">\n{chr(10).join(items)}\n</ul>\n'
        f"<h3>Sources</h3>\n{_sources(explainer)}\n</section>"
    )


def _nav(page: Page, pages: list[Page]) -> str:
    items = []
    for other in pages:
        label = "The whole story" if other.kind == "opening" else other.title.rsplit(" · ", 1)[0]
        if other.kind == "step":
            label = f"Step: {label}"
        here = ' aria-current="page"' if other.path == page.path else ""
        items.append(f'<li><a href="{_e(Path(other.path).name)}"{here}>{_e(label)}</a></li>')
    return "<ul>\n" + "\n".join(items) + "\n</ul>"


def embed_snippet(page: Page, base_url: str | None) -> str:
    """The ``<iframe>`` a newsroom pastes; relative (the page fills in its own address)
    unless the site's ``base_url`` is known."""
    src = base_url.rstrip("/") + "/" + page.path if base_url else Path(page.path).name
    return (
        f'<iframe src="{_e(src)}?embed=true" title="{_e(page.title)}" width="100%" '
        f'height="{EMBED_HEIGHT}" loading="lazy" style="border:0"></iframe>'
    )


def _address(base_url: str | None, site_path: str, page: Page) -> str:
    """``site_path`` (relative to the site's folder) as the page links it: absolute with the
    site's ``base_url``, else relative to the page's own folder."""
    if base_url:
        return f"{base_url.rstrip('/')}/{site_path}"
    return posixpath.relpath(site_path, start=posixpath.dirname(page.path))


def oembed_name(page: Page) -> str:
    """The oEmbed file beside a page (``step-forum.html`` -> ``step-forum.oembed.json``)."""
    return f"{page.stem}.oembed.json"


def page_oembed(page: Page, preview: bool, base_url: str | None) -> dict:
    """The page's oEmbed answer: the responsive snippet of its embed, its title and picture;
    every address absolute with ``base_url``."""
    folder = Path(page.path).parent.as_posix()
    code = embed.EmbedCode(
        src=_address(base_url, page.path, page) + "?embed=true",
        title=page.title,
        parent_script=_address(base_url, f"assets/{embed.PARENT_SCRIPT}", page),
        image=_address(base_url, f"{folder}/previews/{page.stem}.png", page) if preview else None,
        alt=page.description,
        image_size=(PREVIEW_SIZE["width"], PREVIEW_SIZE["height"]),
    )
    return embed.oembed(code, provider_url=base_url.rstrip("/") + "/" if base_url else None)


def page_html(
    page: Page,
    explainer,
    pages: list[Page],
    preview: bool,
    base_url: str | None,
    offered: dict[str, int] | None = None,
) -> str:
    """One static page, all of the explainer's text escaped; ``offered`` is what
    :func:`write_data` wrote (by default every file, as if all were)."""
    if offered is None:
        offered = {name: 0 for name, _, _ in explainer_downloads(explainer.event)}
    folder = Path(page.path).parent.as_posix()
    oembed_href = _address(base_url, f"{folder}/{oembed_name(page)}", page)
    extra = [
        f'<link rel="alternate" type="application/json+oembed" href="{_e(oembed_href)}" '
        f'title="{_e(page.title)}">'
    ]
    if preview:
        image = f"previews/{page.stem}.png"
        if base_url:
            image = f"{base_url.rstrip('/')}/{page.explainer}/{image}"
        extra.append(f'<meta property="og:image" content="{_e(image)}">')
        extra.append(f'<meta property="og:image:width" content="{PREVIEW_SIZE["width"]}">')
        extra.append(f'<meta property="og:image:height" content="{PREVIEW_SIZE["height"]}">')
    if base_url:
        extra.append(f'<meta property="og:url" content="{_e(base_url.rstrip("/"))}/{page.path}">')
    summary = f'<p class="bri-summary">{_e(explainer.summary)}</p>' if explainer.summary else ""
    query = f"?{urlencode(page.query)}" if page.query else ""
    return Template(PAGE_TEMPLATE.read_text(encoding="utf-8")).substitute(
        title=_e(page.title),
        description=_e(page.description),
        og_extra="\n".join(extra),
        query=_e(query),
        assets="../assets/",
        plotly=PLOTLY_BUNDLE,
        heading=_e(explainer.title),
        credit=_credit(explainer),
        summary=summary,
        nav=_nav(page, pages),
        embed=_e(embed_snippet(page, base_url)),
        data=_get_the_data(explainer, offered),
        footer=_e(FOOTER),
        explainer=_e(explainer.id),
    )


def index_html(explainers: list) -> str:
    """The site's front page: each explainer's title, date and link."""
    items = []
    for explainer in explainers:
        date = f"{explainer.date:%-d %B %Y}" if explainer.date else ""
        summary = f"<br>{_e(explainer.summary)}" if explainer.summary else ""
        items.append(
            f'<li><a href="{_e(explainer.id)}/index.html">{_e(explainer.title)}</a> '
            f'<time datetime="{_e(explainer.date or "")}">{_e(date)}</time>{summary}</li>'
        )
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<link rel="icon" href="data:,">\n'
        "<title>Belt and Road explainers</title>\n"
        '<meta name="description" content="Interactive map explainers of news stories.">\n'
        '<link rel="stylesheet" href="assets/page.css">\n</head>\n<body>\n'
        "<h1>Belt and Road explainers</h1>\n"
        '<ul class="bri-index">\n' + "\n".join(items) + "\n</ul>\n</body>\n</html>\n"
    )


# ---------------------------------------------------------------- previews


PREVIEW_TIMEOUT_MS = 60_000
"""How long one page may take to draw its map before its preview is given up."""


@dataclass(frozen=True)
class MissedPreview:
    """A page whose preview could not be taken: it is published without ``og:image``."""

    page: Page
    reason: str

    def __str__(self) -> str:
        return f"no preview for {self.page.path} ({self.reason}); it is published without one"


def render_previews(
    site: Path, pages: list[Page], tick: Callable[[], None], browser=None
) -> list[MissedPreview]:
    """Screenshot each page (opened from disk) at 1200×630 into ``<id>/previews/``.

    ``browser`` is a Playwright browser to use; without one, Debian's Chromium is started
    (and stopped) here. A page that does not draw in time, or a browser that cannot be
    started, costs only its previews: each page missed is returned, named with why.
    """
    if browser is None:
        try:  # the app's own packages (make run) leave it out: make setup-test installs it
            from playwright.sync_api import Error as PlaywrightError
            from playwright.sync_api import sync_playwright
        except ImportError:
            reason = (
                "Playwright is not installed; `make setup-test` installs it and Chromium, "
                "or pass --no-previews"
            )
            return [MissedPreview(page, reason) for page in pages]

        from explainers.browser import launch_chromium

        with contextlib.ExitStack() as stack:
            try:  # Playwright's sync API refuses to start inside a running asyncio loop
                playwright = stack.enter_context(sync_playwright())
                chromium = launch_chromium(playwright)
            except (OSError, PlaywrightError) as error:
                reason = f"Chromium could not start: {_first_line(error)}"
                return [MissedPreview(page, reason) for page in pages]
            try:
                return render_previews(site, pages, tick, chromium)
            finally:
                chromium.close()
    from playwright.sync_api import Error as PlaywrightError

    missed = []
    context = browser.new_context(viewport=PREVIEW_SIZE)
    try:
        for page in pages:
            try:
                _screenshot(context, site, page)
            except PlaywrightError as error:
                missed.append(MissedPreview(page, _first_line(error)))
            tick()
    finally:
        context.close()
    return missed


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _screenshot(context, site: Path, page: Page) -> None:
    """Wait for the viewer's own signal that its map is drawn, then take the picture.

    The viewer sets ``data-ready`` once plotly.js has drawn its first frame, whatever
    that frame holds (a page framed on Indonesia draws only a few countries' shapes).
    """
    tab = context.new_page()
    try:
        tab.goto((site / page.path).as_uri())
        tab.wait_for_selector(
            ".bri-viewer[data-ready=true]", state="attached", timeout=PREVIEW_TIMEOUT_MS
        )
        tab.evaluate("document.documentElement.classList.add('bri-preview'); window.scrollTo(0, 0)")
        out = site / page.explainer / "previews" / f"{page.stem}.png"
        out.parent.mkdir(exist_ok=True)
        tab.screenshot(path=str(out))
    finally:
        tab.close()


# ---------------------------------------------------------------- the site


LOCK = ".bri-export.lock"
"""Held (``flock``) in a new site's folder for as long as its export runs."""


@contextlib.contextmanager
def replacing(out: Path) -> Iterator[Path]:
    """Yield a new folder next to ``out``; on success swap it in, on failure delete it.

    ``out`` is replaced only if it is missing, empty or an earlier export (it holds
    ``.bri-export``), so a mistyped ``--out`` never deletes someone's folder. An export
    killed outright (no chance to clean up) leaves its ``.<name>.new-…`` folder behind:
    the next export next to it removes such folders, unless another export still holds
    the folder's lock.
    """
    out = out.resolve()
    if out.exists() and not (out.is_dir() and (not any(out.iterdir()) or (out / MARKER).exists())):
        raise ExportError(
            f"{out}: exists and is not an earlier export (no {MARKER} file in it); "
            "choose a new or empty folder for --out"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(out)
    new = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        with _locked(new):
            yield new
        (new / MARKER).write_text("Written by python -m explainers export.\n", encoding="utf-8")
        (new / LOCK).unlink(missing_ok=True)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    new.chmod(0o755)  # mkdtemp makes it private; a site is for serving
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        old.rmdir()
        out.rename(old)
    try:
        new.rename(out)
    except BaseException:
        if old is not None:
            old.rename(out)
        shutil.rmtree(new, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    with (folder / LOCK).open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def remove_stale(out: Path) -> list[Path]:
    """Clear what killed exports of ``out`` left beside it; return the folders removed.

    A ``.<name>.new-…`` folder whose lock no running export holds is a killed export's
    unfinished site: removed. An ``.<name>.old-…`` folder is the previous site, left by a
    kill during the swap: put back as ``out`` if ``out`` is gone, else removed.
    """
    removed = []
    for folder in sorted(out.parent.glob(f".{out.name}.new-*")):
        lock = folder / LOCK
        if not lock.exists() and time.time() - folder.stat().st_mtime < 60:
            continue  # just made by an export that has not taken its lock yet
        if lock.exists():
            with lock.open("r") as handle:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # another export is writing it
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    for folder in sorted(out.parent.glob(f".{out.name}.old-*")):
        if not out.exists() and (folder / MARKER).exists():
            folder.rename(out)
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


@dataclass(frozen=True)
class Summary:
    out: Path
    pages: tuple[Page, ...]
    previews: bool
    missed: tuple[MissedPreview, ...] = ()
    """Pages published without a preview, each with why."""

    def files(self) -> int:
        return sum(1 for p in self.out.rglob("*") if p.is_file())

    def bytes(self) -> int:
        return sum(p.stat().st_size for p in self.out.rglob("*") if p.is_file())


def load_explainers(ids: list[str] | None = None, layer=None) -> list[tuple]:
    """``(explainer, payload)`` for each id (every explainer by default).

    ``layer``: a newsroom's checked layer (:func:`explainers.data.newsroom_layer.read_layer`)
    drawn over every explainer's map.
    """
    from explainers.data.datasets import load_map_data
    from explainers.data.shapes import country_table
    from explainers.explainer import available_explainers, load_explainer
    from explainers.viewer.payload import viewer_payload

    table, data = country_table(), load_map_data()
    loaded = []
    for explainer_id in ids or available_explainers():
        explainer = load_explainer(explainer_id)
        # One site per explainer folder: the URL need not name the explainer.
        payload = {**viewer_payload(explainer, table, data, layer=layer), "explainer": None}
        loaded.append((explainer, payload))
    return loaded


def write_explainer(
    site: Path, explainer, payload: dict, pages: list[Page], previews, base_url, offered
):
    folder = site / explainer.id
    folder.mkdir()
    (folder / "payload.json").write_text(
        json.dumps(payload, separators=(",", ":"), ensure_ascii=False), encoding="utf-8"
    )
    (folder / "payload.js").write_text(payload_script(explainer.id, payload), encoding="utf-8")
    for page in pages:
        html_text = page_html(page, explainer, pages, previews, base_url, offered)
        (site / page.path).write_text(html_text, encoding="utf-8")
        write_oembed(site, page, previews, base_url)
        yield page


def write_oembed(site: Path, page: Page, preview: bool, base_url: str | None) -> None:
    answer = page_oembed(page, preview, base_url)
    out = (site / page.path).with_name(oembed_name(page))
    out.write_text(json.dumps(answer, indent=1, ensure_ascii=False), encoding="utf-8")


def export_site(
    out: Path,
    *,
    explainer_ids: list[str] | None = None,
    previews: bool = True,
    base_url: str | None = None,
    progress: bool = True,
    loaded: list[tuple] | None = None,
    compressed: bool = True,
) -> Summary:
    """Write the static site to ``out`` (replacing an earlier export there, atomically).

    ``loaded`` takes ``(explainer, payload)`` pairs already built (:func:`load_explainers`),
    so a caller exporting more than once builds them once. ``compressed`` writes a gzipped
    copy beside each large text file (:func:`write_gzipped`).
    """
    from tqdm import tqdm

    with (
        replacing(Path(out)) as site,
        tqdm(total=1, unit="step", disable=not progress, desc="loading") as bar,
    ):
        loaded = loaded if loaded is not None else load_explainers(explainer_ids)
        all_pages = {e.id: explainer_pages(e, payload) for e, payload in loaded}
        count = sum(len(pages) for pages in all_pages.values())
        bar.update()
        bar.total = 2 + count * (2 if previews else 1)
        bar.set_description("pages")
        write_assets(site)
        (site / "index.html").write_text(index_html([e for e, _ in loaded]), encoding="utf-8")
        offered = write_data(site, [e for e, _ in loaded])
        bar.update()
        for explainer, payload in loaded:
            pages = all_pages[explainer.id]
            for _ in write_explainer(site, explainer, payload, pages, previews, base_url, offered):
                bar.update()
        missed = []
        if previews:
            bar.set_description("previews")
            flat = [page for pages in all_pages.values() for page in pages]
            missed = render_previews(site, flat, bar.update)
            by_id = {explainer.id: explainer for explainer, _ in loaded}
            for miss in missed:  # no og:image pointing at a picture that is not there
                page = miss.page
                pages = all_pages[page.explainer]
                explainer = by_id[page.explainer]
                html_text = page_html(page, explainer, pages, False, base_url, offered)
                (site / page.path).write_text(html_text, encoding="utf-8")
                write_oembed(site, page, False, base_url)
        if compressed:
            write_gzipped(site)
    flat = tuple(p for v in all_pages.values() for p in v)
    return Summary(Path(out).resolve(), flat, previews, tuple(missed))


GZIPPED = (".js", ".css", ".json", ".html", ".txt")
GZIP_MIN_BYTES = 10_000


def write_gzipped(site: Path) -> list[Path]:
    """Beside each text file of at least 10 KB, the same gzipped (``viewer.js.gz``).

    A web server then sends the compressed copy as it is instead of compressing the same
    1.4 MB of plotly.js for every reader (nginx's ``gzip_static on``, deploy/nginx.conf):
    one reader's page then costs nginx about a millisecond of CPU. Servers that do not look
    for ``.gz`` files ignore them.
    """
    written = []
    for path in sorted(site.rglob("*")):
        if path.suffix in GZIPPED and path.is_file() and path.stat().st_size >= GZIP_MIN_BYTES:
            target = path.with_name(path.name + ".gz")
            target.write_bytes(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))
            written.append(target)
    return written


def zip_name(explainer) -> str:
    """A file name for :func:`export_zip`, from the title in plain letters and digits.

    Example
    -------
    >>> from types import SimpleNamespace
    >>> zip_name(SimpleNamespace(title="Port talks: <b>Sri Lanka</b>!", id="your-article"))
    'port-talks-b-sri-lanka-b-map.zip'
    """
    slug = re.sub(r"[^a-z0-9]+", "-", explainer.title.lower()).strip("-")[:48].strip("-")
    return f"{slug or explainer.id}-map.zip"


def export_zip(explainer, payload: dict) -> bytes:
    """One explainer (a reader's article, say) as a zip of the same static site.

    The zip holds what :func:`export_site` writes for that explainer alone, without
    previews: ``index.html``, ``<id>/index.html`` and a page per country, the payload, and
    ``assets/``. Unzipped, it opens from disk or from any static server. ``payload`` is the
    one the app already built (:func:`explainers.viewer.payload.viewer_payload`), so no
    figure is built twice. About 1 MB and a few tenths of a second; call it only when a
    reader asks (the download button passes it as a callable).

    Example
    -------
    >>> from explainers.explainer.from_article import article_explainer  # doctest: +SKIP
    >>> data = export_zip(article, payload)  # doctest: +SKIP
    >>> zipfile.ZipFile(io.BytesIO(data)).namelist()[:2]  # doctest: +SKIP
    ['.bri-export', 'assets/page.css']
    """
    started = time.perf_counter()
    # One site per zip: the URL need not name the explainer.
    loaded = [(explainer, {**payload, "explainer": None})]
    buffer = io.BytesIO()
    with tempfile.TemporaryDirectory(prefix="bri-zip-") as tmp:
        site = Path(tmp) / "site"
        export_site(site, previews=False, progress=False, loaded=loaded, compressed=False)
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(site.rglob("*")):
                if path.is_file():
                    archive.write(path, path.relative_to(site).as_posix())
    data = buffer.getvalue()
    LOG.info(
        "exported %s as a zip: %d bytes in %.2f s",
        explainer.id,
        len(data),
        time.perf_counter() - started,
    )
    return data
