"""Figures are pure functions of plain values and never embed geometry."""

from __future__ import annotations

import pytest

from explainers.explainer import load_explainer
from explainers.figures import MAP_CONFIG, figure_bytes, story_map
from explainers.geometry import country_table


@pytest.fixture(scope="module")
def story():
    return load_explainer("bri-forum-2017")


def test_story_countries_are_coloured_by_group_with_a_legend(story):
    fig = story_map(story, country_table())
    legend = [t.name for t in fig.data if t.showlegend]
    assert legend == list(story.groups.values())
    coloured = {code for t in fig.data[1:] for code in t.locations}
    assert coloured == {c.iso3 for c in story.countries}
    hover = {
        code: why for t in fig.data[1:] for code, why in zip(t.locations, t.customdata, strict=True)
    }
    assert "Nazarbayev" in hover["KAZ"]


def test_every_country_on_the_map_is_clickable(story):
    fig = story_map(story, country_table())
    drawn = {code for t in fig.data for code in t.locations}
    assert drawn == set(country_table().index)


def test_picking_a_country_outlines_and_frames_it(story):
    fig = story_map(story, country_table(), selected="KAZ")
    assert fig.data[-1].locations == ("KAZ",)
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
