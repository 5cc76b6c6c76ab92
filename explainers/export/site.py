"""The site and the zip: every explainer's pages, payload and oEmbed files written into a
new folder swapped in whole (:func:`export_site`), one explainer as a zip of the same site
(:func:`export_zip`), and the gzipped copies a web server sends as they are."""

from __future__ import annotations

import gzip
import io
import json
import logging
import re
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

from explainers.export.assets import payload_script, write_assets
from explainers.export.model import Page
from explainers.export.pages import (
    explainer_pages,
    index_html,
    oembed_name,
    page_html,
    page_oembed,
    write_data,
)
from explainers.export.previews import MissedPreview, render_previews
from explainers.export.swap import replacing

LOG = logging.getLogger(__name__)


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
