"""Country geometry the app and the data checks read, built once by ``data/build_shapes.py``.

The heavy work (Natural Earth to ISO-3 keyed TopoJSON, simplification) happens at build
time. At run time the app only needs each country's centre and extent, a small CSV;
the full shapes are read only by data validation (is this port inside its country?).

Example
-------
>>> table = country_table()
>>> table.loc["KAZ", "name"]
'Kazakhstan'
"""

from __future__ import annotations

from functools import cache

import geopandas as gpd
import pandas as pd

from explainers import paths

TOPOJSON_FILE = paths.STATIC_DIR / "world_50m.json"
COUNTRY_TABLE_FILE = paths.PROCESSED_DIR / "countries.csv"
BUILD_COMMAND = "python data/build_shapes.py"

UNCODED_UNITS = {
    "Somaliland": "NE-SOL",
    "N. Cyprus": "NE-CYN",
    "Indian Ocean Ter.": "NE-IOA",
    "Siachen Glacier": "NE-KAS",
}
"""Natural Earth units with no ISO code, by name, and the ids the TopoJSON gives them.

They are drawn as plain land in the map's own colour (so the map needs no separate land
layer, which would cost a second pass over every coastline on each redraw), and are never
picked, listed or named as countries. The ids are Natural Earth's ``adm0_a3`` codes with
an ``NE-`` prefix, so no one mistakes them for ISO codes.
"""


class MissingDataError(FileNotFoundError):
    """A processed file the app needs is not there; the message says how to rebuild it."""


def _require(path) -> None:
    if not path.exists():
        relative = path.relative_to(paths.ROOT)
        raise MissingDataError(f"{relative} is missing; rebuild it with `{BUILD_COMMAND}`")


@cache
def country_table() -> pd.DataFrame:
    """One row per ISO-3 code (the index): name, lon/lat inside, lon_span/lat_span in degrees."""
    _require(COUNTRY_TABLE_FILE)
    return pd.read_csv(COUNTRY_TABLE_FILE, keep_default_na=False).set_index("iso3")


def country_shapes() -> gpd.GeoDataFrame:
    """Country polygons (columns ``iso3``, ``name``, ``geometry``; EPSG:4326).

    Read from the same TopoJSON the map draws, so a point that passes a check here is
    inside the shape the reader sees. Units without an ISO code (Somaliland, Northern
    Cyprus) are left out.
    """
    _require(TOPOJSON_FILE)
    shapes = gpd.read_file(TOPOJSON_FILE, layer="countries")
    shapes = shapes.rename(columns={"id": "iso3"}).dropna(subset=["iso3"])
    shapes = shapes[~shapes["iso3"].isin(UNCODED_UNITS.values())]
    return shapes[["iso3", "name", "geometry"]].set_crs("EPSG:4326", allow_override=True)
