"""The one payload the browser viewer draws: the figure, the linked text, the cards, the steps.

Python decides everything here; the viewer (``viewer.js``) only draws it and handles
the reader's picks in the browser. The payload does not depend on the view (the picked
country, the step, the layers, the year): the viewer reads the view from the URL and
applies it, so one payload per explainer serves every reader and every pick, and the
app sends it once.

Example
-------
>>> from explainers.explainer import load_explainer
>>> from explainers.data.datasets import load_map_data
>>> from explainers.data.shapes import country_table
>>> payload = viewer_payload(load_explainer("bri-forum-2017"), country_table(), load_map_data())
>>> payload["cards"]["KAZ"]["name"], payload["passages"][0]["id"]
('Kazakhstan', 'photo')
"""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go

from explainers.data.newsroom_layer import NewsroomLayer
from explainers.data.schemas import split_list
from explainers.explainer import DEFAULT_EXPLAINER, Event, Explainer, Passage
from explainers.map import figures
from explainers.map.country_card import CountryCard, card_lines, country_cards, layer_line
from explainers.map.layers import (
    ALL_YEARS,
    FIRST_YEAR,
    LAST_YEAR,
    LAYER_IDS,
    PARTNER_FILL,
    PROJECT_SYMBOLS,
    MapData,
    explainer_layers,
    opening_layers,
    project_facts,
)
from explainers.map.newsroom import INK, LAYER_ID, layer_traces
from explainers.markup import plain_traces
from explainers.text.linking import MAX_COUNTRIES_PER_NAME
from explainers.text.places import Mention

PLOTLY_BUNDLE = "vendor/plotly-geo-4.1.1.min.js"
"""plotly.js's geo-only bundle, relative to the folder that holds ``world_50m.json``."""
SHAPES = "world_50m"
"""The TopoJSON plotly.js reads (``geo.resolution=50``), by the name it looks it up by."""
PLACE_COLOUR = "#1A1A1A"
SCHEMA = 1


def _rounded(frame: dict) -> list[float]:
    return [round(frame["lon"], 3), round(frame["lat"], 3), round(frame["scale"], 2)]


def frame_of(table: pd.DataFrame, codes: list[str] | tuple[str, ...], points=()) -> list[float]:
    """``[lon, lat, scale]`` that frames all of ``codes`` and ``points`` (the world when
    there is nothing to frame).

    >>> from explainers.data.shapes import country_table
    >>> frame_of(country_table(), ["KAZ"])
    [66.323, 47.984, 4.42]
    """
    return _rounded(figures.frame(table, codes, points))


def mention_kind(mention: Mention) -> str:
    """What a mention names, for ``data-kind``: a name of many countries is a region."""
    return "region" if len(mention.iso3) > MAX_COUNTRIES_PER_NAME else mention.kind


def _mention(mention: Mention, table: pd.DataFrame, frames: dict) -> dict:
    point = None if mention.lat is None or mention.lon is None else [mention.lon, mention.lat]
    return {
        "start": mention.start,
        "end": mention.end,
        "kind": mention_kind(mention),
        "iso3": [code for code in mention.iso3 if code in table.index],
        "name": mention.name,
        "frame": _frame_once(table, mention.iso3, frames) if mention.iso3 else None,
        "point": point,
    }


def _frame_once(table: pd.DataFrame, codes: tuple[str, ...], frames: dict) -> list[float]:
    """``frame_of``, once per set of codes in one payload: a long article names the same
    countries thousands of times (a 1 MB article: 3,900 mentions, 10 s of framing)."""
    if codes not in frames:
        frames[codes] = frame_of(table, codes)
    return frames[codes]


def _passage(passage: Passage, table: pd.DataFrame, frames: dict) -> dict:
    mentions = sorted(passage.mentions, key=lambda m: m.start)
    return {
        "id": passage.id,
        "text": passage.text,
        "countries": list(passage.countries),
        "mentions": [_mention(m, table, frames) for m in mentions],
    }


def _card(card: CountryCard, event: Event | None) -> dict:
    return {
        "name": card.name,
        "lines": card_lines(card, event),
        "passages": [p.id for p in card.passages],
        "projects": [
            {
                "id": p.id,
                "name": p.name,
                "detail": f"{p.type.replace('_', ' ')}, {p.status.replace('_', ' ')}"
                + (f", since {p.start_year}" if p.start_year else ""),
            }
            for p in card.projects
        ],
    }


def _is_blank(card: CountryCard) -> bool:
    """Nothing in any table about this country: it gets the shared card."""
    facts = (card.why, card.passages, card.projects, card.partner_status, card.forum_leader)
    return card.iso3 != "CHN" and not any(facts)


def viewer_cards(explainer: Explainer, table: pd.DataFrame, data: MapData) -> dict:
    """Cards for every country on the map; countries with nothing to say share one card.

    The shared card's lines hold ``{name}``, which the viewer fills with the country's
    name; every other line is the country's own.
    """
    cards = country_cards(tuple(table.index), explainer, data)
    own = {
        code: _card(card, explainer.event) for code, card in cards.items() if not _is_blank(card)
    }
    blank = CountryCard("", "{name}", None, (), (), None, None, None)
    return {"cards": own, "blankCard": _card(blank, explainer.event)}


def viewer_figure(explainer: Explainer, table: pd.DataFrame, data: MapData) -> go.Figure:
    """The map with every layer and every year's rows; the viewer shows what the view asks.

    Two empty traces close it: the outline of the picked countries and the marked places
    (a city, a port, a step's projects), which the viewer fills in on each pick.
    """
    fig = figures.story_map(explainer, table, None, data, LAYER_IDS, ALL_YEARS)
    fig.add_trace(figures.outline_trace([]))
    fig.add_trace(
        go.Scattergeo(
            lon=[],
            lat=[],
            text=[],
            mode="markers+text",
            textposition="top center",
            textfont={"size": 12, "color": PLACE_COLOUR, "shadow": figures.LABEL_HALO},
            marker={
                "size": 11,
                "color": "white",
                "line": {"color": PLACE_COLOUR, "width": 2.5},
                "symbol": "circle",
            },
            hovertemplate="%{text}<extra></extra>",
            name="Marked place",
            showlegend=False,
            meta={"role": "place"},
        )
    )
    fig.update_layout(clickmode="event", uirevision=explainer.id)
    return fig


def _step(step, table: pd.DataFrame, projects: dict) -> dict:
    """A step for the viewer. Framed on a country, the frame also takes in the step's own
    projects; a frame written as numbers is the author's, as written."""
    frame = getattr(step, "frame", "world")
    if frame == "world":
        box = frame_of(table, [])
    elif isinstance(frame, str):
        own = [projects[i]["point"] for i in getattr(step, "projects", ()) or () if i in projects]
        box = frame_of(table, [frame], [point for point in own if point])
    else:
        box = [frame.lon, frame.lat, frame.scale]
    return {
        "id": step.id,
        "title": step.title,
        "caption": step.caption,
        "passages": list(step.passages),
        "countries": list(step.countries),
        "layers": None if step.layers is None else list(step.layers),
        "projects": list(getattr(step, "projects", ()) or ()),
        "frame": box,
    }


def legend(explainer: Explainer) -> list[dict]:
    """The map's key as sections of page text, each tied to the layer that draws it.

    The viewer shows a section while its layer is on (``layer`` None: always). Colour is
    a country's role; a project's type is its marker's shape.
    """
    roles = [
        {"label": label, "fill": figures.GROUP_COLOURS[i % len(figures.GROUP_COLOURS)]}
        for i, label in enumerate(explainer.groups.values())
    ]
    return [
        {"title": "Countries in the story", "layer": None, "items": roles},
        {
            "title": "Belt and Road projects, by type",
            "layer": "projects",
            "items": [
                {"label": kind.replace("_", " ").capitalize(), "symbol": symbol}
                for kind, symbol in PROJECT_SYMBOLS.items()
            ],
            "note": "A bigger marker means a bigger reported cost; the smallest have none.",
        },
        {
            "title": "Lines",
            "layer": "corridors",
            "items": [{"label": "Economic corridor or sea route (schematic)", "line": True}],
        },
        {
            "title": "Partners",
            "layer": "partners",
            "items": [
                {"label": "Signed a Belt and Road cooperation document", "fill": PARTNER_FILL}
            ],
        },
    ] + (
        [
            {
                "title": f"The {explainer.event.name}",
                "layer": "forum",
                "items": [{"label": explainer.event.marker, "symbol": "star"}],
            }
        ]
        if explainer.event
        else []
    )


def layers_with_data(figure: dict) -> set[str]:
    """The ids of the layers that draw something in ``figure`` (plain JSON).

    A layer whose data file is broken or empty draws nothing: the viewer offers no
    switch for it and its key says nothing of it (the page says which file is broken).

    >>> layers_with_data({"data": [{"meta": {"layer": "corridors"}, "lon": []},
    ...                            {"meta": {"layer": "partners"}, "locations": ["KAZ"]}]})
    {'partners'}
    """
    return {
        trace["meta"]["layer"]
        for trace in figure["data"]
        if (trace.get("meta") or {}).get("layer")
        and any(value is not None for value in trace.get("lon") or trace.get("locations") or ())
    }


def viewer_payload(
    explainer: Explainer,
    table: pd.DataFrame,
    data: MapData,
    key: str | None = None,
    layer: NewsroomLayer | None = None,
) -> dict:
    """Everything the viewer draws for ``explainer``, as plain JSON-ready values.

    ``key`` names this payload (the explainer id by default; a digest for a reader's
    article); the viewer redraws only when it changes. ``layer`` adds a newsroom's own
    projects as one more switchable layer (see :func:`with_layer`).
    """
    fig = viewer_figure(explainer, table, data)
    groups = [
        {
            "id": group,
            "label": label,
            "countries": [c.iso3 for c in explainer.countries if c.group == group],
        }
        for group, label in explainer.groups.items()
    ]
    projects = {
        row.id: {
            "name": row.name,
            "countries": split_list(row.countries),
            "point": None if pd.isna(row.lat) else [float(row.lon), float(row.lat)],
            "since": None if pd.isna(row.start_year) else int(row.start_year),
            **project_facts(row),
        }
        for row in data.projects.itertuples(index=False)
    }
    names = table["name"].to_dict()
    frames: dict = {}
    figure = json.loads(fig.to_json())
    figure["data"] = plain_traces(figure["data"])  # text from folders and files, as text
    drawn = layers_with_data(figure)
    payload = {
        "schema": SCHEMA,
        "key": key or explainer.id,
        "explainer": None if explainer.id == DEFAULT_EXPLAINER else explainer.id,
        "title": explainer.title,
        # The embed's credit line names the original's publisher.
        "publisher": explainer.original.publisher if explainer.original else None,
        "figure": figure,
        "config": {k: v for k, v in figures.MAP_CONFIG.items() if k != "topojsonURL"},
        "plotly": PLOTLY_BUNDLE,
        "layers": [
            {"id": layer.id, "label": layer.label, "help": layer.help}
            for layer in explainer_layers(explainer)
            if layer.id in drawn
        ],
        "defaultLayers": [layer for layer in opening_layers(explainer) if layer in drawn],
        "years": [FIRST_YEAR, LAST_YEAR],
        "names": names,
        "storyCountries": [c.iso3 for c in explainer.countries],
        "frames": {code: frame_of(table, [code]) for code in table.index},
        "world": frame_of(table, []),
        "groups": groups,
        "legend": [part for part in legend(explainer) if part["layer"] in (None, *drawn)],
        "describe": figures.describe_map(explainer, table).removeprefix("World map. "),
        "passages": [_passage(p, table, frames) for p in explainer.passages],
        **viewer_cards(explainer, table, data),
        "projects": projects,
        "steps": [_step(s, table, projects) for s in getattr(explainer, "steps", ())],
    }
    return payload if layer is None else with_layer(payload, layer, explainer, table, data)


def with_layer(
    payload: dict, layer: NewsroomLayer, explainer: Explainer, table: pd.DataFrame, data: MapData
) -> dict:
    """``payload`` with a newsroom's layer added, leaving ``payload`` itself unchanged.

    The layer's traces (its points, and the groups the viewer draws at the world view)
    go over the built-in layers (under the outline and the marked places), with a switch
    (on by default) and a section of the key with its credit; each country with its
    projects gets a card line counting them beside our flagship ones. ``payload`` may be
    the built-in explainer's, shared by every reader: only the layer's parts are built
    here. A layer with no row drawn adds no switch and no key.
    """
    count = len(layer.drawn)
    newsroom = {"credit": layer.credit, "count": count, "filename": layer.filename}
    if not count:
        return {**payload, "newsroom": newsroom}
    data_traces = payload["figure"]["data"]
    at = next(
        i for i, t in enumerate(data_traces) if (t.get("meta") or {}).get("role") == "outline"
    )
    traces = plain_traces(layer_traces(layer, table["name"].to_dict()))
    figure = {**payload["figure"], "data": [*data_traces[:at], *traces, *data_traces[at:]]}
    counts = {c: n for c, n in layer.counts_by_country().items() if c in table.index}
    cards = dict(payload["cards"])
    missing = tuple(code for code in counts if code not in cards)
    for code, card in country_cards(missing, explainer, data).items():
        cards[code] = _card(card, explainer.event)
    for code, there in counts.items():
        card = cards[code]
        line = layer_line(table.at[code, "name"], len(card["projects"]), there)
        cards[code] = {**card, "lines": [*card["lines"], line]}
    return {
        **payload,
        "figure": figure,
        "cards": cards,
        "layers": [
            *payload["layers"],
            {
                "id": LAYER_ID,
                "label": "Your projects",
                "help": f"{count:,} rows of {layer.filename}",
            },
        ],
        "defaultLayers": [*payload["defaultLayers"], LAYER_ID],
        "legend": [
            *payload["legend"],
            {
                "title": f"Your projects ({count:,})",
                "layer": LAYER_ID,
                "items": [
                    {"label": f"A project in {layer.filename}", "symbol": "dot", "ink": INK},
                    {
                        "label": "Projects near each other, counted (click to see each)",
                        "symbol": "disc",
                        "ink": INK,
                    },
                ],
                "note": layer.credit,
            },
        ],
        "newsroom": newsroom,
    }


def payload_bytes(payload: dict) -> int:
    """Size of the payload as JSON: what a new reader's browser receives once."""
    return len(json.dumps(payload, separators=(",", ":")).encode("utf-8"))
