"""Write a synthetic 10,000-row project layer for the benchmark (never for the app or data/).

The rows are made up (names "Synthetic project N", sources on example.org) but every
point lies inside the country its row names, so the whole file passes the layer's checks
and the benchmark times a layer as large as AidData's 9,405 geolocated projects.

Run ``python bench/make_layer.py [OUT] [--rows N]`` (default OUT:
``bri_layer_10000.csv`` in the temp folder).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from explainers.data.newsroom_cells import check_shapes

DEFAULT_OUT = Path(tempfile.gettempdir()) / "bri_layer_10000.csv"
SECTORS = ("TRANSPORT AND STORAGE", "ENERGY", "INDUSTRY, MINING, CONSTRUCTION", "HEALTH")
STATUSES = ("Completion", "Implementation", "Pledge", "Suspended", "Cancelled")


def synthetic_layer(rows: int = 10_000, seed: int = 2013) -> pd.DataFrame:
    """``rows`` projects in AidData GCDF 3.0's columns, points inside their countries."""
    rng = np.random.default_rng(seed)
    shapes = check_shapes()  # repaired: no band round the globe for Fiji
    # Countries of 5,000 km² or more, and not Antarctica (below the map's edge).
    big = shapes.to_crs(6933).area > 5e9
    shapes = shapes[big & (shapes["iso3"] != "ATA")].reset_index(drop=True)
    picked = rng.integers(0, len(shapes), rows)
    lons, lats = np.empty(rows), np.empty(rows)
    for index, geometry in enumerate(shapes.geometry):
        want = np.flatnonzero(picked == index)
        if not len(want):
            continue
        minx, miny, maxx, maxy = geometry.bounds
        found_x: list[float] = []
        found_y: list[float] = []
        while len(found_x) < len(want):
            x = rng.uniform(minx, maxx, 64)
            y = rng.uniform(miny, maxy, 64)
            inside = shapely.contains_xy(geometry, x, y)
            found_x += x[inside].tolist()
            found_y += y[inside].tolist()
        lons[want], lats[want] = found_x[: len(want)], found_y[: len(want)]
    codes = shapes["iso3"].to_numpy()[picked]
    return pd.DataFrame(
        {
            "AidData Record ID": np.arange(1, rows + 1),
            "Recipient": shapes["name"].to_numpy()[picked],
            "Recipient ISO-3": codes,
            "Title": [f"Synthetic project {n}" for n in range(1, rows + 1)],
            "Commitment Year": rng.integers(2000, 2022, rows),
            "Status": rng.choice(STATUSES, rows),
            "Sector Name": rng.choice(SECTORS, rows),
            "Amount (Constant USD 2021)": rng.integers(1, 2_000, rows) * 1_000_000,
            "Source URLs": [f"https://example.org/synthetic/{n}" for n in range(1, rows + 1)],
            "Latitude": np.round(lats, 6),
            "Longitude": np.round(lons, 6),
        }
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    synthetic_layer(args.rows).to_csv(args.out, index=False, lineterminator="\n")
    print(f"wrote {args.out} ({args.rows:,} rows, {args.out.stat().st_size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
