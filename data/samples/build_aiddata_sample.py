"""Write ``aiddata_sample.csv``: our sourced flagship projects in AidData GCDF 3.0's columns.

A newsroom that starts from AidData's Global Chinese Development Finance Dataset gets a
file with AidData's column names; this sample has those names (and ``Latitude`` and
``Longitude``, which GCDF leaves to its geospatial release) so the app, the tests and a
reader can try the layer on rows every one of which has a source. The rows are ours
(``data/processed/projects.csv``), not AidData's: see ``data/README.md``.

Run ``python data/samples/build_aiddata_sample.py``; the output is deterministic.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from explainers import paths
from explainers.countries import country_name
from explainers.data.checks import km_outside
from explainers.data.schemas import SOURCE_SEP, split_list
from explainers.data.shapes import country_shapes

OUT = Path(__file__).with_name("aiddata_sample.csv")
# AidData's status words for ours.
STATUS = {
    "operational": "Completion",
    "under_construction": "Implementation",
    "planned": "Pledge",
    "suspended": "Suspended",
    "cancelled": "Cancelled",
}
# AidData's sector names (OECD CRS sector groups) for our project types.
SECTOR = {
    "rail": "TRANSPORT AND STORAGE",
    "road": "TRANSPORT AND STORAGE",
    "port": "TRANSPORT AND STORAGE",
    "dry_port": "TRANSPORT AND STORAGE",
    "bridge": "TRANSPORT AND STORAGE",
    "pipeline": "ENERGY",
    "power": "ENERGY",
    "industrial_park": "INDUSTRY, MINING, CONSTRUCTION",
    "other": "OTHER MULTISECTOR",
}
COLUMNS = [
    "AidData Record ID",
    "Recipient",
    "Recipient ISO-3",
    "Title",
    "Implementation Start Year",
    "Status",
    "Sector Name",
    "Amount (Nominal USD)",
    "Source URLs",
    "Latitude",
    "Longitude",
]
_RECORD = re.compile(r"china\.aiddata\.org/projects/(\d+)")


def point_country(row, parts: dict) -> str:
    """The listed country the point lies in (or nearest to): the row's recipient."""
    codes = split_list(row.countries)
    return min(
        codes,
        key=lambda c: min((km_outside(row.lat, row.lon, p) for p in parts.get(c, [])), default=1e9),
    )


def sample() -> pd.DataFrame:
    projects = pd.read_csv(paths.PROCESSED_DIR / "projects.csv", keep_default_na=False)
    projects = projects[projects["lat"] != ""].astype({"lat": float, "lon": float})
    shapes = country_shapes()
    parts = {code: list(group.geometry) for code, group in shapes.groupby("iso3")}
    rows = []
    for row in projects.itertuples(index=False):
        iso3 = point_country(row, parts)
        record = _RECORD.search(row.sources)
        cost = f"{float(row.cost_usd_bn) * 1e9:.0f}" if row.cost_usd_bn != "" else ""
        rows.append(
            [
                record[1] if record else "",
                country_name(iso3),
                iso3,
                row.name,
                row.start_year,
                STATUS[row.status],
                SECTOR[row.type],
                cost,
                "|".join(split_list(row.sources, SOURCE_SEP)),
                f"{row.lat:.6f}",
                f"{row.lon:.6f}",
            ]
        )
    return pd.DataFrame(rows, columns=COLUMNS)


if __name__ == "__main__":
    frame = sample()
    frame.to_csv(OUT, index=False, lineterminator="\n")
    print(f"wrote {OUT.relative_to(paths.ROOT)} ({len(frame)} rows)")
