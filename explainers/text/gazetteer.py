"""Name tables for the place linker: loaded once (built, then kept on disk) and looked up.

The linker (:mod:`explainers.text.places`) matches surface forms; the tables say what each
form means. They are built from library data and the hand-kept CSVs under
``data/gazetteer/`` (:mod:`explainers.text.gazetteer_forms`, which also says which table
wins a form two of them claim), with the rules for ambiguous names
(:mod:`explainers.text.gazetteer_ambiguity`). This module keeps the built tables in the
disk cache, reads them once per process (:func:`load_gazetteer`) and answers the lookups
outside the phrase matcher: subdivisions, towns the gazetteer leaves out, and the place a
dateline names.

Example
-------
>>> from explainers.text.gazetteer import load_gazetteer
>>> gaz = load_gazetteer()
>>> gaz.entries["Sri Lankan"].iso3
('LKA',)
>>> gaz.entries["Kremlin"].kind
'organisation'
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass

from explainers import paths
from explainers.text.gazetteer_ambiguity import Ambiguity, _ambiguities
from explainers.text.gazetteer_forms import (
    FORUM_LEADERS,
    Entry,
    _build_subdivisions,
    _build_towns,
    _built_gazetteer,
    _forum_leaders,
    fold,
)


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """All surface forms (keys, folded with :func:`fold`) and the ambiguous ones.

    ``unread`` holds the error of each optional table that could not be read and so is
    left out (today only the forum's leaders): a
    :class:`explainers.data.datasets.DataFileError` naming the file, what is wrong, the fix.
    """

    entries: Mapping[str, Entry]
    ambiguities: Mapping[str, Ambiguity]
    unread: tuple[Exception, ...] = ()


def subdivisions() -> dict[str, tuple[Entry, ...]]:
    """ISO 3166-2 first-level subdivisions by folded lower-cased form (see
    :func:`explainers.text.gazetteer_forms._build_subdivisions`), from the disk cache or built."""
    return _process_tables()["subdivisions"]


@functools.cache
def load_gazetteer() -> Gazetteer:
    """The tables, read once per process from the disk cache or built (about a second).

    A forum leaders' file that cannot be read leaves the leaders out (see
    :attr:`Gazetteer.unread`, which the callers report); the rest is built as usual.

    Example
    -------
    >>> load_gazetteer().entries["Beijing"].iso3
    ('CHN',)
    """
    return _tables(_forum_key())["gazetteer"]


def _towns() -> dict[str, list[tuple[str, str, float, float]]]:
    return _process_tables()["towns"]


def town_candidates(key: str) -> list[Entry]:
    """Every town of 15,000+ people with this folded lower-cased name, one per country,
    most populous first."""
    seen: dict[str, Entry] = {}
    for code, name, lat, lon in _towns().get(key, ()):
        if code not in seen:
            seen[code] = Entry(name, "place", (code,), lat, lon)
    return list(seen.values())


def town_named(name: str, iso3: str | None = None) -> Entry | None:
    """A town the gazetteer leaves out (below 500,000 people), for where context vouches
    for it: "Lamu, Kenya" in running text, or "KYAUKPYU —" in a dateline.

    Towns down to 15,000 people would bring false links on their own ("Police" and "Of"
    are towns), so the linker asks for one only with the country beside it or in a
    dateline. Case and accents do not matter; with ``iso3``, only a town in that country.

    Example
    -------
    >>> town_named("Lamu", "KEN").iso3, town_named("LAMU").name
    (('KEN',), 'Lamu')
    >>> town_named("Lamu", "CHN") is None
    True
    """
    for code, town, lat, lon in _towns().get(fold(name).lower(), ()):
        if iso3 is None or iso3 == code:
            return Entry(town, "place", (code,), lat, lon)
    return None


@functools.cache
def _places_by_lower() -> dict[str, Entry]:
    entries = load_gazetteer().entries
    table: dict[str, Entry] = {}
    for form, entry in entries.items():
        if entry.kind in ("place", "country") and entry.role != "prefix":
            table.setdefault(form.lower(), entry)
    return table


def place_named(name: str, within: str = "") -> Entry | None:
    """The place a dateline names, in any case: "ADDIS ABABA", or "AKTAU" with
    ``within="Kazakhstan"`` (the country a dateline may print after the place).

    The gazetteer first, then towns down to 15,000 people (a dateline vouches for a
    place); failing both, the country printed after it.

    Example
    -------
    >>> place_named("ADDIS ABABA").iso3, place_named("Aktau", within="Kazakhstan").iso3
    (('ETH',), ('KAZ',))
    """
    table = _places_by_lower()
    country = table.get(fold(within).lower()) if within else None
    codes = country.iso3 if country is not None and country.kind == "country" else ()
    entry = table.get(fold(name).lower())
    if entry is not None and (not codes or set(codes) & set(entry.iso3)):
        return entry
    town = town_named(name, codes[0] if len(codes) == 1 else None)
    return town or country


# ---- the built tables on disk ----------------------------------------------------------
# Building the tables reads pycountry's and GeoNames' files (tens of megabytes) and takes
# seconds of CPU; the command line's first answer waited for it every time. The result
# depends only on the package's code and data, the libraries' versions (all in
# :func:`explainers.disk_cache.code_digest`) and the forum's leaders file (in the key),
# so it is kept as JSON by :mod:`explainers.disk_cache` and read in a fraction of that.


def _forum_key() -> tuple[str, str]:
    from explainers import disk_cache

    forum = paths.PROCESSED_DIR / FORUM_LEADERS
    return str(forum), disk_cache.files_digest([forum])


def _entry_row(entry: Entry) -> list:
    return [entry.name, entry.kind, list(entry.iso3), entry.lat, entry.lon, entry.role]


def _entry_from(row: list) -> Entry:
    return Entry(row[0], row[1], tuple(row[2]), row[3], row[4], row[5])


def _ambiguity_row(amb: Ambiguity) -> list:
    alt = _entry_row(amb.alt) if amb.alt is not None else None
    against, favour = sorted(amb.cues_against), sorted(amb.cues_for)
    return [amb.name, amb.given_name, amb.window, against, favour, alt, amb.by_countries]


def _ambiguity_from(row: list) -> Ambiguity:
    name, given, window, against, favour, alt, by_countries = row
    alt_entry = _entry_from(alt) if alt is not None else None
    return Ambiguity(
        name, given, window, frozenset(against), frozenset(favour), alt_entry, by_countries
    )


def _tables_json() -> str:
    """Every table built from the libraries and CSVs, as the cache's JSON text."""
    leaders, unread = _forum_leaders()
    return json.dumps(
        {
            "entries": {f: _entry_row(e) for f, e in _built_gazetteer(leaders).items()},
            "ambiguities": {f: _ambiguity_row(a) for f, a in _ambiguities().items()},
            "subdivisions": {
                f: [_entry_row(e) for e in es] for f, es in _build_subdivisions().items()
            },
            "towns": {key: _town_line(found) for key, found in _build_towns().items()},
            "leaders_unread": unread is not None,
        },
        ensure_ascii=False,
    )


def _town_line(towns: list[tuple[str, str, float, float]]) -> str:
    """Towns of one name as one string ('KEN\tLamu\t-2.27\t40.90\n...'): 100,000 names as
    strings parse in a tenth of the time of nested lists, and most are never looked up."""
    return "\n".join("\t".join(map(str, town)) for town in towns)


class _TownLines(dict):
    """The towns table as stored: each name's line split into towns when first asked for."""

    def get(self, key, default=()):
        line = super().get(key)
        if line is None:
            return default
        if isinstance(line, str):
            line = [
                (code, name, float(lat), float(lon))
                for code, name, lat, lon in (town.split("\t") for town in line.split("\n"))
            ]
            self[key] = line
        return line


def _tables_from(text: str) -> dict:
    data = json.loads(text)
    unread: tuple[Exception, ...] = ()
    if data["leaders_unread"]:  # say again why, as a fresh build would
        error = _forum_leaders()[1]
        unread = (error,) if error is not None else ()
    entries = {f: _entry_from(row) for f, row in data["entries"].items()}
    ambiguities = {f: _ambiguity_from(row) for f, row in data["ambiguities"].items()}
    return {
        "gazetteer": Gazetteer(entries, ambiguities, unread),
        "subdivisions": {
            f: tuple(_entry_from(row) for row in rows) for f, rows in data["subdivisions"].items()
        },
        "towns": _TownLines(data["towns"]),
    }


@functools.cache
def _tables(forum_key: tuple[str, str]) -> dict:
    """The gazetteer, subdivisions and towns for this forum file, read or built once."""
    from explainers import disk_cache

    return disk_cache.cached("gazetteer", list(forum_key), _tables_json, _tables_from)


@functools.cache
def gazetteer_key() -> tuple[str, str]:
    """What, beside the code, the tables depend on: the forum file's path and digest,
    hashed once per process (so not per lookup)."""
    return _forum_key()


def _process_tables() -> dict:
    return _tables(gazetteer_key())
