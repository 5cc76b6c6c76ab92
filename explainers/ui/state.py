"""Caches, data faults and the URL: what the pages share.

The URL is the one source of truth for what is shown. The viewer applies each pick in
the browser and writes it to the URL; Python learns of it in a callback and writes the
same view to ``st.query_params``. Caches are keyed by small values (an explainer id, an
article's digest) and by the processed files' size and time, so a file rebuilt or
restored (``make data``, ``git checkout data/processed/X``) is read again without a
restart.

A processed file that cannot be read never stops a page: the loaders raise
:class:`explainers.data.datasets.DataFileError`, and :func:`show_data_error` says in the page
which file, what is wrong, what the reader is missing and how to rebuild it.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time

import streamlit as st

from explainers import disk_cache, paths, settings, worker
from explainers.data import datasets
from explainers.data.datasets import DataFileError
from explainers.data.map_data import MapData
from explainers.data.schemas import ATTENDANCE_FILES
from explainers.data.shapes import check_shapes, country_table
from explainers.explainer import (
    DEFAULT_EXPLAINER,
    Explainer,
    available_explainers,
    explainer_dir,
    explainer_stamp,
    load_explainer,
)
from explainers.map.layers import DEFAULT_LAYERS, FIRST_YEAR, LAST_YEAR, LAYER_IDS
from explainers.markup import escape_markdown
from explainers.text.gazetteer import load_gazetteer
from explainers.view import Choices, View, view_from_query, view_to_query
from explainers.viewer import payload

MISSED = {
    "projects.csv": "The projects are left off the map.",
    "corridors.csv": "The corridors are left off the map; the other layers are drawn.",
    "corridors.geojson": "The corridors are drawn straight between their waypoints, so the "
    "sea route may cross land; do not publish the map until the file is rebuilt.",
    "partners.csv": "The partners layer and the cards' partner lines are left out.",
    "forum_2017.csv": "The event layer and the cards' lines about the event are left out.",
    "forum_2019.csv": "The 2019 forum's stars are left off the map, and its cards cannot say "
    "whose leader came.",
    "forum_2023.csv": "The 2023 forum's stars are left off the map, and its cards cannot say "
    "whose leader came.",
    "countries.csv": "The map and the story cannot be drawn without it.",
    "world_50m.json": "The map cannot draw the countries; the story and its steps still work.",
}
"""What a reader loses when a file cannot be read, said under its message."""


def _stamp(*names: str) -> tuple:
    """Size and modification time of data files: a cache key that changes when they do."""
    return paths.stamp(
        (paths.STATIC_DIR if name.endswith(".json") else paths.PROCESSED_DIR) / name
        for name in names
    )


_MAP_FILES = (
    "projects.csv",
    "corridors.csv",
    "corridors.geojson",
    "partners.csv",
    *ATTENDANCE_FILES,
)


def builtin_explainer(explainer_id: str) -> Explainer:
    """A shipped explainer, loaded again when a file in its folder changes (no restart).

    It needs no processed data file to load: without ``forum_2017.csv`` only the leaders'
    names go unlinked, and the page reports the file with the map's faults.
    """
    return _builtin_explainer(explainer_id, explainer_stamp(explainer_id))


@st.cache_resource(show_spinner=False, max_entries=8)
def _builtin_explainer(explainer_id: str, stamp: str) -> Explainer:
    inputs = [*sorted(explainer_dir(explainer_id).glob("*")), *_linker_files()]
    # A gazetteer read while a table was broken links less: never file that story under
    # the repaired files' key.
    unread = [str(error) for error in load_gazetteer().unread]
    return disk_cache.cached(
        f"explainer-{explainer_id}",
        [explainer_id, disk_cache.files_digest(inputs), unread],
        lambda: load_explainer(explainer_id).model_dump_json(),
        Explainer.model_validate_json,
    )


def _linker_files() -> list:
    """What linking a story reads besides its folder: the leaders and the projects' ids."""
    return [paths.PROCESSED_DIR / "forum_2017.csv", paths.PROCESSED_DIR / "projects.csv"]


@st.cache_resource(show_spinner=False, max_entries=4)
def _map_data(stamp: tuple) -> tuple[MapData, tuple[DataFileError, ...]]:
    return datasets.load_map_data_or_less()


def map_data() -> MapData:
    """The map's tables; one that cannot be read is empty (see :func:`map_data_faults`)."""
    return _map_data(_stamp(*_MAP_FILES))[0]


def map_data_faults() -> tuple[DataFileError, ...]:
    """The map's tables that could not be read, each with its message."""
    return _map_data(_stamp(*_MAP_FILES))[1]


@st.cache_resource(show_spinner=False, max_entries=4)
def _shapes_fault(stamp: tuple) -> DataFileError | None:
    try:
        check_shapes()
    except DataFileError as error:
        return error
    return None


def shapes_fault() -> DataFileError | None:
    """Why ``static/world_50m.json`` cannot be drawn, or None if it can."""
    return _shapes_fault(_stamp("world_50m.json"))


@st.cache_resource(show_spinner=False, max_entries=16)
def _built_in_payload(payload_key: str, stamp: tuple, _explainer: Explainer, _data: MapData):
    files = [paths.PROCESSED_DIR / name for name in (*_MAP_FILES, "countries.csv")]
    return disk_cache.cached(
        "payload",
        [payload_key, _explainer.model_dump_json(), disk_cache.files_digest(files)],
        lambda: json.dumps(
            payload.viewer_payload(_explainer, country_table(), _data, key=payload_key)
        ),
        json.loads,
    )


def viewer_payload(payload_key: str, explainer: Explainer, data: MapData) -> dict:
    """The viewer's payload; ``payload_key`` names the explainer and its data (not hashed).

    A built-in explainer's payload is built once per server and shared by every reader.
    A reader's article (``article:<digest>``) is built for that reader and kept in their
    session, so it goes when they do: the server's memory does not grow with the number
    of articles readers have brought (a shared cache of them held 64 payloads of a few MB
    each, long after their readers left).
    Raises :class:`DataFileError` if ``countries.csv`` cannot be read, and
    :class:`explainers.worker.WorkerError` if a reader's article's payload cannot be built in time.
    """
    stamp = _stamp(*_MAP_FILES, "countries.csv")
    if not payload_key.startswith("article:"):
        return _built_in_payload(payload_key, stamp, explainer, data)
    kept = st.session_state.get("_article_payload")
    if kept is None or kept[0] != (payload_key, stamp):
        # Seconds of work for a long article: done in a linker worker, like its linking,
        # so other readers' pages are not held up (WorkerError past the limit).
        built = worker.run(payload.viewer_payload, explainer, country_table(), data, payload_key)
        kept = ((payload_key, stamp), built)
        st.session_state["_article_payload"] = kept
    return kept[1]


@st.cache_resource(show_spinner=False, max_entries=16)
def _processed_file(name: str, stamp: tuple) -> bytes:
    return datasets.checked_processed_file(name)


def processed_file(name: str) -> bytes:
    """A processed file's bytes for download; :class:`DataFileError` if it is broken."""
    return _processed_file(name, _stamp(name))


def show_data_error(error: DataFileError) -> None:
    """Say in the page which data file cannot be read, what the reader misses, the fix.

    The file's path and the problem are escaped (a schema message quotes the file's
    cells); the fix is our own text.
    """
    missed = MISSED.get(error.name, "")
    st.error(
        f"**A data file cannot be read: {escape_markdown(error.name)}.** "
        f"{escape_markdown(paths.shown(error.path))} {escape_markdown(error.problem)}. "
        f"{missed}\n\nTo fix it, {error.fix}.",
        icon=None,
    )


def _warm_the_linker(delay: float = 10.0) -> None:
    """Start the article linker's worker once the first page is out, in a background thread.

    The built-in story comes from the disk cache, so the first reader of the explainer
    needs no linker; the first reader who brings an article would otherwise wait for a
    worker to start and load spaCy and the gazetteer (seconds, more under load). The delay
    keeps this work off the first page's way.
    """

    def warm() -> None:
        time.sleep(delay)
        with contextlib.suppress(Exception):  # a warm-up that fails costs only speed
            worker.run(os.getpid)

    threading.Thread(target=warm, name="bri-warm-linker", daemon=True).start()


if os.environ.get(settings.WARM.name, settings.WARM.default) != "0":
    _warm_the_linker()


def url_choices(extra_layers: tuple[str, ...] = ()) -> Choices:
    """What a link may ask for on this server, read from the data (see :class:`Choices`).

    The explainer folders are listed afresh (one glob), so a folder added while the server
    runs can be linked to at once; the country table is cached. ``extra_layers`` are the
    ids of layers this page adds to the map (the projects page's ``newsroom``), so a link
    that names them keeps them. If ``countries.csv`` cannot be read, a link's country is
    dropped with a notice and the page goes on to say why.
    """
    try:
        countries = frozenset(country_table().index)
    except DataFileError:
        countries = None
    return Choices(
        explainers=frozenset(available_explainers()),
        countries=countries,
        layers=LAYER_IDS,
        default_explainer=DEFAULT_EXPLAINER,
        default_layers=DEFAULT_LAYERS,
        years=(FIRST_YEAR, LAST_YEAR),
    ).with_layers(*extra_layers)


def current_view(extra_layers: tuple[str, ...] = ()) -> tuple[View, list[str]]:
    """The view the URL asks for, and notices about anything in it that was ignored.

    ``extra_layers``: layer ids the page adds to the map (see :func:`url_choices`).
    """
    return view_from_query(st.query_params.to_dict(), url_choices(extra_layers))


def go(view: View, choices: Choices) -> None:
    """Show ``view`` by writing it to the URL (``choices`` gives the defaults it leaves out)."""
    st.query_params.from_dict(view_to_query(view, choices))
