"""Check the hand-compiled Belt and Road tables (``data/sources/*.csv``) before a build.

A journalist edits the sources in a spreadsheet and needs to hear exactly which cell is
wrong and how to fix it, so every failure is a :class:`Problem` that prints as
``<file> row <n> (<key>=<value>) column <col>: <what is wrong>; <fix>``. Row numbers are
spreadsheet rows: the header is row 1, so the first project is row 2.

``data/build_datasets.py`` runs these checks and writes nothing if one fails; the app
never runs them (it reads the processed files through :mod:`explainers.data.datasets`,
which checks only that each file still matches its schema, with :func:`schema_problems`).

Example
-------
>>> frames, problems = validate_sources()
>>> problems
[]
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pandera.pandas as pa
from pyproj import CRS
from shapely.geometry import Point, shape

from explainers import paths
from explainers.data.schemas import SCHEMAS, split_list

# Natural Earth 50m coastlines are generalised and ports sit on reclaimed land, so a
# port may fall in the sea; other facilities get a small allowance for the same reason.
OUTSIDE_TOLERANCE_KM = {"port": 25.0}
DEFAULT_TOLERANCE_KM = 5.0
_SEARCH_DEGREES = 4.0


@dataclass(frozen=True)
class Problem:
    """One broken rule in one cell (or row) of one source file."""

    file: str
    row: int | None
    key: str
    column: str
    message: str

    def __str__(self) -> str:
        where = f"data/sources/{self.file}"
        if self.row is not None:
            where += f" row {self.row}"
        if self.key:
            where += f" ({self.key})"
        return f"{where} column {self.column}: {self.message}"


def read_source(filename: str, directory: Path = paths.SOURCES_DIR) -> pd.DataFrame:
    """Read a source CSV as text, blanks as '', so the schemas see what the editor typed."""
    return pd.read_csv(directory / filename, dtype=str, keep_default_na=False)


def _row(index: object) -> int | None:
    return int(index) + 2 if isinstance(index, int) else None


def _key(frame: pd.DataFrame, filename: str, index: object) -> str:
    column = SCHEMAS[filename].key
    if isinstance(index, int) and column in frame.columns and index in frame.index:
        return f"{column}={frame.at[index, column]}"
    return ""


def schema_problems(frame: pd.DataFrame, filename: str) -> list[Problem]:
    """Run the pandera schema for ``filename`` and turn each failure into a Problem."""
    try:
        SCHEMAS[filename].schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as errors:
        problems = []
        for case in errors.failure_cases.itertuples(index=False):
            index = None if pd.isna(case.index) else int(case.index)
            if case.check == "field_uniqueness":
                message = f"{case.failure_case!r} appears more than once; ids must be unique"
            elif case.check in ("column_in_schema", "column_in_dataframe", "column_ordered"):
                expected = ", ".join(SCHEMAS[filename].schema.columns)
                message = f"{case.check} failed for {case.failure_case!r}; columns are {expected}"
            else:
                message = f"expected {case.check}; got {case.failure_case!r}"
            problems.append(
                Problem(filename, _row(index), _key(frame, filename, index), case.column, message)
            )
        return problems
    return []


def _problem(frame: pd.DataFrame, filename: str, index: int, column: str, msg: str) -> Problem:
    return Problem(filename, index + 2, _key(frame, filename, index), column, msg)


def project_row_problems(frame: pd.DataFrame) -> list[Problem]:
    """Rules that read several cells of one project row."""
    problems = []
    for index, row in frame.iterrows():
        has_lat, has_lon = bool(row["lat"].strip()), bool(row["lon"].strip())
        if has_lat != has_lon:
            problems.append(
                _problem(
                    frame,
                    "projects.csv",
                    index,
                    "lat",
                    "lat and lon must both be set or both blank",
                )
            )
        if has_lat and not row["location_precision"].strip():
            problems.append(
                _problem(
                    frame,
                    "projects.csv",
                    index,
                    "location_precision",
                    "a point needs facility, approximate or city",
                )
            )
        if has_lat and not row["location_source"].strip():
            problems.append(
                _problem(
                    frame,
                    "projects.csv",
                    index,
                    "location_source",
                    "a point needs the source of its coordinates",
                )
            )
        if row["cost_usd_bn"].strip() and not row["cost_kind"].strip():
            problems.append(
                _problem(
                    frame,
                    "projects.csv",
                    index,
                    "cost_kind",
                    "a cost needs its kind: total, loan or stake",
                )
            )
    return problems


FIRST_DOCUMENT_COLUMNS = (
    "first_document",
    "first_document_date",
    "first_document_dating",
    "first_document_source",
)


def partner_row_problems(frame: pd.DataFrame) -> list[Problem]:
    """Rules that read several cells of one partner row.

    The map follows ``joined_year``, so it must be the year of the list's own date; a first
    document is stated on the card only with all four of its cells (what, when, how dated,
    who reported it); and a caveat names the country as ``{name}``, never in the list's
    spelling, so the card can say "Russia" where GFDC says "Russian Federation".
    """
    problems = []

    def add(index: int, column: str, message: str) -> None:
        problems.append(_problem(frame, "partners.csv", index, column, message))

    for index, row in frame.iterrows():
        listed = row["gfdc_join_date"].strip()
        if row["joined_year"].strip() != listed[:4]:
            add(
                index,
                "joined_year",
                f"must be the year of gfdc_join_date ({listed[:4] or 'blank'}); "
                "a later or earlier signing goes in first_document_date",
            )
        filled = [column for column in FIRST_DOCUMENT_COLUMNS if row[column].strip()]
        if filled and len(filled) < len(FIRST_DOCUMENT_COLUMNS):
            missing = [column for column in FIRST_DOCUMENT_COLUMNS if column not in filled]
            add(
                index,
                missing[0],
                "a first document needs all of "
                + ", ".join(FIRST_DOCUMENT_COLUMNS)
                + f"; fill {', '.join(missing)} or clear the others",
            )
        country = row["country"].strip()
        if country and country in row["caveat"]:
            add(
                index,
                "caveat",
                f"names the country as {country!r}; write {{name}} so the card shows "
                "the name readers know",
            )
    return problems


def corridor_problems(frame: pd.DataFrame, min_waypoints: int = 2) -> list[Problem]:
    """Each line needs at least two waypoints, numbered without repeats, in one corridor."""
    problems = []
    for line, group in frame.groupby("line", sort=True):
        first = int(group.index[0])
        if len(group) < min_waypoints:
            problems.append(
                _problem(
                    frame,
                    "corridors.csv",
                    first,
                    "line",
                    f"line {line!r} has {len(group)} waypoint(s); add at least {min_waypoints}",
                )
            )
        for index in group.index[group["seq"].duplicated()]:
            problems.append(
                _problem(
                    frame,
                    "corridors.csv",
                    int(index),
                    "seq",
                    f"seq {group.at[index, 'seq']} repeats within line {line!r}",
                )
            )
        if group["corridor"].nunique() > 1:
            problems.append(
                _problem(
                    frame,
                    "corridors.csv",
                    first,
                    "corridor",
                    f"line {line!r} mixes corridors; give each line one corridor id",
                )
            )
    return problems


def km_outside(lat: float, lon: float, geometry) -> float:
    """Distance in km from a point to a country shape (0 inside), measured locally.

    The shape is cut to a window round the point and projected to an azimuthal
    equidistant CRS centred on it, so the planar distance is a true ground distance.
    """
    point = Point(lon, lat)
    if geometry.covers(point):
        return 0.0
    window = geometry.intersection(
        shape(
            {
                "type": "Polygon",
                "coordinates": [
                    [
                        (lon - _SEARCH_DEGREES, lat - _SEARCH_DEGREES),
                        (lon + _SEARCH_DEGREES, lat - _SEARCH_DEGREES),
                        (lon + _SEARCH_DEGREES, lat + _SEARCH_DEGREES),
                        (lon - _SEARCH_DEGREES, lat + _SEARCH_DEGREES),
                        (lon - _SEARCH_DEGREES, lat - _SEARCH_DEGREES),
                    ]
                ],
            }
        )
    )
    if window.is_empty:
        return float("inf")
    aeqd = CRS.from_proj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m")
    local = gpd.GeoSeries([window], crs=4326).to_crs(aeqd).iloc[0]
    return local.distance(Point(0, 0)) / 1000.0


def point_problems(frame: pd.DataFrame, shapes: gpd.GeoDataFrame) -> list[Problem]:
    """Each project point must fall in (or near) one of the countries it lists.

    ``shapes`` has columns ``iso3`` and ``geometry`` in EPSG:4326, one row per country,
    as returned by ``explainers.data.shapes.country_shapes()``.
    """
    by_iso3 = {iso3: list(group.geometry) for iso3, group in shapes.groupby("iso3")}
    problems = []
    for index, row in frame.iterrows():
        lat, lon = (
            pd.to_numeric(row["lat"], errors="coerce"),
            pd.to_numeric(row["lon"], errors="coerce"),
        )
        if pd.isna(lat) or pd.isna(lon):
            continue
        codes = split_list(row["countries"])
        known = [code for code in codes if code in by_iso3]
        if not known:
            continue
        distance = min(km_outside(lat, lon, part) for code in known for part in by_iso3[code])
        allowed = OUTSIDE_TOLERANCE_KM.get(row["type"], DEFAULT_TOLERANCE_KM)
        if distance > allowed:
            far = "more than 400 km" if distance == float("inf") else f"{distance:.0f} km"
            problems.append(
                _problem(
                    frame,
                    "projects.csv",
                    index,
                    "lat",
                    f"point is {far} outside {'/'.join(codes)} (allowed {allowed:g} km); "
                    "fix the coordinates or the country",
                )
            )
    return problems


def validate_sources(
    directory: Path = paths.SOURCES_DIR, shapes: gpd.GeoDataFrame | None = None
) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Read and check every source table; return the frames and all problems found.

    The point-in-country rule runs only when ``shapes`` is given.
    """
    frames, problems = {}, []
    for filename in SCHEMAS:
        frame = read_source(filename, directory)
        frames[filename] = frame
        found = schema_problems(frame, filename)
        problems += found
        if filename == "projects.csv" and not found:
            problems += project_row_problems(frame)
            if shapes is not None:
                problems += point_problems(frame, shapes)
        if filename == "corridors.csv" and not found:
            from explainers.data import corridor_checks  # imports Problem from this module

            problems += corridor_problems(frame) + corridor_checks.source_problems(frame, directory)
        if filename == "partners.csv" and not found:
            problems += partner_row_problems(frame)
    return frames, problems
