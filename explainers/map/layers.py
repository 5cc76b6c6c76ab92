"""Map layers the reader can switch on and off: one record per layer, one function per trace set.

A new layer is one ``Layer`` record in ``LAYERS`` plus the function that draws it; the
view, the URL, the layer switches and the README's table all read the same records (a
test checks that each is documented). Every function is pure: plain data frames in,
plotly traces out, filtered to what existed in ``year`` (``None`` means today).

Example
-------
>>> [layer.id for layer in LAYERS]
['projects', 'corridors', 'partners', 'forum']
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from urllib.parse import urlsplit

import pandas as pd
import plotly.graph_objects as go

from explainers.data.map_data import MapData
from explainers.data.schemas import CORRIDORS, SOURCE_SEP, split_list


@dataclass(frozen=True)
class Layer:
    """One switchable layer: its URL id, its label, what it shows, and how it is drawn.

    ``under`` layers are drawn beneath the story's own colours (country fills); the
    others on top (lines and markers).
    """

    id: str
    label: str
    help: str
    default: bool
    under: bool
    traces: Callable[[MapData, pd.DataFrame, int | str | None], list]


# Colour on this map means a country's role in the story (Okabe-Ito, in figures.py);
# a project's type is its marker's shape, all in one dark ink with a white rim, so no
# project can be taken for a role and the markers read on every fill.
PROJECT_SYMBOLS = {
    "rail": "circle",
    "port": "square",
    "pipeline": "diamond",
    "power": "triangle-up",
    "road": "triangle-down",
    "industrial_park": "hexagon",
    "dry_port": "pentagon",
    "bridge": "hourglass",
    "other": "cross",
}
PROJECT_INK = "#2B2B2B"
PARTNER_FILL = "#4F9463"
"""3.1:1 against plain land (figures.OTHER_COUNTRY), WCAG's 3:1 for shapes that carry
meaning; the light green before it was 1.03:1, nearly invisible."""
ALL_YEARS = "all"
"""Pass as ``year`` to draw every row that shows in some year, each carrying its years."""
CORRIDOR_COLOUR = "#333333"
"""3.5:1 over a partner's green, 10.8:1 over plain land (tests/test_layers.py)."""
FORUM_COLOUR = "#FFFFFF"  # a white star with a dark rim: not one of the project shapes


def project_facts(row) -> dict[str, str]:
    """A project as a table row reads it: type, status, start year, cost and source."""
    return {
        "type": _label(row.type),
        "status": _label(row.status),
        "year": "" if pd.isna(row.start_year) else str(int(row.start_year)),
        "cost": _cost(row),
        "source": _source_host(row.sources),
    }


def _label(value: str) -> str:
    return value.replace("_", " ")


def _cost(row) -> str:
    if pd.isna(row.cost_usd_bn) or row.cost_usd_bn == "":
        return "cost not reported"
    kind = f" ({row.cost_kind})" if isinstance(row.cost_kind, str) and row.cost_kind else ""
    return f"US${float(row.cost_usd_bn):g}bn{kind}"


def _source_host(sources: str) -> str:
    first = split_list(sources, SOURCE_SEP)[0] if isinstance(sources, str) and sources else ""
    return urlsplit(first).netloc.removeprefix("www.") or first[:40]


def _marker_size(cost) -> float:
    """Area grows with cost, capped small enough that no marker hides a country's fill;
    projects with no reported cost get the smallest marker."""
    try:
        value = float(cost)
    except (TypeError, ValueError):
        return 6.0
    if math.isnan(value):
        return 6.0
    return min(7.0 + 1.8 * math.sqrt(value), 18.0)


def projects_as_of(projects: pd.DataFrame, year: int | str | None) -> pd.DataFrame:
    """Projects with a point that had started by ``year`` (all of them when year is None).

    ``year=ALL_YEARS`` keeps every row that could show in some year, for a viewer that
    filters by year itself (see :func:`year_filter`).
    """
    located = projects.dropna(subset=["lat", "lon"])
    if year is None or year == ALL_YEARS:
        return located
    started = pd.to_numeric(located["start_year"], errors="coerce")
    return located[started.notna() & (started <= year)]


def partners_as_of(partners: pd.DataFrame, year: int | str | None) -> pd.DataFrame:
    """Countries that had joined by ``year`` and not yet left (today's list when None)."""
    joined = pd.to_numeric(partners["joined_year"], errors="coerce")
    left = pd.to_numeric(partners["left_year"], errors="coerce")
    if year == ALL_YEARS:
        return partners[joined.notna()]
    if year is None:
        return partners[left.isna() & joined.notna()]
    return partners[(joined <= year) & (left.isna() | (left > year))]


def _years(values) -> list[int | None]:
    numbers = pd.to_numeric(pd.Series(list(values), dtype="object"), errors="coerce")
    return [None if pd.isna(n) else int(n) for n in numbers]


def year_filter(since, until, arrays: tuple[str, ...]) -> dict:
    """What a browser needs to show a trace as of any year: each point's years, and which
    of the trace's arrays to cut. A point shows in year Y if ``since <= Y`` and ``until``
    is empty or later; today, if ``until`` is empty (a project with no start year
    included). The same rule as :func:`projects_as_of` and :func:`partners_as_of`.

    >>> year_filter([2013, None], [None, 2023], ("lon",))
    {'since': [2013, None], 'until': [None, 2023], 'arrays': ['lon']}
    """
    return {"since": _years(since), "until": _years(until), "arrays": list(arrays)}


def project_traces(data: MapData, table: pd.DataFrame, year: int | str | None) -> list:
    """One marker trace per project type: shape by type, size by reported cost."""
    shown = projects_as_of(data.projects, year)
    traces = []
    for kind, symbol in PROJECT_SYMBOLS.items():
        rows = shown[shown["type"] == kind]
        if rows.empty:
            continue
        traces.append(
            go.Scattergeo(
                lon=rows["lon"].tolist(),
                lat=rows["lat"].tolist(),
                mode="markers",
                marker={
                    "size": [_marker_size(c) for c in rows["cost_usd_bn"]],
                    "symbol": symbol,
                    "color": PROJECT_INK,
                    "opacity": 0.9,
                    "line": {"color": "white", "width": 1},
                },
                customdata=[
                    [
                        row.name,
                        f"{_label(row.type)} · {_label(row.status)}",
                        "" if pd.isna(row.start_year) else f"since {int(row.start_year)}",
                        _cost(row),
                        _source_host(row.sources),
                        row.id,
                    ]
                    for row in rows.itertuples(index=False)
                ],
                hovertemplate=(
                    "<b>%{customdata[0]}</b><br>%{customdata[1]} %{customdata[2]}"
                    "<br>%{customdata[3]}<br>Source: %{customdata[4]}<extra></extra>"
                ),
                name=_label(kind).capitalize(),
                meta={
                    "layer": "projects",
                    "years": year_filter(
                        rows["start_year"],
                        [None] * len(rows),
                        ("lon", "lat", "customdata", "marker.size"),
                    ),
                },
            )
        )
    return traces


def corridor_traces(data: MapData, table: pd.DataFrame, year: int | str | None) -> list:
    """All corridor lines in one dashed trace (lines split by gaps), named in the hover."""
    lons: list = []
    lats: list = []
    names: list = []
    for line, group in data.corridors.sort_values(["line", "seq"]).groupby("line", sort=True):
        line_lons, line_lats = corridor_line_points(data, line, group)
        lons += [*line_lons, None]
        lats += [*line_lats, None]
        name = CORRIDORS.get(group["corridor"].iloc[0], group["corridor_name"].iloc[0])
        names += [name] * len(line_lons) + [None]
    return [
        go.Scattergeo(
            lon=lons,
            lat=lats,
            mode="lines",
            line={"color": CORRIDOR_COLOUR, "width": 1.6, "dash": "dot"},
            text=names,
            # A decoration: hover and clicks go through to the country beneath (plotly
            # reads hoverinfo only when a trace has no hovertemplate).
            hoverinfo="skip",
            name="Corridor (schematic)",
            meta={"layer": "corridors"},
        )
    ]


def corridor_line_points(data: MapData, line: str, waypoints: pd.DataFrame) -> tuple[list, list]:
    """The longitudes and latitudes a corridor line is drawn through.

    The built path (``data.corridor_paths``, from ``corridors.geojson``) where there is
    one: the maritime route at sea through its ports, computed at build time. Otherwise
    the line's waypoints, joined in order.

    >>> waypoints = pd.DataFrame({"lon": [0.0, 2.0], "lat": [0.0, 0.0]})
    >>> paths = pd.DataFrame({"line": ["sea"] * 3, "lon": [0.0, 1.0, 2.0], "lat": [0.0, -1.0, 0.0]})
    >>> data = MapData(*[pd.DataFrame()] * 4, corridor_paths=paths)
    >>> corridor_line_points(data, "sea", waypoints), corridor_line_points(data, "land", waypoints)
    (([0.0, 1.0, 2.0], [0.0, -1.0, 0.0]), ([0.0, 2.0], [0.0, 0.0]))
    """
    paths = data.corridor_paths
    drawn = paths[paths["line"] == line] if paths is not None and len(paths) else ()
    if len(drawn):
        return drawn["lon"].tolist(), drawn["lat"].tolist()
    return waypoints["lon"].tolist(), waypoints["lat"].tolist()


def partner_traces(data: MapData, table: pd.DataFrame, year: int | str | None) -> list:
    """Partner countries in a light fill, with the year they joined in the hover."""
    shown = partners_as_of(data.partners, year)
    shown = shown[shown["iso3"].isin(table.index)]
    as_of = "" if year == ALL_YEARS else f" by {year}" if year else " today"
    return [
        go.Choropleth(
            locations=shown["iso3"].tolist(),
            z=[1] * len(shown),
            text=table.loc[shown["iso3"], "name"].tolist(),
            customdata=[int(y) for y in shown["joined_year"]],
            colorscale=[[0, PARTNER_FILL], [1, PARTNER_FILL]],
            showscale=False,
            marker={"line": {"color": "white", "width": 0.4}},
            hovertemplate="%{text}<br>Belt and Road partner since %{customdata}<extra></extra>",
            name=f"Belt and Road partner{as_of}",
            meta={
                "layer": "partners",
                "years": year_filter(
                    shown["joined_year"],
                    shown["left_year"],
                    ("locations", "z", "text", "customdata"),
                ),
            },
        )
    ]


def forum_traces(
    data: MapData,
    table: pd.DataFrame,
    year: int | str | None,
    *,
    hover: str = "{leader} came to the event",
    name: str = "Leader at the event",
    attendance: str | None = None,
) -> list:
    """A star on each country whose leader came to the event (its ``attendance`` table,
    else ``data.forum``).

    ``hover``, ``name`` and ``attendance`` are the explainer's (its ``event`` block), so
    no explainer speaks of another's event; see :func:`explainer_layers`.
    """
    attended = data.attendance_of(attendance)
    forum = attended[attended["country_iso3"].isin(table.index)]
    codes = forum["country_iso3"].tolist()
    leaders = [f"{row.title} {row.leader}" for row in forum.itertuples(index=False)]
    return [
        go.Scattergeo(
            lon=table.loc[codes, "lon"].tolist(),
            lat=table.loc[codes, "lat"].tolist(),
            mode="markers",
            marker={
                "symbol": "star",
                "size": 12,
                "color": FORUM_COLOUR,
                "line": {"color": PROJECT_INK, "width": 1.2},
            },
            text=[hover.replace("{leader}", leader) for leader in leaders],
            customdata=table.loc[codes, "name"].tolist(),
            hovertemplate="%{customdata}: %{text}<extra></extra>",
            name=name,
            meta={"layer": "forum"},
        )
    ]


LAYERS = (
    Layer(
        "projects",
        "Projects",
        "Flagship Belt and Road projects: shape by type, size by reported cost.",
        default=True,
        under=False,
        traces=project_traces,
    ),
    Layer(
        "corridors",
        "Corridors",
        "The six land economic corridors and the maritime route, drawn schematically.",
        default=True,
        under=False,
        traces=corridor_traces,
    ),
    Layer(
        "partners",
        "Partners",
        "Countries that signed a Belt and Road cooperation document, as of the year.",
        default=False,
        under=True,
        traces=partner_traces,
    ),
    Layer(
        "forum",
        "The event",  # each explainer names it: see explainer_layers
        "Countries whose head of state or government came to the event.",
        default=False,
        under=False,
        traces=forum_traces,
    ),
)
LAYER_IDS = tuple(layer.id for layer in LAYERS)
DEFAULT_LAYERS = tuple(layer.id for layer in LAYERS if layer.default)
FIRST_YEAR, LAST_YEAR = 2013, 2026


def explainer_layers(explainer) -> tuple[Layer, ...]:
    """The layers ``explainer`` offers, in its own words, and the ids it opens with.

    The event layer ("forum") is named, explained and hovered in the words of the
    explainer's ``event`` block, and left out when it has none; the layers it opens with
    are its ``layers`` field, else the app's defaults (without the event layer if absent).

    >>> from explainers.explainer import load_explainer
    >>> layers = explainer_layers(load_explainer("bri-forum-2017"))
    >>> [layer.label for layer in layers][-1]
    '2017 forum'
    """
    event = explainer.event
    offered = []
    for layer in LAYERS:
        if layer.id == "forum":
            if event is None:
                continue
            layer = replace(
                layer,
                label=event.name,
                help=event.layer_help,
                traces=partial(
                    forum_traces,
                    hover=event.hover,
                    name=event.marker,
                    attendance=event.attendance,
                ),
            )
        offered.append(layer)
    return tuple(offered)


def opening_layers(explainer) -> tuple[str, ...]:
    """The layer ids ``explainer`` opens with: its ``layers``, else the app's defaults."""
    offered = {layer.id for layer in explainer_layers(explainer)}
    chosen = explainer.layers if explainer.layers is not None else DEFAULT_LAYERS
    return tuple(layer for layer in chosen if layer in offered)
