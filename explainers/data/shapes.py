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
from pathlib import Path

import geopandas as gpd
import pandas as pd

from explainers import paths
from explainers.data.datasets import DataFileError, read_data_csv, read_data_json

TOPOJSON_FILE = paths.STATIC_DIR / "world_50m.json"
COUNTRY_TABLE_FILE = paths.PROCESSED_DIR / "countries.csv"

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


class MissingDataError(DataFileError):
    """A data file that is not there: the name this error had before the others were caught."""

    def __init__(self, path, problem: str = "is missing") -> None:
        super().__init__(path, problem)


COUNTRY_COLUMNS = ("iso3", "name", "natural_earth_name", "lon", "lat", "lon_span", "lat_span")


def topojson_file() -> Path:
    """``static/world_50m.json``, or its copy under ``BRI_DATA_DIR`` (read at call time)."""
    return paths.STATIC_DIR / "world_50m.json"


@cache
def country_table() -> pd.DataFrame:
    """One row per ISO-3 code (the index): name, lon/lat inside, lon_span/lat_span in degrees.

    Raises :class:`DataFileError` naming ``data/processed/countries.csv`` if it cannot be
    used (missing, empty, cut short, damaged, other columns, a coordinate that is not a
    number).
    """
    path = paths.PROCESSED_DIR / "countries.csv"
    table = read_data_csv(path, COUNTRY_COLUMNS, keep_default_na=False)
    numbers = ["lon", "lat", "lon_span", "lat_span"]
    bad = table[numbers].apply(pd.to_numeric, errors="coerce").isna().any(axis=1)
    if bad.any() or table["iso3"].duplicated().any() or table.empty:
        row = int(bad.to_numpy().argmax()) + 2 if bad.any() else None
        where = f"row {row} has a coordinate that is not a number" if row else "no usable rows"
        raise DataFileError(path, f"is damaged: {where}")
    return table.astype(dict.fromkeys(numbers, float)).set_index("iso3")


def check_shapes() -> None:
    """Raise :class:`DataFileError` if the map's TopoJSON cannot be used.

    plotly.js reads the file in the reader's browser, where a broken file leaves a blank
    map; checked here, the page can say which file and how to rebuild it.
    """
    topology = read_data_json(topojson_file(), must_have="objects")
    if not isinstance(topology["objects"], dict) or "countries" not in topology["objects"]:
        raise DataFileError(topojson_file(), "has no 'countries' object: not the map's shapes")


def country_shapes() -> gpd.GeoDataFrame:
    """Country polygons (columns ``iso3``, ``name``, ``geometry``; EPSG:4326).

    Read from the same TopoJSON the map draws, so a point that passes a check here is
    inside the shape the reader sees. Units without an ISO code (Somaliland, Northern
    Cyprus) are left out.
    """
    check_shapes()
    shapes = gpd.read_file(topojson_file(), layer="countries")
    shapes = shapes.rename(columns={"id": "iso3"}).dropna(subset=["iso3"])
    shapes = shapes[~shapes["iso3"].isin(UNCODED_UNITS.values())]
    return shapes[["iso3", "name", "geometry"]].set_crs("EPSG:4326", allow_override=True)
