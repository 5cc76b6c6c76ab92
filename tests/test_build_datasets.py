"""The build writes every processed file and a rebuild changes nothing."""

from __future__ import annotations

from explainers import paths
from tests.support import load_script

OUTPUTS = (
    "projects.csv",
    "projects.geojson",
    "corridors.csv",
    "corridors.geojson",
    "partners.csv",
    "forum_2017.csv",
    "timeline.csv",
)


def load_build():
    return load_script(paths.DATA_DIR / "build_datasets.py")


def test_build_is_deterministic(tmp_path, monkeypatch):
    build = load_build()
    monkeypatch.setattr(paths, "PROCESSED_DIR", tmp_path)
    assert build.main() == 0
    first = {name: (tmp_path / name).read_bytes() for name in OUTPUTS}
    assert build.main() == 0
    assert first == {name: (tmp_path / name).read_bytes() for name in OUTPUTS}


def test_committed_processed_files_are_current(tmp_path, monkeypatch):
    committed = {name: (paths.PROCESSED_DIR / name).read_bytes() for name in OUTPUTS}
    monkeypatch.setattr(paths, "PROCESSED_DIR", tmp_path)
    assert load_build().main() == 0
    stale = [name for name in OUTPUTS if (tmp_path / name).read_bytes() != committed[name]]
    assert stale == [], "run `python data/build_datasets.py` and commit data/processed/"


def test_the_aiddata_sample_is_rebuilt_from_the_current_projects():
    """The projects page's sample is our projects table in GCDF's columns: a fact fixed in
    projects.csv (Ankara-Istanbul phase 2's cost, say) must reach it too (`make data`)."""
    module = load_script(paths.DATA_DIR / "samples" / "build_aiddata_sample.py")
    built = module.sample().to_csv(index=False, lineterminator="\n")
    assert built == (paths.DATA_DIR / "samples" / "aiddata_sample.csv").read_text(encoding="utf-8")
