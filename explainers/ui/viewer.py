"""Mount the browser viewer as a Streamlit component, and keep the URL the view.

The viewer is sent one payload per explainer, which does not change when the reader
picks: Streamlit sends a message it has sent before by reference, and the viewer sits
in a fragment, so a pick costs a few hundred bytes. The viewer reads the view from the
URL, applies each pick at once, and tells Python with ``setStateValue("view", ...)``;
the callback writes the same view to ``st.query_params``, and Streamlit then writes the
URL: one history entry per pick, in order, however fast the reader clicks.
"""

from __future__ import annotations

import streamlit as st

from explainers.ui import state
from explainers.view import view_from_query
from explainers.viewer import viewer_css, viewer_js
from explainers.viewer.payload import PLOTLY_BUNDLE, SHAPES

_VIEWER = st.components.v2.component(
    "bri_viewer", css=viewer_css(), js=viewer_js(), isolate_styles=False
)
# The same module, mounted first with a tiny payload, starts plotly.js and the shapes
# downloading while the server still sends the page (about a second sooner).
_PRELOAD = st.components.v2.component("bri_preload", js=viewer_js(), isolate_styles=False)


def _on_view(key: str, layers: tuple[str, ...]) -> None:
    """Write the view the viewer reports to the URL; ``layers`` are the ids its payload
    offers, so a layer the page adds (a newsroom's projects) stays in the link."""
    picked = st.session_state[key].get("view") or {}
    query = picked.get("query") if isinstance(picked, dict) else None
    if isinstance(query, dict):
        choices = state.url_choices(extra_layers=layers)
        view = view_from_query({str(k): str(v) for k, v in query.items()}, choices)[0]
        state.go(view, choices)
        if "layers" in query:
            # The viewer leaves out the layers its explainer opens with; any it sends are a
            # choice, kept even when they match the app's defaults (another explainer's).
            st.query_params["layers"] = ",".join(view.layers) or "none"


def preload_viewer() -> None:
    """Start the viewer's downloads; call it before anything else on a page with a viewer."""
    _PRELOAD(key="preload", data={"preload": {"plotly": PLOTLY_BUNDLE, "shapes": SHAPES}})


@st.fragment
def show_viewer(payload: dict, key: str, embed: dict | None = None) -> None:
    """Draw ``payload`` in the viewer; ``key`` must stay the same for the same payload.

    A fragment: a pick reruns this function alone, not the page around it, so the
    server sends back only the viewer's element (by reference) and the new URL.
    ``embed`` (``{"show": "map,card"}``, say) asks for the compact layout an iframe
    shows; ``None`` draws the full viewer.

    >>> show_viewer(payload, "viewer:bri-forum-2017", embed={"show": "map,text"})  # doctest: +SKIP
    """
    data = payload if embed is None else {**payload, "embed": embed}
    layers = tuple(layer["id"] for layer in payload["layers"])
    _VIEWER(key=key, data=data, on_view_change=lambda: _on_view(key, layers))
