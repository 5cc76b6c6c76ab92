"""Caches and the URL: what the pages share.

The URL is the one source of truth for what is shown: every pick the reader makes is
written to it (in a widget callback, at once) and the page is redrawn from it. Caches
are keyed by small values (an explainer id, an ISO-3 code, layer ids, a year).
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from explainers import datasets, figures
from explainers.dataset_schemas import split_list
from explainers.explainer import Explainer, load_explainer
from explainers.geometry import country_table
from explainers.layers import LAYERS, MapData
from explainers.view import View, view_from_query, view_to_query

MAP_KEY = "story_map"
PICKER_KEY = "country_picker"
LAYERS_KEY = "layer_switches"
YEAR_KEY = "year_slider"
TODAY = "Today"
NO_COUNTRY = "— the whole story —"


@st.cache_resource(show_spinner=False)
def builtin_explainer(explainer_id: str) -> Explainer:
    return load_explainer(explainer_id)


@st.cache_resource(show_spinner=False)
def map_data() -> MapData:
    return datasets.load_map_data()


@st.cache_resource(show_spinner=False, max_entries=512)
def story_map(
    figure_key: str,
    selected: str | None,
    layers: tuple[str, ...],
    year: int | None,
    _explainer: Explainer,
    _data: MapData,
):
    """The map for a view; ``figure_key`` names the explainer and its data (not hashed)."""
    return figures.story_map(_explainer, country_table(), selected, _data, layers, year)


@st.cache_data(show_spinner=False)
def processed_file(name: str) -> bytes:
    return (datasets.paths.PROCESSED_DIR / name).read_bytes()


def current_view() -> tuple[View, list[str]]:
    """The view the URL asks for, and notices about anything in it that was ignored."""
    return view_from_query(st.query_params.to_dict())


def go(view: View) -> None:
    """Show ``view`` by writing it to the URL."""
    st.query_params.from_dict(view_to_query(view))


def pick(iso3: str | None) -> None:
    """Make ``iso3`` the picked country (None clears it)."""
    go(current_view()[0].with_country(iso3))


def on_layers_change() -> None:
    chosen = st.session_state[LAYERS_KEY] or []
    view = current_view()[0]
    layers = tuple(layer.id for layer in LAYERS if layer.id in chosen)
    go(replace(view, layers=layers))


def on_year_change() -> None:
    value = st.session_state[YEAR_KEY]
    view = current_view()[0]
    go(replace(view, year=None if value == TODAY else int(value)))


def on_picker_change() -> None:
    label = st.session_state[PICKER_KEY]
    pick(None if label == NO_COUNTRY else label.rsplit("(", 1)[-1].rstrip(")"))


def on_map_select() -> None:
    # The chart's own selection resets whenever the figure changes (it is keyed to the
    # figure), so the pick is copied into the URL here, in the callback, at once.
    for point in st.session_state[MAP_KEY].selection.points:
        code = point.get("location") or project_country(point.get("customdata"))
        if code:
            pick(code)
            return


def project_country(customdata) -> str | None:
    """The country of a clicked project marker (its customdata ends with the project id)."""
    if not isinstance(customdata, list) or not customdata:
        return None
    projects = map_data().projects
    match = projects[projects["id"] == customdata[-1]]
    return split_list(match["countries"].iloc[0])[0] if len(match) else None
