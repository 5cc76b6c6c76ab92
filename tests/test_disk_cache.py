"""The disk cache gives the stored value back, rebuilds a damaged one, and misses on change."""

from __future__ import annotations

import json

import pytest

from explainers import disk_cache


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(disk_cache.CACHE_ENV, str(tmp_path))
    return tmp_path


def test_a_value_is_built_once_then_read_from_disk(cache):
    builds = []

    def build():
        builds.append(1)
        return json.dumps({"linked": True})

    assert disk_cache.cached("story", ["a"], build, json.loads) == {"linked": True}
    assert disk_cache.cached("story", ["a"], build, json.loads) == {"linked": True}
    assert len(builds) == 1
    assert [p.name.startswith("story-") for p in cache.iterdir()] == [True]


def test_a_damaged_cache_file_is_rebuilt_not_read(cache):
    disk_cache.cached("story", ["a"], lambda: '{"v": 1}', json.loads)
    (stored,) = cache.iterdir()
    stored.write_bytes(stored.read_bytes()[:4])  # cut short, as a full disk would leave it
    assert disk_cache.cached("story", ["a"], lambda: '{"v": 2}', json.loads) == {"v": 2}
    assert json.loads(stored.read_text()) == {"v": 2}


def test_a_changed_input_file_misses(cache, tmp_path_factory):
    source = tmp_path_factory.mktemp("data") / "projects.csv"
    source.write_text("id\na\n")
    first = disk_cache.files_digest([source])
    source.write_text("id\nb\n")
    assert disk_cache.files_digest([source]) != first
    source.unlink()
    assert disk_cache.files_digest([source]) not in (first,)


def test_an_unwritable_cache_costs_only_speed(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv(disk_cache.CACHE_ENV, str(blocked / "cache"))
    assert disk_cache.cached("story", ["a"], lambda: "[1]", json.loads) == [1]
