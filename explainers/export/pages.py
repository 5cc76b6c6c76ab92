"""The site's pages and their HTML: one page per view of an explainer (from the template
``page.html``), the index, and what each page carries: the nav, the credit, Get the data
(with the site's ``data/`` copy of the files), the embed snippet and its oEmbed answer."""

from __future__ import annotations

import html
import logging
import posixpath
import shutil
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
from explainers.export.model import PREVIEW_SIZE, Page
from explainers.paths import DATA_DIR
from explainers.viewer.payload import PLOTLY_BUNDLE

LOG = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
PAGE_TEMPLATE = HERE / "page.html"
EMBED_HEIGHT = 450  # as the viewer's Share and embed panel gives it

FOOTER = (
    "Borders and names on this map are drawn as Natural Earth draws them and do not imply "
    "any position on disputed territory. plotly.js is MIT-licensed (assets/vendor)."
)


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
