"""The country shapes the map draws: every country keyed by ISO-3, small states included."""

from __future__ import annotations

import json

import pytest

from explainers.countries import is_iso3
from explainers.data.shapes import TOPOJSON_FILE, UNCODED_UNITS, country_shapes, country_table


@pytest.fixture(scope="module")
def topology():
    return json.loads(TOPOJSON_FILE.read_text(encoding="utf-8"))


def test_topojson_has_the_objects_plotly_reads(topology):
    assert {"countries", "land", "coastlines"} <= set(topology["objects"])
    assert "transform" in topology


def test_every_coded_shape_has_a_real_iso3_id(topology):
    ids = [g.get("id") for g in topology["objects"]["countries"]["geometries"]]
    coded = [i for i in ids if i is not None and i not in UNCODED_UNITS.values()]
    assert len(coded) == len(set(coded)) >= 230
    assert all(is_iso3(code) for code in coded)
    # the units with no ISO code carry ids no one can take for one
    assert not any(is_iso3(code) for code in UNCODED_UNITS.values())


@pytest.mark.parametrize(
    "code",
    # -99 in Natural Earth's ISO field (France, Norway, Kosovo); small states used later.
    [
        "FRA",
        "NOR",
        "XKX",
        "SGP",
        "MDV",
        "BHR",
        "CHN",
        "RUS",
        "KAZ",
        "IDN",
        "TUR",
        "SYR",
        "IRQ",
        "USA",
    ],
)
def test_countries_the_app_needs_are_drawn(code):
    table = country_table()
    assert code in table.index
    assert code in set(country_shapes()["iso3"])


def test_centres_fall_inside_their_country():
    shapes = country_shapes().set_index("iso3")
    table = country_table()
    for code in ["NOR", "FRA", "RUS", "USA", "FJI", "KAZ"]:
        from shapely.geometry import Point

        point = Point(table.loc[code, "lon"], table.loc[code, "lat"])
        assert shapes.loc[code, "geometry"].buffer(0.01).contains(point), code


def test_topojson_is_small_enough_to_cache_and_send():
    assert TOPOJSON_FILE.stat().st_size < 600_000
