"""The app's loaders read the processed files into typed frames, in EPSG:4326."""

from __future__ import annotations

from explainers.data import datasets


def test_loaders_read_processed_files():
    loaded = datasets.load_projects()
    assert loaded.crs.to_epsg() == 4326
    assert len(datasets.project_records(loaded)) == len(loaded)
    lines = datasets.load_corridors()
    assert (lines.geometry.geom_type == "LineString").all()
    assert (lines["waypoints"] >= 2).all()
    assert datasets.load_partners()["joined_year"].dtype == "Int64"
