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

The package follows what an export does:

* :mod:`~explainers.export.model`: what every part shares (:class:`Page`,
  :class:`ExportError`, the preview's size);
* :mod:`~explainers.export.pages`: the pages and their HTML (the page, the index, the nav,
  the credit, Get the data and the site's ``data/``, the embed snippet, oEmbed), from the
  templates ``page.html``, ``page.css`` and ``page.js`` beside it;
* :mod:`~explainers.export.assets`: the shared ``assets/`` and the classic viewer build;
* :mod:`~explainers.export.previews`: the preview pictures, screenshots in Chromium;
* :mod:`~explainers.export.swap`: the new site built beside the old and swapped in, its
  lock, and what killed exports left behind;
* :mod:`~explainers.export.site`: the site and the zip, and the gzipped copies.

The names the rest of the project uses are imported here. A test that replaces one
(``monkeypatch``) replaces it in the module that looks it up, named above.
"""

from explainers.export.assets import classic_viewer, payload_script, topojson_script, write_assets
from explainers.export.model import PREVIEW_SIZE, ExportError, Page
from explainers.export.pages import (
    DATA_FOLDER,
    EMBED_HEIGHT,
    FOOTER,
    embed_snippet,
    explainer_pages,
    index_html,
    oembed_name,
    page_html,
    page_oembed,
    write_data,
)
from explainers.export.previews import PREVIEW_TIMEOUT_MS, MissedPreview, render_previews
from explainers.export.site import (
    GZIP_MIN_BYTES,
    GZIPPED,
    Summary,
    export_site,
    export_zip,
    load_explainers,
    write_explainer,
    write_gzipped,
    write_oembed,
    zip_name,
)
from explainers.export.swap import LOCK, MARKER, remove_stale, replacing
from explainers.paths import DATA_DIR, STATIC_DIR
from explainers.viewer import viewer_css, viewer_js
from explainers.viewer.payload import PLOTLY_BUNDLE, SHAPES

__all__ = [
    "DATA_DIR",
    "DATA_FOLDER",
    "EMBED_HEIGHT",
    "FOOTER",
    "GZIPPED",
    "GZIP_MIN_BYTES",
    "LOCK",
    "MARKER",
    "PLOTLY_BUNDLE",
    "PREVIEW_SIZE",
    "PREVIEW_TIMEOUT_MS",
    "SHAPES",
    "STATIC_DIR",
    "ExportError",
    "MissedPreview",
    "Page",
    "Summary",
    "classic_viewer",
    "embed_snippet",
    "explainer_pages",
    "export_site",
    "export_zip",
    "index_html",
    "load_explainers",
    "oembed_name",
    "page_html",
    "page_oembed",
    "payload_script",
    "remove_stale",
    "render_previews",
    "replacing",
    "topojson_script",
    "viewer_css",
    "viewer_js",
    "write_assets",
    "write_data",
    "write_explainer",
    "write_gzipped",
    "write_oembed",
    "zip_name",
]
