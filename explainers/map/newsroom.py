"""A newsroom's checked layer as the viewer draws it: its points, and its groups by area.

Two plotly ``scattergeo`` traces, as plain JSON (plotly's own validation of 10,000 rows
of hover data takes seconds, and the values here are already checked):

* the points: every drawn row, with its details in the hover, its years (for the
  viewer's year control) and its type and status (for the viewer's filters);
* the groups: empty here. At the world view the viewer fills it with one circle per
  area, sized and labelled by how many of the points it holds, and draws single points
  only where the map is framed closely (a picked country, a zoomed map), at most
  :data:`POINT_CAP` at a time. plotly.js reprojects every point it draws on each pick,
  so a few hundred circles keep picks as quick as without the layer.

Example
-------
>>> from explainers.data.newsroom_layer import read_layer
>>> csv = b"Title,ISO3,Latitude,Longitude,Source URLs\\nGwadar,PAK,25.12,62.33,https://a.org\\n"
>>> points, groups = layer_traces(read_layer(csv, "mine.csv"), {"PAK": "Pakistan"})
>>> points["customdata"][0][:2], groups["lon"], groups["meta"]["groupsOf"]
(['Gwadar', 'Pakistan'], [], 'newsroom')
"""

from __future__ import annotations

import html

import pandas as pd

from explainers.data.newsroom_cells import source_label
from explainers.data.newsroom_layer import NewsroomLayer
from explainers.map.layers import year_filter

LAYER_ID = "newsroom"
"""The layer's id in the viewer's switches and in the URL (``?layers=...,newsroom``)."""
INK = "#6A3D9A"  # one colour for the whole layer, apart from the story's role colours
POINT_CAP = 1500
"""At most this many single points are drawn at once; the viewer says "showing N of M"."""
GROUP_CELL_PX = 36
"""The groups' grid: cells about this many pixels wide on the screen, at any zoom."""
POINTS_FROM_SCALE = 3.0
"""From this map scale (1 is the whole world) the viewer draws single points, not groups;
a picked country always shows its points."""


def _plain(text: str, limit: int = 120) -> str:
    """Text for plotly's hover, which reads a few HTML tags: entities keep it text."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return html.escape(text, quote=False)


def cost_label(value: float) -> str:
    """``1.2e9`` → ``"US$1.2bn"``; ``3.5e8`` → ``"US$350m"``; missing → not reported."""
    if value is None or pd.isna(value):
        return "cost not reported"
    if value >= 1e9:
        return f"US${value / 1e9:,.3g}bn"
    if value >= 1e6:
        return f"US${value / 1e6:,.3g}m"
    return f"US${value:,.0f}"


def _facet(values: pd.Series) -> dict:
    labels = sorted(values.unique().tolist(), key=str.lower)
    lookup = {label: i for i, label in enumerate(labels)}
    return {"values": labels, "index": [lookup[v] for v in values]}


def point_trace(layer: NewsroomLayer, names: dict[str, str]) -> dict:
    """Every drawn row as one trace of markers, with the details in the hover.

    ``customdata`` ends with the row's ISO-3 code (the viewer picks that country on a
    click and counts each group's countries); ``meta.years`` joins the viewer's year
    control (a row shows from its year on; a row with no year shows only "today");
    ``meta.facets`` lets it filter by type and status; ``meta.draw`` tells the viewer
    how to thin the points by zoom.
    """
    rows = layer.drawn
    years = ["" if pd.isna(y) else str(int(y)) for y in rows["year"].astype(object)]
    hosts = rows["source"].str.extract(r"https?://(?:www\.)?([^/\s|;:?#]+)", expand=False)
    columns = zip(
        rows["name"].tolist(),
        rows["iso3"].tolist(),
        (rows["type"] + " · " + rows["status"]).tolist(),
        years,
        rows["cost_usd"].tolist(),
        hosts.fillna("").tolist(),
        rows["source"].tolist(),
        strict=True,
    )
    customdata = [
        [
            _plain(name),
            _plain(names.get(iso3, iso3)),
            _plain(kind, 80),
            year,
            cost_label(cost),
            _plain(host or source_label(source) or "none given", 60),
            iso3,
        ]
        for name, iso3, kind, year, cost, host, source in columns
    ]
    return {
        "type": "scattergeo",
        "lon": rows["lon"].round(5).tolist(),
        "lat": rows["lat"].round(5).tolist(),
        "mode": "markers",
        "marker": {
            "size": 6,
            "color": INK,
            "opacity": 0.8,
            "line": {"color": "white", "width": 0.6},
        },
        "customdata": customdata,
        "hovertemplate": (
            "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]} %{customdata[3]}"
            "<br>%{customdata[4]}<br>Source: %{customdata[5]}<extra>Your layer</extra>"
        ),
        "name": "Your projects",
        "showlegend": False,
        "meta": {
            "layer": LAYER_ID,
            "years": year_filter(rows["year"], [None] * len(rows), ("lon", "lat", "customdata")),
            "facets": {
                "type": {"label": "Type", **_facet(rows["type"])},
                "status": {"label": "Status", **_facet(rows["status"])},
            },
            "draw": {
                "cap": POINT_CAP,
                "cellPx": GROUP_CELL_PX,
                "pointsFromScale": POINTS_FROM_SCALE,
            },
        },
    }


def group_trace() -> dict:
    """The empty trace the viewer fills with one circle per area (see the module's note).

    Each circle's ``customdata`` is its count as shown, the countries it holds in words,
    the ISO-3 code of the one with most (a click picks it), and the exact count.
    """
    return {
        "type": "scattergeo",
        "lon": [],
        "lat": [],
        "text": [],
        "customdata": [],
        "mode": "markers+text",
        "textposition": "middle center",
        "textfont": {"size": 10, "color": "white", "family": "sans-serif"},
        "marker": {
            "size": [],
            "color": INK,
            "opacity": 0.85,
            "line": {"color": "white", "width": 1},
            "sizemode": "diameter",
        },
        "hovertemplate": (
            "<b>%{customdata[0]} of your projects</b><br>%{customdata[1]}"
            "<extra>Click to see each one</extra>"
        ),
        "name": "Your projects, grouped",
        "showlegend": False,
        "meta": {"layer": LAYER_ID, "groupsOf": LAYER_ID},
    }


def layer_traces(layer: NewsroomLayer, names: dict[str, str]) -> list[dict]:
    """The layer's two traces, points then groups, for the viewer's figure."""
    return [point_trace(layer, names), group_trace()]
