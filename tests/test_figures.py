"""Figures are pure functions of plain values and never embed geometry."""

from __future__ import annotations

import pytest

from explainers.data.shapes import TOPOJSON_FILE, UNCODED_UNITS, country_table
from explainers.explainer import load_explainer
from explainers.map.figures import MAP_CONFIG, figure_bytes, story_map


@pytest.fixture(scope="module")
def story():
    return load_explainer("bri-forum-2017")


def test_story_countries_are_coloured_by_group_with_a_legend(story):
    fig = story_map(story, country_table())
    legend = [t.name for t in fig.data if t.showlegend]
    assert legend == list(story.groups.values())
    groups = [t for t in fig.data if t.meta.get("group")]
    coloured = {code for t in groups for code in t.locations}
    assert coloured == {c.iso3 for c in story.countries}
    hover = {code: why for t in groups for code, why in zip(t.locations, t.customdata, strict=True)}
    assert "Nazarbayev" in hover["KAZ"]


def test_every_country_on_the_map_is_clickable_and_all_land_is_drawn(story):
    fig = story_map(story, country_table())
    countries = {code for t in fig.data if t.meta["role"] == "countries" for code in t.locations}
    assert countries == set(country_table().index)
    # Land with no country code is drawn too (the map has no separate land layer), unpickable.
    (land,) = [t for t in fig.data if t.meta["role"] == "land"]
    assert set(land.locations) == set(UNCODED_UNITS.values()) and land.hoverinfo == "skip"
    assert fig.layout.geo.showland is False


def test_every_area_the_map_draws_has_a_shape_in_the_topojson():
    import json

    topology = json.loads(TOPOJSON_FILE.read_text(encoding="utf-8"))
    ids = {g.get("id") for g in topology["objects"]["countries"]["geometries"]}
    assert set(country_table().index) | set(UNCODED_UNITS.values()) == ids
    assert all("ct" in g["properties"] for g in topology["objects"]["countries"]["geometries"])


def test_picking_a_country_outlines_and_frames_it(story):
    fig = story_map(story, country_table(), selected="KAZ")
    (outline,) = [t for t in fig.data if t.meta["role"] == "outline"]
    assert outline.locations == ("KAZ",)
    assert fig.layout.geo.center.lon == pytest.approx(country_table().loc["KAZ", "lon"])
    assert fig.layout.geo.projection.scale > 2


def test_the_map_needs_no_other_host(story):
    fig = story_map(story, country_table())
    assert fig.layout.geo.fitbounds is False
    assert MAP_CONFIG["topojsonURL"] == "app/static/"
    assert "geojson" not in fig.to_json()
    assert figure_bytes(fig) < 20_000


def test_figures_are_pure(story):
    first = story_map(story, country_table(), "IDN").to_json()
    assert story_map(story, country_table(), "IDN").to_json() == first
