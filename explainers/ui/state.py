"""Caches and the URL: what the pages share.

The URL is the one source of truth for what is shown. The viewer applies each pick in
the browser and writes it to the URL; Python learns of it in a callback and writes the
same view to ``st.query_params``. Caches are keyed by small values (an explainer id, an
article's digest).
"""

from __future__ import annotations

import streamlit as st

from explainers import datasets
from explainers.explainer import Explainer, load_explainer
from explainers.geometry import country_table
from explainers.layers import MapData
from explainers.view import View, view_from_query, view_to_query
from explainers.viewer import payload


@st.cache_resource(show_spinner=False)
def builtin_explainer(explainer_id: str) -> Explainer:
    return load_explainer(explainer_id)


@st.cache_resource(show_spinner=False)
def map_data() -> MapData:
    return datasets.load_map_data()


@st.cache_resource(show_spinner=False, max_entries=64)
def viewer_payload(payload_key: str, _explainer: Explainer, _data: MapData) -> dict:
    """The viewer's payload; ``payload_key`` names the explainer and its data (not hashed)."""
    return payload.viewer_payload(_explainer, country_table(), _data, key=payload_key)


@st.cache_data(show_spinner=False)
def processed_file(name: str) -> bytes:
    return (datasets.paths.PROCESSED_DIR / name).read_bytes()


def current_view() -> tuple[View, list[str]]:
    """The view the URL asks for, and notices about anything in it that was ignored."""
    return view_from_query(st.query_params.to_dict())


def go(view: View) -> None:
    """Show ``view`` by writing it to the URL."""
    st.query_params.from_dict(view_to_query(view))
