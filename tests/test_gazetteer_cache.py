"""The gazetteer's tables and the linker's forms come back from the disk cache unchanged."""

from __future__ import annotations

import json

import pytest

from explainers import disk_cache
from explainers.text import gazetteer, gazetteer_forms, places


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv(disk_cache.CACHE_ENV, str(tmp_path))
    return tmp_path


def test_the_tables_read_from_disk_are_the_tables_built(cache):
    key = gazetteer.gazetteer_key()
    built = gazetteer._tables.__wrapped__(key)
    assert [p.name.split("-")[0] for p in cache.iterdir()] == ["gazetteer"]
    read = gazetteer._tables.__wrapped__(key)
    assert read["gazetteer"].entries == built["gazetteer"].entries
    assert read["gazetteer"].ambiguities == built["gazetteer"].ambiguities
    assert read["subdivisions"] == built["subdivisions"]
    fresh = gazetteer_forms._build_towns()
    for name in ("lamu", "jubail", "heraklion", "victoria"):
        assert read["towns"].get(name) == fresh[name]


def test_a_cached_table_is_what_the_linker_reads_not_a_rebuild(cache, monkeypatch):
    key = gazetteer.gazetteer_key()
    gazetteer._tables.__wrapped__(key)
    monkeypatch.setattr(gazetteer_forms, "_layers", lambda leaders: 1 / 0)  # a build would fail
    assert gazetteer._tables.__wrapped__(key)["gazetteer"].entries["Lamu"].iso3 == ("KEN",)


def test_the_forms_tokens_are_kept_and_match_as_the_phrase_matcher_did(cache):
    nlp, table = places._pipeline.__wrapped__()
    [stored] = cache.glob("place-patterns-*.json")
    patterns = json.loads(stored.read_text(encoding="utf-8"))
    assert patterns["Papua New Guinea"] == ["Papua", "New", "Guinea"]
    doc = nlp.make_doc("Papua New Guinea and New Guinea; the U.S.-backed Guinea-Bissau.")
    assert [(doc[m.start : m.end].text, m.entry.iso3) for m in table.matches(doc)] == [
        ("Papua New Guinea", ("PNG",)),
        ("New Guinea", ("IDN", "PNG")),
        ("U.S.", ("USA",)),
        ("Guinea-Bissau", ("GNB",)),
    ]
