"""The rules for ambiguous names: how context decides a form that also means something else.

Two tables of them. Large cities that share a name across countries (Valencia, Spain and
Venezuela): the most populous keeps the name unless the rest of the article names the
other's country more often. And the hand-kept ``data/gazetteer/ambiguous.csv`` ("Turkey"
the bird, "Chad" a given name, "Georgia" the US state), each row with its cue words and
what the form means instead. The linker (:mod:`explainers.text.places`) applies them to
its matches; :mod:`explainers.text.gazetteer` keeps them on disk with the other tables.
"""

from __future__ import annotations

from dataclasses import dataclass

from explainers.text.gazetteer_forms import (
    CITY_MIN_POPULATION,
    Entry,
    _cities,
    _codes,
    _is_current,
    _iso2_to_iso3,
    _read_csv,
    fold,
)


@dataclass(frozen=True, slots=True)
class Ambiguity:
    """How context decides a form that is also something else ("Turkey" the bird).

    The form keeps its entry unless ``given_name`` and a capitalised neighbour make it
    part of a person's name (then it is dropped), or the cue words within ``window``
    tokens (0: the whole text) point away from it more than towards it; then ``alt``
    replaces it, or the mention is dropped when ``alt`` is None.

    Example
    -------
    >>> from explainers.text.gazetteer import load_gazetteer
    >>> amb = load_gazetteer().ambiguities["Georgia"]
    >>> amb.alt.name, "atlanta" in amb.cues_against
    ('Georgia (US state)', True)
    """

    name: str
    given_name: bool
    window: int
    cues_against: frozenset[str]
    cues_for: frozenset[str]
    alt: Entry | None
    # Decide by which of the two countries the rest of the article names more often.
    by_countries: bool = False


def _city_homonyms() -> dict[str, Ambiguity]:
    """Large cities that share a name across countries (Valencia, Spain and Venezuela).

    The most populous keeps the name unless the rest of the article names the other's
    country more often (one sense per article); no cue words, only the countries named.
    """
    to_iso3 = _iso2_to_iso3()
    by_name: dict[str, list[dict]] = {}
    for city in _cities():
        if city["population"] >= CITY_MIN_POPULATION and "," not in city["name"]:
            by_name.setdefault(city["name"], []).append(city)
    table = {}
    for name, cities in sorted(by_name.items()):
        ranked = sorted(cities, key=lambda c: -c["population"])
        second = next((c for c in ranked[1:] if c["countrycode"] != ranked[0]["countrycode"]), None)
        if second is None or not _is_current(to_iso3.get(second["countrycode"], "")):
            continue
        alt_iso3 = to_iso3[second["countrycode"]]
        table[fold(name)] = Ambiguity(
            name=name,
            given_name=False,
            window=0,
            cues_against=frozenset(),
            cues_for=frozenset(),
            alt=Entry(name, "place", (alt_iso3,), second["latitude"], second["longitude"]),
            by_countries=True,
        )
    return table


def _ambiguities() -> dict[str, Ambiguity]:
    table = _city_homonyms()
    for row in _read_csv("ambiguous.csv"):
        alt = None
        if row["alt_kind"]:
            alt = Entry(row["alt_label"], row["alt_kind"], _codes(row["alt_iso3"]))  # type: ignore[arg-type]
        table[fold(row["name"])] = Ambiguity(
            name=row["name"],
            given_name=row["given_name"] == "yes",
            window=int(row["window"]),
            cues_against=frozenset(filter(None, row["cues_against"].split("|"))),
            cues_for=frozenset(filter(None, row["cues_for"].split("|"))),
            alt=alt,
        )
    return table
