"""The floor for ``bench/viewer.py``: the least a Streamlit page does to draw our map.

One ``st.plotly_chart`` of every country the app knows, from the same TopoJSON served
the same way (``static/world_50m.json`` at ``/app/static/``, ``geo.resolution=50``),
with nothing else on the page. Whatever our app costs beyond this is the viewer's doing.

Not run in place: ``bench/viewer.py`` copies it into a temporary folder beside a
``static`` link to the project's ``static/`` and a ``.streamlit/config.toml`` that turns
static serving on, and starts it with the project on ``PYTHONPATH``.
"""

import plotly.graph_objects as go
import streamlit as st

from explainers.data.shapes import country_table

st.set_page_config(page_title="Floor: one st.plotly_chart", layout="wide")


@st.cache_data
def country_codes() -> list[str]:
    return list(country_table().index)


codes = country_codes()
fig = go.Figure(
    go.Choropleth(
        locations=codes,
        z=[0] * len(codes),
        colorscale=[[0, "#d9d9d9"], [1, "#d9d9d9"]],
        showscale=False,
        marker={"line": {"color": "white", "width": 0.5}},
    )
)
fig.update_geos(resolution=50, showframe=False)
fig.update_layout(height=480, margin={"l": 0, "r": 0, "t": 0, "b": 0})
st.plotly_chart(fig, theme=None, config={"topojsonURL": "app/static/"})
