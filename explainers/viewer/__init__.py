"""The browser viewer: its JavaScript and CSS, and the payload Python sends it.

* ``viewer.js``: one ES module, no framework, no build step; a Streamlit component
  (its default export) and a plain-page viewer (``mount``) in one file;
* ``viewer.css``: its styles, all under ``.bri-viewer``;
* :mod:`explainers.viewer.payload`: the figure, the linked passages, the cards and the
  steps, as JSON-ready values;
* ``static/embed-parent.js``: the host page's script for a responsive embed, served where
  the app serves ``static/`` (``app/static/``) and copied into an export's ``assets/``.
"""

from __future__ import annotations

from pathlib import Path

VIEWER_DIR = Path(__file__).resolve().parent
VIEWER_JS = VIEWER_DIR / "viewer.js"
VIEWER_CSS = VIEWER_DIR / "viewer.css"
EMBED_PARENT_JS = VIEWER_DIR.parents[1] / "static" / "embed-parent.js"
"""In ``static/`` (not under ``BRI_DATA_DIR``): Streamlit serves the folder beside app.py."""


def viewer_js() -> str:
    return VIEWER_JS.read_text(encoding="utf-8")


def viewer_css() -> str:
    return VIEWER_CSS.read_text(encoding="utf-8")
