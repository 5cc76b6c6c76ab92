"""Build the country shapes the app reads from Natural Earth, keyed by ISO 3166-1 alpha-3.

Why a build step: plotly.js draws geo maps from a TopoJSON file that it fetches at run time
(``{topojsonURL}world_50m.json``), from plotly's CDN unless told otherwise. The app works
offline, so we build that file ourselves from Natural Earth and serve it from our own
server. The file must carry the objects plotly's geo code reads: ``countries`` (polygons
whose ``id`` is the ISO-3 code, matched by ``locationmode="ISO-3"``), ``land`` and
``coastlines`` (drawn as base layers).

Input (raw, as received, never edited):
    data/raw/world-atlas-2.0.2/countries-50m.json, from the npm package ``world-atlas``
    2.0.2 (Natural Earth 4.1.0 admin-0, 1:50m, as TopoJSON; ids are ISO 3166-1 numeric).
    If it is missing, this script fetches it with ``npm pack world-atlas@2.0.2``.

Outputs:
    static/world_50m.json           TopoJSON for plotly (served at /app/static/)
    data/processed/countries.csv    iso3, name, a point inside, and the extent in degrees

Run: ``python data/build_shapes.py``. Output is deterministic: a rerun gives no git diff.
Both outputs are replaced together and atomically: an interrupted run leaves the old ones.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pycountry
import shapely
import topojson

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from explainers import paths
from explainers.countries import country_name
from explainers.data.shapes import UNCODED_UNITS

WORLD_ATLAS_VERSION = "2.0.2"
RAW_TOPOJSON = paths.RAW_DIR / f"world-atlas-{WORLD_ATLAS_VERSION}" / "countries-50m.json"
OUT_TOPOJSON = paths.STATIC_DIR / "world_50m.json"
OUT_COUNTRIES = paths.PROCESSED_DIR / "countries.csv"

# Natural Earth units that world-atlas ships without an ISO numeric id. Kosovo has a
# user-assigned code that the EU, the World Bank and pycountry's users commonly take
# (XKX); the others get no country code, only an id of their own so the map can draw them
# as plain land (explainers.data.shapes.UNCODED_UNITS), as Natural Earth draws them.
CODES_BY_NAME = {"Kosovo": "XKX"}

# Antarctica is left out: no story is set there, and its ring around the pole, valid on the
# sphere, turns inside out when re-encoded on the plane (it then covers the whole map).
SOUTHERN_LIMIT = -60.0

# Douglas-Peucker tolerance in degrees, applied to shared arcs so that neighbours keep a
# common border. 0.03 keeps coastlines readable at a country zoom on a laptop screen.
SIMPLIFY_DEGREES = 0.03


def fetch_raw(target: Path = RAW_TOPOJSON) -> Path:
    """Fetch the world-atlas package from the npm registry if the raw file is missing."""
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", f"world-atlas@{WORLD_ATLAS_VERSION}"], cwd=tmp, check=True)
        with tarfile.open(Path(tmp) / f"world-atlas-{WORLD_ATLAS_VERSION}.tgz") as tgz:
            tgz.extractall(tmp, filter="data")
        for name in ("countries-50m.json", "LICENSE", "package.json"):
            shutil.copy(Path(tmp) / "package" / name, target.parent / name)
    return target


def iso3_for(numeric: str | None, name: str) -> str | None:
    """ISO-3 code for a Natural Earth unit: from its numeric id, else from its name."""
    if isinstance(numeric, str) and numeric:
        country = pycountry.countries.get(numeric=numeric)
        if country is None:
            raise ValueError(f"{RAW_TOPOJSON}: id {numeric!r} ({name}) is not an ISO numeric code")
        return country.alpha_3
    return CODES_BY_NAME.get(name)


def read_countries(path: Path = RAW_TOPOJSON) -> gpd.GeoDataFrame:
    """Natural Earth admin-0 units with an ``iso3`` column (None where no code applies)."""
    frame = gpd.read_file(path, layer="countries")
    frame["iso3"] = [
        iso3_for(numeric, name) for numeric, name in zip(frame["id"], frame["name"], strict=True)
    ]
    frame = frame.set_crs("EPSG:4326", allow_override=True)
    frame = frame[frame.geometry.bounds["miny"] > SOUTHERN_LIMIT]
    return _one_shape_per_code(frame)


def _one_shape_per_code(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Merge units that share a code (Ashmore and Cartier Is. carry Australia's 036).

    The merged unit keeps the name of its largest part, so Australia stays "Australia".
    """
    coded = frame.dropna(subset=["iso3"])
    uncoded = frame[frame["iso3"].isna()]
    shared = coded["iso3"].duplicated(keep=False)
    parts = coded[shared]
    area = parts.geometry.to_crs("EPSG:6933").area
    names = parts.assign(_area=area).sort_values("_area").groupby("iso3")["name"].last()
    merged = parts.dissolve(by="iso3", as_index=False)[["iso3", "geometry"]]
    merged["name"] = merged["iso3"].map(names)
    columns = ["iso3", "name", "geometry"]
    return gpd.GeoDataFrame(
        pd.concat([coded[~shared][columns], merged[columns], uncoded[columns]], ignore_index=True),
        crs=frame.crs,
    )


def read_land(path: Path = RAW_TOPOJSON) -> gpd.GeoDataFrame:
    """The land outline world-atlas merged from the countries, without Antarctica."""
    land = gpd.read_file(path, layer="land")[["geometry"]].explode(ignore_index=True)
    land = land[land.geometry.bounds["miny"] > SOUTHERN_LIMIT]
    return land.set_crs("EPSG:4326", allow_override=True)


def build_topology(frame: gpd.GeoDataFrame, land: gpd.GeoDataFrame, table: pd.DataFrame) -> dict:
    """TopoJSON dict with the ``countries``, ``land`` and ``coastlines`` objects plotly reads."""
    countries = frame[["iso3", "name", "geometry"]].reset_index(drop=True)
    topo = topojson.Topology(
        [countries, land],
        object_name=["countries", "land"],
        prequantize=1e5,
        toposimplify=SIMPLIFY_DEGREES,
        simplify_with="shapely",
    ).to_dict()
    for geometry in topo["objects"]["countries"]["geometries"]:
        properties = geometry.pop("properties")
        geometry.pop("id", None)
        geometry["properties"] = {"name": properties["name"]}
        if isinstance(properties.get("iso3"), str):
            geometry["id"] = properties["iso3"]
            # plotly.js places hover labels at properties.ct and fails on hover without it.
            point = table.loc[table["iso3"] == geometry["id"]].iloc[0]
            geometry["properties"]["ct"] = [float(point["lon"]), float(point["lat"])]
        elif properties["name"] in UNCODED_UNITS:
            geometry["id"] = UNCODED_UNITS[properties["name"]]
            unit = countries.loc[countries["name"] == properties["name"], "geometry"].iloc[0]
            point = unit.representative_point()
            geometry["properties"]["ct"] = [round(point.x, 4), round(point.y, 4)]
    for geometry in topo["objects"]["land"]["geometries"]:
        geometry.pop("id", None)
        geometry["properties"] = {}
    topo["objects"]["coastlines"] = topo["objects"]["land"]
    _wind_for_d3(topo)
    return topo


def _ring_points(arcs: list[list[list[int]]], ring: list[int]) -> np.ndarray:
    """Quantized points of a TopoJSON ring (arcs are delta-encoded; ~i means arc i reversed)."""
    points = []
    for index in ring:
        arc = np.cumsum(np.asarray(arcs[index if index >= 0 else ~index]), axis=0)
        points.append(arc if index >= 0 else arc[::-1])
    return np.concatenate(points)


def _wind_for_d3(topo: dict) -> None:
    """Make exterior rings clockwise and holes anticlockwise, as d3-geo (plotly.js) needs.

    On the sphere a ring's winding says which side is inside. topojson re-encodes the
    exclaves of Uzbekistan, Tajikistan and Azerbaijan, which sit in holes of their
    neighbours, the wrong way round, and plotly then fills the whole globe with them.
    Rings that cross the antimeridian are left as they are (their planar area means nothing).
    """
    arcs = topo["arcs"]
    for geometry in topo["objects"]["countries"]["geometries"]:
        polygons = geometry.get("arcs", [])
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        for polygon in polygons:
            for position, ring in enumerate(polygon):
                xy = _ring_points(arcs, ring)
                if np.ptp(xy[:, 0]) * topo["transform"]["scale"][0] >= 180:
                    continue
                twice_area = np.dot(xy[:-1, 0], xy[1:, 1]) - np.dot(xy[1:, 0], xy[:-1, 1])
                clockwise = twice_area < 0
                if clockwise != (position == 0):
                    polygon[position] = [~index for index in reversed(ring)]


def country_table(frame: gpd.GeoDataFrame) -> pd.DataFrame:
    """One row per ISO-3 code: display name, a point inside the country, and its extent.

    The point is taken from the country's largest polygon, so picking Norway centres on the
    mainland rather than Svalbard: the representative point (always inside the shape,
    unlike a centroid) is where the map centres and the name is written. The extent, which
    sets the zoom, is that of the parts a frame must show (:func:`_framed_parts`): all of
    Indonesia's main islands, not Borneo's south alone.
    """
    coded = frame.dropna(subset=["iso3"]).sort_values("iso3")
    valid = coded.geometry.map(_unwrapped).make_valid()
    point = valid.map(_largest_part).representative_point()
    bounds = valid.map(_framed_parts).bounds
    wrap = lambda lon: ((lon + 180) % 360 - 180).round(4)  # noqa: E731
    names = [country_name(code) for code in coded["iso3"]]
    return pd.DataFrame(
        {
            "iso3": coded["iso3"].to_numpy(),
            "name": names,
            "natural_earth_name": coded["name"].to_numpy(),
            "lon": wrap(point.x).to_numpy(),
            "lat": point.y.round(4).to_numpy(),
            "lon_span": (bounds["maxx"] - bounds["minx"]).round(4).to_numpy(),
            "lat_span": (bounds["maxy"] - bounds["miny"]).round(4).to_numpy(),
        }
    )


def _unwrapped(geometry):
    """Shift western longitudes by 360 degrees for shapes that cross the antimeridian.

    Natural Earth rings for Russia and Fiji jump from 180 to -180; on the plane that makes
    them span the globe. Shifted, they are contiguous and their extent is measurable.
    """
    min_lon, _, max_lon, _ = geometry.bounds
    if max_lon - min_lon < 180:
        return geometry
    return shapely.transform(
        geometry,
        lambda xy: np.column_stack([np.where(xy[:, 0] < 0, xy[:, 0] + 360, xy[:, 0]), xy[:, 1]]),
    )


def _largest_part(geometry):
    """The largest polygon of a country: mainland France, not French Guiana or Réunion."""
    parts = [part for part in getattr(geometry, "geoms", [geometry]) if part.area > 0]
    return max(parts, key=lambda part: part.area)


FRAMED_SHARE = 0.1
FRAMED_REACH_DEGREES = 30.0


def _framed_parts(geometry):
    """The parts a frame of the country shows: its largest polygon and every other of at
    least a tenth its area whose centre is within 30 degrees of the largest's: Java,
    Sumatra, Sulawesi and western New Guinea beside Kalimantan; not Alaska beside the
    48 states, nor French Guiana beside France.

    >>> from shapely.geometry import MultiPolygon, box
    >>> islands = MultiPolygon([box(0, 0, 10, 10), box(12, 0, 16, 4), box(80, 0, 90, 10)])
    >>> _framed_parts(islands).bounds
    (0.0, 0.0, 16.0, 10.0)
    """
    parts = [part for part in getattr(geometry, "geoms", [geometry]) if part.area > 0]
    largest = max(parts, key=lambda part: part.area)
    centre = largest.centroid
    kept = [
        part
        for part in parts
        if part.area >= FRAMED_SHARE * largest.area
        and part.centroid.distance(centre) <= FRAMED_REACH_DEGREES
    ]
    return shapely.GeometryCollection(kept)


def main() -> int:
    frame = read_countries(fetch_raw())
    table = country_table(frame)
    topo = build_topology(frame, read_land(), table)
    text = json.dumps(topo, separators=(",", ":"), allow_nan=False)
    # Both files are written beside their targets and swapped in together at the end,
    # so an interrupted build leaves the previous shapes and table whole.
    with paths.replaced_together() as staged:
        staged(OUT_TOPOJSON).write_text(text, encoding="utf-8")
        table.to_csv(staged(OUT_COUNTRIES), index=False, lineterminator="\n")
    print(f"wrote {OUT_TOPOJSON} ({OUT_TOPOJSON.stat().st_size:,} bytes)")
    print(f"wrote {OUT_COUNTRIES} ({len(table)} countries)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
