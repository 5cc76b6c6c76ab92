"""The corridors: the sea route at sea through its ports; each named country on its corridor."""

from __future__ import annotations

import itertools
import re

import pandas as pd
import pytest

from explainers import paths
from explainers.data import checks, corridor_checks, datasets
from explainers.data.corridor_checks import Leg
from explainers.data.schemas import CORRIDORS
from explainers.map.layers import corridor_traces
from tests.support import load_script


@pytest.fixture(scope="module")
def land():
    return corridor_checks.land_shapes()


@pytest.fixture(scope="module")
def waypoints():
    return datasets.load_corridor_waypoints()


def msr_path() -> list[tuple[float, float]]:
    drawn = datasets.load_corridor_paths()
    drawn = drawn[drawn["line"] == "msr"]
    return list(zip(drawn["lon"], drawn["lat"], strict=True))


def msr_ports(waypoints) -> list[tuple[float, float]]:
    ports = waypoints[waypoints["line"] == "msr"].sort_values("seq")
    return list(zip(ports["lon"], ports["lat"], strict=True))


def test_the_built_sea_route_crosses_no_land_but_its_ports_and_suez(land, waypoints):
    path, ports = msr_path(), msr_ports(waypoints)
    assert corridor_checks.km_over_land(path, land, corridor_checks.allowed_land(ports)) == 0
    # What the ports' coastal ends and the canal add up to: small beside the route.
    assert corridor_checks.km_over_land(path, land) < 250


def test_the_sea_route_calls_at_every_port_in_order_and_stays_light(waypoints):
    path, ports = msr_path(), msr_ports(waypoints)
    calls = [path.index(port) for port in ports]
    assert calls == sorted(calls) and calls[0] == 0 and calls[-1] == len(path) - 1
    assert 100 < len(path) < 400
    longest = max(corridor_checks.geodesic_km(a, b) for a, b in itertools.pairwise(path))
    assert longest < 300, "a long segment would be bent by the renderer's interpolation"
    assert all(-180 <= lon <= 180 for lon, _ in path)


def test_the_map_draws_the_built_sea_route(land, waypoints):
    data = datasets.load_map_data()
    (trace,) = corridor_traces(data, pd.DataFrame(), None)
    points = list(zip(trace.lon, trace.lat, trace.text, strict=True))
    sea = [(lon, lat) for lon, lat, name in points if name == "21st Century Maritime Silk Road"]
    assert sea == msr_path()
    allowed = corridor_checks.allowed_land(msr_ports(waypoints))
    assert corridor_checks.km_over_land(sea, land, allowed) == 0


@pytest.mark.parametrize(
    ("start", "end", "coords"),
    [
        # Straight across Kenya, Ethiopia, Sudan and Egypt.
        ("Mombasa", "Piraeus", ((39.66359, -4.05466), (23.64619, 37.94203))),
        # Across Albania into the Adriatic.
        ("Piraeus", "Venice", ((23.64619, 37.94203), (19.5, 41.0), (12.33265, 45.43713))),
    ],
)
def test_an_overland_sea_leg_fails_the_build_check(land, start, end, coords):
    leg = Leg("msr", start, end, 95, coords)
    problems = corridor_checks.leg_problems(leg, land)
    assert problems, "an overland leg passed"
    text = str(problems[0])
    assert text.startswith("data/sources/corridors.csv row 95 (line=msr) column place:")
    assert f"from {start} to {end} crosses" in text and "km of land" in text


def test_a_leg_through_the_suez_canal_passes(land):
    port_said, suez = (32.3019, 31.26531), (32.52627, 29.97371)
    leg = Leg("msr", "Port Said", "Suez", 2, (port_said, (32.3, 30.6), suez))
    assert corridor_checks.km_over_land(leg.coords, land) > 50, "the map draws the canal as land"
    assert corridor_checks.leg_problems(leg, land) == []


def test_an_inland_city_on_the_sea_route_is_refused(land, waypoints):
    frame = waypoints[waypoints["line"] == "msr"].copy()
    nairobi = frame["place"].str.startswith("Mombasa")
    frame.loc[nairobi, ["place", "lat", "lon"]] = ["Nairobi", -1.28333, 36.81667]
    problems = corridor_checks.port_problems(frame, land)
    assert len(problems) == 1
    assert re.search(r"Nairobi is \d{3} km from the sea \(allowed 8 km\)", str(problems[0]))
    assert "'Mombasa (port for Nairobi)'" in str(problems[0])


def test_the_land_measure_wraps_at_the_antimeridian(land):
    """A leg across 180 degrees is drawn the short way, not round the globe."""
    pacific = [(170.0, 0.0), (-170.0, 0.0)]
    assert corridor_checks.km_over_land(pacific, land) == 0
    assert len(corridor_checks.drawn_path(pacific)) < 1200  # ~2,200 km at 2 km steps
    fiji = [(177.0, -17.8), (-179.0, -17.8)]  # over Viti Levu and Vanua Levu's islands
    assert corridor_checks.km_over_land(fiji, land) > 0


def members_without(drop: str) -> list[str]:
    source = checks.read_source("corridors.csv")
    kept = source[source["place"] != drop]
    return [str(p) for p in corridor_checks.source_problems(kept)]


@pytest.mark.parametrize(
    ("place", "country"),
    [
        ("Dushanbe", "Tajikistan (TJK)"),
        ("Riyadh", "Saudi Arabia (SAU)"),
        ("Yangon", "Myanmar (MMR)"),
        ("Antwerp", "Belgium (BEL)"),
        ("Mombasa (port for Nairobi)", "Kenya (KEN)"),
    ],
)
def test_a_corridor_without_a_country_its_source_names_fails(place, country):
    problems = members_without(place)
    assert len(problems) == 1
    assert problems[0].startswith("data/sources/corridor_countries.csv row ")
    assert f"{country} is named by the corridor's source" in problems[0]


def test_the_real_corridors_cover_every_country_their_sources_name():
    assert corridor_checks.source_problems(checks.read_source("corridors.csv")) == []
    members = corridor_checks.read_members()
    assert set(members["corridor"]) == set(CORRIDORS)
    assert {"TJK", "SAU", "TUR", "IRN"} <= set(members.query("corridor == 'ccwaec'")["iso3"])
    assert "MMR" in set(members.query("corridor == 'cicpec'")["iso3"])
    assert (members["source"].str.startswith("http")).all()


def test_a_members_table_that_is_missing_or_misread_is_named(tmp_path):
    source = checks.read_source("corridors.csv")
    missing = corridor_checks.source_problems(source, tmp_path)
    assert "corridor_countries.csv column file: is missing" in str(missing[0])
    (tmp_path / "corridor_countries.csv").write_text("corridor,country\nmsr,Kenya\n")
    misread = corridor_checks.source_problems(source, tmp_path)
    assert "expected corridor, iso3, country, named_as, source" in str(misread[0])


def load_build_corridors():
    return load_script(paths.DATA_DIR / "build_corridors.py")


def test_the_build_refuses_a_sea_line_through_an_inland_city(land):
    build = load_build_corridors()
    source = checks.read_source("corridors.csv")
    sea = source[source["line"] == "msr"].copy()
    piraeus = sea["place"].str.startswith("Piraeus")
    sea.loc[piraeus, ["place", "lat", "lon"]] = ["Athens", "37.98376", "23.72784"]
    sea = sea[sea["seq"].astype(int) >= 10]  # Haldia, Mombasa, Athens, Venice: quick
    features, problems = build.corridor_features(sea, land)
    assert [f["id"] for f in features] == ["msr"]
    assert any("Athens is 9 km from the sea" in str(p) for p in problems)
