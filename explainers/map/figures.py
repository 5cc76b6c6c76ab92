"""Plotly figures, built by pure functions from plain values (an explainer, a country table).

No figure here embeds geometry: the choropleth traces send ISO-3 codes and plotly.js
matches them against ``world_50m.json``, which the app serves from its own server (see
``MAP_CONFIG``). That keeps each rerun's payload to a few kilobytes and the page offline.

Example
-------
>>> from explainers.explainer import load_explainer
>>> from explainers.data.shapes import country_table
>>> fig = story_map(load_explainer("bri-forum-2017"), country_table(), selected="KAZ")
>>> fig.layout.geo.center.lon
66.3235
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from explainers.data.map_data import MapData
from explainers.data.shapes import UNCODED_UNITS
from explainers.explainer import Explainer
from explainers.map.layers import explainer_layers

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
GROUP_COLOURS = ("#D55E00", "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9")
OTHER_COUNTRY = "#EEEDE8"
BORDER = "#FFFFFF"
SELECTED_OUTLINE = "#1A1A1A"
LABEL_INK = "#1A1A1A"
LABEL_HALO = "0 0 2px #fff, 0 0 2px #fff, 0 0 3px #fff"
"""A white halo round every name (CSS text-shadow, plotly's ``textfont.shadow``): dark ink
reads on the blue countries (3.4:1 without it) and over lines and markers."""
WORLD_VIEW = {"lon": 10.0, "lat": 20.0, "scale": 1.0}

# plotly.js fetches `{topojsonURL}world_50m.json`; Streamlit serves ./static at /app/static/.
# The mode bar keeps what works offline (pan, zoom in and out, reset): no "Share chart"
# (it uploads the figure to Plotly Cloud), no server to send it to, no link out, and no
# PNG button (the viewer's own "Download PNG" adds the title and the credit).
MAP_CONFIG = {
    "topojsonURL": "app/static/",
    "displaylogo": False,
    "scrollZoom": False,
    "showSendToCloud": False,
    "showLink": False,
    "plotlyServerURL": "",
    "modeBarButtonsToRemove": ["select2d", "lasso2d", "toImage", "sendChartToCloud"],
}


def _flat(colour: str) -> list[list]:
    return [[0, colour], [1, colour]]


LAT_RANGE = (-58.0, 85.0)
"""The latitudes the map draws (its ``lataxis``): Antarctica and the pole left out."""
REGION_MEMBERS = 10
"""A name of at least this many countries (Europe, the Middle East) is framed on where most
of its members are: the outermost tenth of their points on each side is left out, so
Russia's Siberia does not turn "Europe" into the whole world."""
POINT_MARGIN_DEGREES = 3.0


def _box(table: pd.DataFrame, known: list[str], points) -> tuple[float, float, float, float]:
    """West, east, south and north of what a frame must show: the countries' extents (for
    a region, most of its members' points), and every point with a margin."""
    rows = table.loc[known]
    if len(known) >= REGION_MEMBERS:
        west, east = rows["lon"].quantile([0.1, 0.9])
        south, north = rows["lat"].quantile([0.1, 0.9])
        edges = [(west - 5, east + 5, south - 5, north + 5)]
    else:
        edges = [
            (row.lon - row.lon_span / 2, row.lon + row.lon_span / 2,
             row.lat - row.lat_span / 2, row.lat + row.lat_span / 2)
            for row in rows.itertuples()
        ]  # fmt: skip
    m = POINT_MARGIN_DEGREES
    edges += [(lon - m, lon + m, lat - m, lat + m) for lon, lat in points]
    return (
        float(min(e[0] for e in edges)),
        float(max(e[1] for e in edges)),
        float(min(e[2] for e in edges)),
        float(max(e[3] for e in edges)),
    )


def frame(table: pd.DataFrame, codes: list[str] | tuple[str, ...] = (), points=()) -> dict:
    """Centre and scale that frame ``codes`` and ``points`` (``(lon, lat)`` pairs: a step's
    projects); the whole world when there is nothing to frame.

    One country alone is centred on its point inside it and scaled by the extent of its
    main parts; more, or with points, on the box around them all. Either way the frame
    spans about half the map's width, on a phone as on a laptop. A frame near the pole is
    moved south until the map's top edge is the top of the drawn world, with no blank band.

    >>> from explainers.data.shapes import country_table
    >>> frame(country_table(), ["KAZ"])["scale"] > 2
    True
    """
    known = [code for code in codes if code in table.index]
    points = [(float(lon), float(lat)) for lon, lat in points]
    if not known and not points:
        return WORLD_VIEW
    west, east, south, north = _box(table, known, points)
    if len(known) == 1 and not points:
        centre = (float(table.at[known[0], "lon"]), float(table.at[known[0], "lat"]))
    else:
        centre = ((west + east) / 2, (south + north) / 2)
    span = max(east - west, (north - south) * 1.8, 1.0)
    scale = min(max(180 / span, 1.0), 12.0)
    # At scale s the map shows about 1/s of the drawn latitudes: keep the frame inside them.
    half = (LAT_RANGE[1] - LAT_RANGE[0]) / 2 / scale
    lat = min(max(centre[1], LAT_RANGE[0] + half), LAT_RANGE[1] - half)
    return {"lon": centre[0], "lat": round(lat, 4), "scale": scale}


def outline_trace(codes: list[str]) -> go.Choropleth:
    """The picked countries' outline, drawn over everything; hover and clicks pass through."""
    return go.Choropleth(
        locations=codes,
        z=[1] * len(codes),
        colorscale=_flat("rgba(0,0,0,0)"),
        showscale=False,
        marker={"line": {"color": SELECTED_OUTLINE, "width": 2.2}},
        hoverinfo="skip",
        name="Picked",
        showlegend=False,
        meta={"role": "outline"},
    )


def _base_traces(table: pd.DataFrame, others: list[str]) -> list[go.Choropleth]:
    """The countries the story does not name (clickable) and the land without a code."""
    return [
        go.Choropleth(
            locations=others,
            z=[0] * len(others),
            text=table.loc[others, "name"].tolist(),
            colorscale=_flat(OTHER_COUNTRY),
            showscale=False,
            marker={"line": {"color": BORDER, "width": 0.4}},
            hovertemplate="%{text}<extra></extra>",
            name="Other countries",
            showlegend=False,
            meta={"role": "countries"},
        ),
        go.Choropleth(
            locations=list(UNCODED_UNITS.values()),
            z=[0] * len(UNCODED_UNITS),
            colorscale=_flat(OTHER_COUNTRY),
            showscale=False,
            marker={"line": {"color": BORDER, "width": 0.4}},
            hoverinfo="skip",
            name="Areas without a country code",
            showlegend=False,
            meta={"role": "land"},
        ),
    ]


def _group_traces(explainer: Explainer, table: pd.DataFrame) -> list[go.Choropleth]:
    """One trace per group of the story's countries, in its colour, with a legend entry."""
    traces = []
    for index, (group, label) in enumerate(explainer.groups.items()):
        members = [c for c in explainer.countries if c.group == group and c.iso3 in table.index]
        traces.append(
            go.Choropleth(
                locations=[c.iso3 for c in members],
                z=[1] * len(members),
                text=table.loc[[c.iso3 for c in members], "name"].tolist(),
                customdata=[c.why for c in members],
                colorscale=_flat(GROUP_COLOURS[index % len(GROUP_COLOURS)]),
                showscale=False,
                marker={"line": {"color": BORDER, "width": 0.6}},
                hovertemplate="<b>%{text}</b><br>%{customdata}<extra></extra>",
                name=label,
                showlegend=True,
                meta={"role": "countries", "group": group},
            )
        )
    return traces


def _label_trace(explainer: Explainer, table: pd.DataFrame) -> go.Scattergeo:
    """The story's countries' names, written on the map."""
    story_codes = [c.iso3 for c in explainer.countries if c.iso3 in table.index]
    return go.Scattergeo(
        lon=table.loc[story_codes, "lon"].tolist(),
        lat=table.loc[story_codes, "lat"].tolist(),
        text=table.loc[story_codes, "name"].tolist(),
        customdata=story_codes,
        mode="text",
        textfont={"size": 12, "color": LABEL_INK, "family": "sans-serif", "shadow": LABEL_HALO},
        hoverinfo="skip",
        name="Labels",
        showlegend=False,
        meta={"role": "labels"},
    )


def _apply_layout(
    fig: go.Figure, explainer: Explainer, table: pd.DataFrame, selected: str | None
) -> None:
    """The projection framed on ``selected`` (or the world), and the figure's layout."""
    zoom = frame(table, [selected] if selected else [])
    fig.update_geos(
        projection={
            "type": "natural earth",
            "rotation": {"lon": zoom["lon"]},
            "scale": zoom["scale"],
        },
        center={"lon": zoom["lon"], "lat": zoom["lat"]},
        fitbounds=False,
        resolution=50,
        showframe=False,
        showcoastlines=False,
        showcountries=False,
        showland=False,
        showocean=False,
        showlakes=False,
        showrivers=False,
        bgcolor="rgba(0,0,0,0)",
        lataxis={"range": list(LAT_RANGE)},
    )
    fig.update_layout(
        height=480,
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        dragmode="pan",
        clickmode="event+select",
        legend={
            "orientation": "h",
            "yanchor": "top",
            "y": -0.01,
            "x": 0,
            "itemsizing": "constant",
            "font": {"size": 12},
            "title": {"text": ""},
        },
        uirevision=f"{explainer.id}:{selected}",
        hoverlabel={"namelength": -1},
        # A hover label only for what is under the pointer: a marker's own shape (plotly's
        # default looks 20 px around, where a marker hides the country beneath), a country.
        hoverdistance=1,
        paper_bgcolor="rgba(0,0,0,0)",
        font={"family": "sans-serif", "size": 13},
    )


def story_map(
    explainer: Explainer,
    table: pd.DataFrame,
    selected: str | None = None,
    data: MapData | None = None,
    layers: tuple[str, ...] = (),
    year: int | str | None = None,
) -> go.Figure:
    """World map of the countries a story names, coloured by group, other countries clickable.

    Parameters
    ----------
    explainer : the story; its ``groups`` give the legend and ``countries`` the colours.
    table : one row per ISO-3 code (index) with ``name``, ``lon``, ``lat``, ``lon_span``,
        ``lat_span``, as returned by :func:`explainers.data.shapes.country_table`.
    selected : ISO-3 code of the picked country, outlined and framed; ``None`` for the world.
    data, layers, year : the Belt and Road tables, the ids of the layers to draw (see
        :func:`explainers.map.layers.explainer_layers`) and the year they show (``None``: today).

    From the bottom up: the other countries and the uncoded land, the layers drawn under
    the countries, the story's groups, the layers drawn over them, the picked country's
    outline and the labels.
    """
    offered = explainer_layers(explainer)
    active = [layer for layer in offered if layer.id in layers] if data is not None else []
    named = {c.iso3 for c in explainer.countries}
    others = [code for code in table.index if code not in named]
    fig = go.Figure()
    for trace in _base_traces(table, others):
        fig.add_trace(trace)
    for layer in active:
        if layer.under:
            fig.add_traces(layer.traces(data, table, year))
    for trace in _group_traces(explainer, table):
        fig.add_trace(trace)
    for layer in active:
        if not layer.under:
            fig.add_traces(layer.traces(data, table, year))
    if selected and selected in table.index:
        fig.add_trace(outline_trace([selected]))
    fig.add_trace(_label_trace(explainer, table))
    _apply_layout(fig, explainer, table, selected)
    return fig


def figure_bytes(fig: go.Figure) -> int:
    """Size of the figure's JSON, which Streamlit sends to the browser on each rerun."""
    return len(fig.to_json().encode("utf-8"))


def describe_map(
    explainer: Explainer,
    table: pd.DataFrame,
    selected: str | None = None,
    layers: tuple[str, ...] = (),
    year: int | None = None,
) -> str:
    """The map in words, for screen readers and anyone who cannot see the colours.

    Example
    -------
    >>> from explainers.explainer import load_explainer
    >>> from explainers.data.shapes import country_table
    >>> describe_map(load_explainer("bri-forum-2017"), country_table())[:40]
    'World map. Host of the forum: China. Lea'
    """
    groups = []
    for group, label in explainer.groups.items():
        names = [table.loc[c.iso3, "name"] for c in explainer.countries if c.group == group]
        if names:
            groups.append(f"{label}: {', '.join(names)}.")
    where = (
        f"Map framed on {table.loc[selected, 'name']}." if selected in table.index else "World map."
    )
    shown = [layer.label.lower() for layer in explainer_layers(explainer) if layer.id in layers]
    extra = f" Also shown: {', '.join(shown)}, as of {year or 'today'}." if shown else ""
    return f"{where} {' '.join(groups)}{extra}"
