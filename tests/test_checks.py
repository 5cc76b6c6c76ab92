"""Each check of the sources fires on a deliberately broken frame, and the real sources pass."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from explainers.data import checks
from explainers.data.schemas import SCHEMAS


def project_row(**changes: str) -> dict[str, str]:
    row = {
        "id": "test-port",
        "name": "Test port",
        "type": "port",
        "countries": "PAK",
        "lat": "25.0",
        "lon": "62.0",
        "location_precision": "facility",
        "location_source": "test",
        "start_year": "2015",
        "status": "operational",
        "cost_usd_bn": "1.5",
        "cost_kind": "total",
        "cost_note": "",
        "financier": "",
        "corridors": "cpec;msr",
        "sources": "https://example.org/a",
        "scmp_explainer_2017": "",
        "notes": "",
    }
    row.update(changes)
    return row


def projects(*rows: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(list(rows) or [project_row()], dtype=str)


def waypoints(*lines: tuple[str, int]) -> pd.DataFrame:
    rows = []
    for line, count in lines:
        for seq in range(1, count + 1):
            rows.append(
                {
                    "corridor": line.split("-")[0],
                    "line": line,
                    "corridor_name": "Test corridor",
                    "seq": str(seq),
                    "place": f"Place {seq}",
                    "iso3": "CHN",
                    "lat": str(30 + seq),
                    "lon": str(100 + seq),
                    "waypoint_basis": "named",
                    "location_source": "test",
                    "sources": "https://example.org/c",
                }
            )
    return pd.DataFrame(rows, dtype=str)


def test_a_valid_row_has_no_problems():
    frame = projects()
    assert checks.schema_problems(frame, "projects.csv") == []
    assert checks.project_row_problems(frame) == []


@pytest.mark.parametrize(
    ("changes", "column", "words"),
    [
        ({"sources": ""}, "sources", "at least one source"),
        ({"sources": " | "}, "sources", "at least one source"),
        ({"countries": "PAK;XYZ"}, "countries", "ISO 3166-1 alpha-3"),
        ({"countries": "pak"}, "countries", "ISO 3166-1 alpha-3"),
        ({"start_year": "1890"}, "start_year", "a year between"),
        ({"start_year": "2050"}, "start_year", "a year between"),
        ({"start_year": "2015.0"}, "start_year", "a year between"),
        ({"lat": "95"}, "lat", "between -90 and 90"),
        ({"lon": "east"}, "lon", "between -180 and 180"),
        ({"type": "airport"}, "type", "one of rail, port"),
        ({"status": "done"}, "status", "one of planned"),
        ({"corridors": "cpec;silk"}, "corridors", "corridor ids"),
        ({"id": "Gwadar Port"}, "id", "lower-case id"),
        ({"cost_kind": "grant"}, "cost_kind", "one of total, loan, stake"),
    ],
)
def test_schema_rule_fires(changes, column, words):
    problems = checks.schema_problems(projects(project_row(**changes)), "projects.csv")
    assert [p.column for p in problems] == [column]
    assert words in problems[0].message
    assert problems[0].row == 2
    assert problems[0].key.startswith("id=")


def test_duplicate_id_is_reported_on_each_copy():
    frame = projects(project_row(), project_row(name="Copy"))
    problems = checks.schema_problems(frame, "projects.csv")
    assert {(p.column, p.row) for p in problems} == {("id", 2), ("id", 3)}
    assert "more than once" in problems[0].message


@pytest.mark.parametrize(
    ("changes", "column"),
    [
        ({"lon": ""}, "lat"),
        ({"location_precision": ""}, "location_precision"),
        ({"location_source": ""}, "location_source"),
        ({"cost_kind": ""}, "cost_kind"),
    ],
)
def test_row_rule_fires(changes, column):
    problems = checks.project_row_problems(projects(project_row(**changes)))
    assert [p.column for p in problems] == [column]


@pytest.mark.parametrize(
    ("lines", "broken"),
    [
        ((("msr", 1),), "line 'msr' has 1 waypoint(s)"),
        ((("cpec", 2), ("bcimec", 1)), "line 'bcimec' has 1 waypoint(s)"),
    ],
)
def test_corridor_with_fewer_than_two_waypoints(lines, broken):
    problems = checks.corridor_problems(waypoints(*lines))
    assert [p.message.split(";")[0] for p in problems] == [broken]


def test_repeated_waypoint_number():
    frame = waypoints(("cpec", 3))
    frame.loc[2, "seq"] = "2"
    problems = checks.corridor_problems(frame)
    assert [(p.column, p.row) for p in problems] == [("seq", 4)]


SQUARE = gpd.GeoDataFrame(
    {"iso3": ["PAK"], "name": ["Square"]}, geometry=[box(60.0, 24.0, 64.0, 28.0)], crs=4326
)


@pytest.mark.parametrize(
    ("kind", "lon", "fails"),
    [
        ("port", "62.0", False),  # inside
        ("port", "64.2", False),  # about 20 km out at sea: within the 25 km port buffer
        ("port", "64.5", True),  # about 50 km out
        ("power", "64.2", True),  # 20 km out is too far for a plant
        ("power", "66.0", True),  # about 200 km out
        ("rail", "75.0", True),  # beyond the search window
    ],
)
def test_point_outside_its_country(kind, lon, fails):
    frame = projects(project_row(type=kind, lat="25.0", lon=lon))
    problems = checks.point_problems(frame, SQUARE)
    assert bool(problems) is fails
    if fails:
        assert "outside PAK" in problems[0].message
        assert "fix the coordinates or the country" in problems[0].message


def test_point_in_any_listed_country_passes():
    frame = projects(project_row(type="rail", countries="CHN;PAK", lat="25.0", lon="62.0"))
    assert checks.point_problems(frame, SQUARE) == []


def partner_row(**changes: str) -> dict[str, str]:
    row = {
        "iso3": "PHL",
        "country": "Philippines",
        "status": "signed",
        "joined_year": "2017",
        "gfdc_join_date": "2017-11-01",
        "left_year": "",
        "left_date": "",
        "first_document": "memorandum of understanding",
        "first_document_date": "2018-11-20",
        "first_document_dating": "signed",
        "first_document_source": "https://example.org/mou",
        "source": "GFDC",
        "notes": "",
        "caveat": "",
    }
    row.update(changes)
    return row


def partners(*rows: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(list(rows) or [partner_row()], dtype=str)


def test_a_valid_partner_row_has_no_problems():
    frame = partners()
    assert checks.schema_problems(frame, "partners.csv") == []
    assert checks.partner_row_problems(frame) == []


@pytest.mark.parametrize(
    ("changes", "column", "words"),
    [
        # the map follows joined_year, so it is the list's year, not the signing's
        ({"joined_year": "2018"}, "joined_year", "year of gfdc_join_date (2017)"),
        ({"first_document_source": ""}, "first_document_source", "fill first_document_source"),
        ({"first_document_date": ""}, "first_document_date", "a first document needs all"),
        (
            {"country": "Russian Federation", "caveat": "notes that Russian Federation has not"},
            "caveat",
            "write {name}",
        ),
    ],
)
def test_partner_row_rule_fires(changes, column, words):
    problems = checks.partner_row_problems(partners(partner_row(**changes)))
    assert [p.column for p in problems] == [column]
    assert words in problems[0].message
    assert problems[0].key == "iso3=PHL"


@pytest.mark.parametrize(
    ("changes", "column", "words"),
    [
        ({"first_document": "letter"}, "first_document", "memorandum of understanding"),
        ({"first_document_dating": "about"}, "first_document_dating", "one of signed, by"),
        ({"first_document_date": "20 Nov 2018"}, "first_document_date", "YYYY-MM-DD"),
        ({"caveat": "notes that {country} has not"}, "caveat", "other than {name}"),
    ],
)
def test_partner_schema_rule_fires(changes, column, words):
    problems = checks.schema_problems(partners(partner_row(**changes)), "partners.csv")
    assert [p.column for p in problems] == [column]
    assert words in problems[0].message


def test_problem_names_file_row_key_and_column():
    problem = checks.Problem("projects.csv", 12, "id=gwadar-port", "lat", "point is 140 km out")
    assert str(problem) == (
        "data/sources/projects.csv row 12 (id=gwadar-port) column lat: point is 140 km out"
    )


def test_real_sources_pass():
    frames, problems = checks.validate_sources()
    assert [str(p) for p in problems] == []
    assert set(frames) == set(SCHEMAS)


def test_real_points_lie_in_their_countries():
    geometry = pytest.importorskip("explainers.data.shapes")
    _frames, problems = checks.validate_sources(shapes=geometry.country_shapes())
    assert [str(p) for p in problems] == []


def test_real_sources_cover_the_brief():
    frames, _ = checks.validate_sources()
    projects_ = frames["projects.csv"]
    named = {"KAZ", "IDN", "RUS", "TUR", "PAK", "GRC", "LKA", "LAO", "KEN"}
    listed = {code for cell in projects_["countries"] for code in cell.split(";")}
    assert named <= listed
    forum = frames["forum_2017.csv"]
    assert (forum["delegation"] == "foreign").sum() == 29  # the count the story gives
    assert set(forum.query("delegation == 'host'")["country_iso3"]) == {"HKG", "MAC"}
    exited = frames["partners.csv"].query("status == 'exited'")["iso3"]
    assert set(exited) == {"ITA", "PAN"}
    assert set(frames["corridors.csv"]["corridor"]) == {
        "nelb",
        "cmrec",
        "ccwaec",
        "cicpec",
        "cpec",
        "bcimec",
        "msr",
    }
