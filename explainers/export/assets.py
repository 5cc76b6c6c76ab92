"""The site's shared ``assets/``: the viewer (as a module and as a classic script), its CSS,
the pages' own ``page.css`` and ``page.js``, plotly.js and the shapes.

Example
-------
>>> classic_viewer("export function mount(root) {}\\nexport default function s() {}")
... # doctest: +ELLIPSIS
'...function mount(root) {}\\nfunction s() {}\\nwindow.briViewer = {mount: mount, s: s};\\n})();\\n'
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from explainers import embed
from explainers.export.model import ExportError
from explainers.paths import STATIC_DIR
from explainers.viewer import viewer_css, viewer_js
from explainers.viewer.payload import PLOTLY_BUNDLE, SHAPES

HERE = Path(__file__).resolve().parent
PAGE_CSS = HERE / "page.css"
PAGE_JS = HERE / "page.js"
_EXPORTED = re.compile(
    r"^export\s+(?:default\s+)?((?:async\s+)?function\*?|class|const|let|var)\s+([A-Za-z_$][\w$]*)"
)


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
