"""The viewer's payload: what Python decides for the browser, checked without a browser."""

from __future__ import annotations

import re

import pytest
from plotly.offline import get_plotlyjs_version

from explainers.data.datasets import load_map_data
from explainers.data.shapes import country_table
from explainers.explainer import load_explainer
from explainers.map.country_card import card_lines, country_cards
from explainers.paths import STATIC_DIR
from explainers.viewer import viewer_css, viewer_js
from explainers.viewer.payload import PLOTLY_BUNDLE, viewer_payload


@pytest.fixture(scope="module")
def payload():
    return viewer_payload(load_explainer("bri-forum-2017"), country_table(), load_map_data())


def test_the_vendored_plotly_is_the_version_plotly_py_builds_figures_for():
    bundle = STATIC_DIR / PLOTLY_BUNDLE
    head = bundle.read_text(encoding="utf-8")[:200]
    assert f"v{get_plotlyjs_version()}" in head
    assert (STATIC_DIR / "vendor" / "plotly.js-LICENSE.txt").exists()


def test_every_country_on_the_map_gets_the_card_its_rows_say(payload):
    """Each card's sentences, for every country, are the ones its data rows give."""
    explainer, data, table = load_explainer("bri-forum-2017"), load_map_data(), country_table()
    cards = country_cards(tuple(table.index), explainer, data)
    for code, card in cards.items():
        sent = payload["cards"].get(code)
        if sent is None:  # nothing in any table: the shared card, with the name filled in
            lines = [line.replace("{name}", card.name) for line in payload["blankCard"]["lines"]]
            assert lines == card_lines(card, explainer.event), code
            assert not (card.why or card.projects or card.partner_status or card.forum_leader)
        else:
            assert sent["lines"] == card_lines(card, explainer.event), code
            assert [p["id"] for p in sent["projects"]] == [p.id for p in card.projects]
            assert sent["passages"] == [p.id for p in card.passages]


def test_every_mention_span_is_its_text(payload):
    explainer = load_explainer("bri-forum-2017")
    for sent, passage in zip(payload["passages"], explainer.passages, strict=True):
        assert sent["text"] == passage.text
        for mention in sent["mentions"]:
            assert mention["kind"] in {"country", "place", "person", "organisation", "region"}
            assert all(code in payload["names"] for code in mention["iso3"])
            if mention["iso3"]:
                assert mention["frame"] is not None


def test_every_trace_says_what_it_is(payload):
    """The viewer tells a country from a layer from a decoration by each trace's meta."""
    roles = [trace.get("meta", {}) for trace in payload["figure"]["data"]]
    assert all(meta.get("role") or meta.get("layer") for meta in roles)
    assert [m["role"] for m in roles if m.get("role") in ("outline", "place")] == [
        "outline",
        "place",
    ]
    assert payload["figure"]["layout"]["clickmode"] == "event"  # a click never fades the map


def test_the_viewer_puts_text_into_the_page_as_text_only():
    script = viewer_js()
    assert "innerHTML" not in script.replace("never innerHTML", "")
    assert "insertAdjacentHTML" not in script and "eval(" not in script
    # every rule is scoped, so the host page's styles and ours stay apart
    css = re.sub(r"/\*.*?\*/", "", viewer_css(), flags=re.S)
    selectors = [s.strip() for s in re.findall(r"([^{};]+)\{", css) if "@" not in s]
    parts = [part.strip() for s in selectors for part in s.split(",")]
    assert parts and all(part.startswith(".bri-viewer") for part in parts), parts


@pytest.mark.parametrize(
    ("table", "layer"),
    [("projects", "projects"), ("corridors", "corridors"), ("partners", "partners"),
     ("forum", "forum")],
)  # fmt: skip
def test_a_layer_whose_file_is_broken_has_no_switch_and_no_key(table, layer):
    """A broken file is loaded as an empty table (load_map_data_or_less): the viewer
    offers no switch for what it cannot draw, and its key says nothing of it."""
    from dataclasses import replace

    data = load_map_data()
    broken = replace(data, **{table: getattr(data, table).iloc[0:0]})
    payload = viewer_payload(load_explainer("bri-forum-2017"), country_table(), broken)
    assert layer not in [switch["id"] for switch in payload["layers"]]
    assert layer not in payload["defaultLayers"]
    assert layer not in [part["layer"] for part in payload["legend"]]
    whole = viewer_payload(load_explainer("bri-forum-2017"), country_table(), data)
    assert layer in [part["layer"] for part in whole["legend"]]
    assert len(payload["layers"]) == len(whole["layers"]) - 1
