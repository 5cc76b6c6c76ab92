"""Validate the hand-compiled Belt and Road tables and write what the app reads.

Run ``python data/build_datasets.py`` after editing any file in ``data/sources/``.
It checks every rule in ``explainers.data.schemas`` and ``explainers.data.checks``;
if one breaks it prints one line per broken cell, for example::

    data/sources/projects.csv row 12 (id=gwadar-port) column lat: point is 140 km
    outside PAK (allowed 25 km); fix the coordinates or the country

and exits with status 1 without touching ``data/processed/``. Otherwise it writes
``projects.csv``/``.geojson``, ``corridors.csv``/``.geojson``, ``partners.csv``,
the attendance lists (``forum_2017.csv``, ``forum_2019.csv``, ``forum_2023.csv``)
and ``timeline.csv``, all or none: each is written to a temporary
file beside it and renamed over the old one only when every one is written, so an
interrupted build leaves the previous files intact. The output is deterministic (fixed order,
fixed number formatting, no timestamps), so a rebuild without edits leaves no diff.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_corridors import corridor_features

from explainers import paths
from explainers.data.checks import validate_sources
from explainers.data.schemas import ATTENDANCE_FILES

PROJECT_NUMBERS = {"lat": float, "lon": float, "cost_usd_bn": float, "start_year": int}


def country_shapes_or_none():
    """Country shapes for the point-in-country rule, or None if geometry is not ready."""
    try:
        from explainers.data.shapes import country_shapes
    except ImportError:
        print(
            "note: explainers.data.shapes is missing; point-in-country check skipped",
            file=sys.stderr,
        )
        return None
    return country_shapes()


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, lineterminator="\n")


def write_geojson(features: list[dict], path: Path) -> None:
    collection = {"type": "FeatureCollection", "features": features}
    text = json.dumps(collection, ensure_ascii=False, indent=1) + "\n"
    path.write_text(text, encoding="utf-8")


def _typed(value: str, kind: type):
    return kind(value) if value else None


def project_features(projects: pd.DataFrame) -> list[dict]:
    """One GeoJSON Point feature per project; a project without coordinates has null geometry."""
    features = []
    for row in projects.to_dict("records"):
        props = {
            k: (_typed(v, PROJECT_NUMBERS[k]) if k in PROJECT_NUMBERS else v)
            for k, v in row.items()
        }
        lat, lon = props.pop("lat"), props.pop("lon")
        geometry = None if lat is None else {"type": "Point", "coordinates": [lon, lat]}
        features.append(
            {"type": "Feature", "id": row["id"], "properties": props, "geometry": geometry}
        )
    return features


def main() -> int:
    frames, problems = validate_sources(paths.SOURCES_DIR, country_shapes_or_none())
    if problems:
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problem(s); nothing written to data/processed/", file=sys.stderr)
        return 1
    frames = {name: frame.apply(lambda col: col.str.strip()) for name, frame in frames.items()}
    corridors = frames["corridors.csv"].copy()
    corridors["_seq"] = corridors["seq"].astype(int)
    corridors = corridors.sort_values(["corridor", "line", "_seq"], kind="stable").drop(
        columns="_seq"
    )
    # The sea route is routed and checked against the map's land here, before anything
    # is written (see data/build_corridors.py).
    corridor_geojson, problems = corridor_features(corridors)
    if problems:
        for problem in problems:
            print(problem)
        print(f"{len(problems)} problem(s); nothing written to data/processed/", file=sys.stderr)
        return 1
    projects = frames["projects.csv"]
    # Every file is written beside its target and swapped in only once all are written:
    # a build that fails or is stopped half way leaves the previous files whole.
    with paths.replaced_together() as staged:

        def out(filename: str) -> Path:
            return staged(paths.PROCESSED_DIR / filename)

        write_csv(projects, out("projects.csv"))
        write_geojson(project_features(projects), out("projects.geojson"))
        write_csv(corridors, out("corridors.csv"))
        write_geojson(corridor_geojson, out("corridors.geojson"))
        write_csv(frames["partners.csv"].sort_values("iso3", kind="stable"), out("partners.csv"))
        for filename in ATTENDANCE_FILES:
            write_csv(frames[filename].sort_values("country_iso3", kind="stable"), out(filename))
        write_csv(frames["timeline.csv"].sort_values("date", kind="stable"), out("timeline.csv"))
    counts = ", ".join(f"{name} {len(frame)}" for name, frame in frames.items())
    print(f"wrote data/processed/ ({counts})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
