"""Bring your own projects: a newsroom's table drawn over the explainer, checked cell by cell.

The file stays in the reader's session (never in the URL, never on disk). What the page
shows of it (column names, cells, the credit line) is escaped, so a cell holding
Markdown or a formula stays text.
"""

from __future__ import annotations

import hashlib

import streamlit as st

from explainers import paths, worker
from explainers.data.datasets import DataFileError
from explainers.data.newsroom_layer import (
    FIELD_BY_NAME,
    MAX_BYTES,
    MAX_ROWS,
    LayerInputError,
    NewsroomLayer,
    read_layer,
)
from explainers.data.shapes import country_table
from explainers.explainer import ExplainerError, explainer_stamp
from explainers.map.newsroom import LAYER_ID
from explainers.markup import escape_markdown
from explainers.ui import state
from explainers.ui.viewer import preload_viewer, show_viewer
from explainers.viewer.payload import with_layer
from explainers.worker import TimeLimitError, WorkerUnavailableError

LAYER_KEY = "newsroom_layer"
SAMPLE = paths.DATA_DIR / "samples" / "aiddata_sample.csv"
FILE_TYPES = ["csv", "geojson", "json"]
MB = 1_000_000  # as Streamlit's uploader counts a MB in the reader's browser


def _table(headings: list[str], rows: list[list[str]]) -> str:
    """A Markdown table of untrusted cells (escaped, one line each)."""
    lines = ["| " + " | ".join(headings) + " |", "|" + " --- |" * len(headings)]
    for row in rows:
        cells = (escape_markdown(" ".join(str(cell).split())) for cell in row)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def checked_in_worker(data: bytes, filename: str, credit: str | None) -> NewsroomLayer:
    """:func:`read_layer` in the linker's worker pool, with its time limit.

    Parsing and checking a hostile file takes the worker's CPU and memory, not the
    server's: the other readers' pages and picks are not held up, and the memory a file of
    thousands of columns takes goes back when the worker is done. Past the time limit the
    worker is stopped and the reader told, in this page's words.
    """
    try:
        return worker.run(read_layer, data, filename, credit)
    except TimeLimitError:
        raise LayerInputError(
            f"Checking {filename} took longer than {worker.time_limit():g} seconds, so it was "
            "stopped and nothing was drawn. Split the file (or keep only the rows and columns "
            "your story needs), or check it on the command line: "
            "`python -m explainers layer check FILE`"
        ) from None
    except WorkerUnavailableError:
        raise LayerInputError(
            f"{filename} could not be checked: the server was busy, or the process checking "
            "it stopped, so nothing was drawn. Try again in a minute; if it happens again, "
            "check the file on the command line: `python -m explainers layer check FILE`"
        ) from None


def _read(data: bytes, filename: str, credit: str) -> None:
    """Check the file and keep the layer and its payload in the session (or say why not)."""
    try:
        layer = checked_in_worker(data, filename, credit.strip() or None)
    except LayerInputError as error:
        st.session_state.pop(LAYER_KEY, None)
        st.error(escape_markdown(str(error)))
        return
    digest = hashlib.sha256(data + credit.encode()).hexdigest()[:16]
    st.session_state[LAYER_KEY] = (digest, layer, None)


def _payload(view_explainer: str) -> tuple[str, dict] | None:
    """The viewer's payload with the session's layer, built once per layer and explainer.

    The built-in explainer's payload is the one every reader shares (built once per
    server); only the layer's parts are added here, into a new dict kept in the session.
    """
    digest, layer, built = st.session_state[LAYER_KEY]
    key = f"layer:{digest}:{view_explainer}"
    if built is not None and built[0] == key:
        return built
    try:
        explainer = state.builtin_explainer(view_explainer)
        data = state.map_data()
        shared_key = f"{explainer.id}@{explainer_stamp(explainer.id)}"
        shared = state.viewer_payload(shared_key, explainer, data)
    except ExplainerError as error:
        st.error("This explainer's files have problems: " + escape_markdown(error.problems[0]))
        return None
    except DataFileError as error:  # countries.csv: no map can be drawn without it
        state.show_data_error(error)
        return None
    payload = {**with_layer(shared, layer, explainer, country_table(), data), "key": key}
    st.session_state[LAYER_KEY] = (digest, layer, (key, payload))
    return key, payload


def _report(layer: NewsroomLayer) -> None:
    summary = escape_markdown(layer.summary())
    if layer.failed_rows:
        st.warning(f"**{escape_markdown(layer.filename)}**: {summary}.")
    else:
        st.success(f"**{escape_markdown(layer.filename)}**: {summary}.")
    for note in layer.notes:
        st.info(escape_markdown(note))
    with st.expander(f"Columns used ({len(layer.mapping)})", expanded=True):
        rows = [[FIELD_BY_NAME[name].label, header] for name, header in layer.mapping.items()]
        rows += [["(not used)", header] for header in layer.unmapped]
        st.markdown(_table(["On the map", "Column in your file"], rows))
    if not layer.problems:
        return
    st.subheader("Rows not drawn, cell by cell")
    unit = layer.unit.capitalize()
    rows = [[str(p.row), p.column, p.message, p.fix] for p in layer.listed]
    st.markdown(_table([unit, "Column", "What is wrong", "How to fix it"], rows))
    hidden = len(layer.problems) - len(layer.listed)
    if hidden > 0:
        st.markdown(
            f"…and {hidden:,} more broken cells. Fix these, or run "
            "`python -m explainers layer check FILE` for the full list."
        )


def upload_limit_mb() -> int:
    """The largest upload this page takes, in MB: the layer's own limit, or the server's
    ``server.maxUploadSize`` if that is lower (Streamlit refuses bigger uploads itself)."""
    return min(MAX_BYTES // MB, int(st.get_option("server.maxUploadSize")))


def projects_page() -> None:
    preload_viewer()
    st.title("Bring your own projects")
    limit = upload_limit_mb()
    st.markdown(
        "Upload your newsroom's project table (a CSV or GeoJSON, up to "
        f"{limit} MB and {MAX_ROWS:,} rows), such as a download of AidData's "
        "Global Chinese Development Finance data, and see it drawn over the explainer's map. "
        "Each project needs a name, a country (ISO-3 code or name) and a latitude and "
        "longitude; a type, status, year, cost and source are shown when given. Every row "
        "is checked like our own data, and the rows that fail are listed cell by cell. "
        "Nothing is saved."
    )
    if limit < MAX_BYTES // MB:
        st.markdown(
            f":small[:gray[A bigger file (up to {MAX_BYTES // MB} MB) can be checked and "
            "exported on the command line: `python -m explainers layer check FILE`, then "
            "`python -m explainers export --out DIR --layer FILE`.]]"
        )
    with st.form("layer_form"):
        upload = st.file_uploader(
            "Your projects (CSV or GeoJSON)", type=FILE_TYPES, max_upload_size=limit
        )
        credit = st.text_input(
            "Source and licence of your data (shown in the map's key; optional)",
            max_chars=300,
            placeholder="Data: our newsroom's project tracker, CC BY 4.0",
        )
        submitted = st.form_submit_button("Draw my projects", type="primary")
    sample = st.button("Or try a sample: 64 sourced projects in AidData's column layout")
    if submitted:
        if upload is None:
            st.warning("Choose a CSV or GeoJSON file first.")
        else:
            _read(upload.getvalue(), upload.name, credit)
    elif sample:
        _read(SAMPLE.read_bytes(), SAMPLE.name, "")

    if LAYER_KEY not in st.session_state:
        return
    _, layer, _ = st.session_state[LAYER_KEY]
    _report(layer)
    view, notices = state.current_view(extra_layers=(LAYER_ID,))
    for notice in notices:
        st.warning(notice)
    built = _payload(view.explainer)
    if built is None:
        return
    key, payload = built
    st.divider()
    st.header(escape_markdown(payload["title"]), anchor=False)  # no link made of its text
    # A broken file of ours costs its layer, not the reader's: say which and how to fix it.
    for fault in (*state.map_data_faults(), state.shapes_fault()):
        if fault:
            state.show_data_error(fault)
    show_viewer(payload, key=f"viewer:{key}")
    st.markdown(f":small[:gray[{escape_markdown(layer.credit)}]]")
