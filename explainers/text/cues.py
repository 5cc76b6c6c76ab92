"""The long tail of place names, linked only where the text vouches for them.

The phrase matcher (:mod:`explainers.text.places`) finds every form the gazetteer holds.
This module adds what a table alone cannot decide, by kind:

- text prepared for matching one character for one: citation markers (``Tibet.[81]``)
  and stuck footnote digits blanked, a line break inside a paragraph read as a space;
- blocked links: a country or city inside a sea's name ("Gulf of Oman"), a currency
  ("U.S. $6 billion"), a lake or mountain ("Lake Victoria"), a company or ship
  ("Morgan Stanley", "Cosco Wellington"), a street or station ("Moscow metro station");
- homonyms settled by the nearest country the text names (Punjab in India or Pakistan,
  Victoria in Australia or the Seychelles, which Congo);
- towns of 15,000+ (GeoNames) and subdivisions whose bare name is a common word, linked
  only with a cue: their country named in the text and a preposition, a port or border
  word, a type word ("Shan State", "the Pool department"), or a second mention;
- a dateline in capitals ("ATHENS -", "JAKARTA/ROME (Silk Wire) -");
- ISO 3166-1 alpha-2 codes ("KZ") only for a country the text also names in full.

Example
-------
>>> prepared("Tibet.[81] Sri\\nLankan")
'Tibet.     Sri Lankan'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import pycountry
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc

from explainers.text.gazetteer import place_named, subdivisions, town_candidates
from explainers.text.gazetteer_forms import GENERIC_NAMES, Entry, fold

_CITATION = re.compile(
    r"\[(?:\d{1,3}|[a-z]|note \d{1,3}|nb \d{1,3}|citation needed)\]"
    r"|(?<=[a-z][.,;])\d{1,3}(?=\s|$)"
)
_WRAPPED = re.compile(r"(?<=[\w,;'’-])\n(?=[\w(])")
LONG_CHUNK = 100
"""Characters without a space past which a run is not prose (a rule, a table border,
hostile input): its punctuation is blanked before tokenising. spaCy strips a token's
prefixes and suffixes one at a time, each a copy of the rest, so 200 KB of ``*`` or
``[](`` in one token took minutes; blanked, it is many short tokens, linked in a second."""
_LONG_CHUNK = re.compile(rf"\S{{{LONG_CHUNK + 1},}}")
_NOT_ALNUM = re.compile(r"[\W_]")
_PUNCTUATION_RUN = re.compile(r"(?:[^\w\s'\"“”]|_){4,}")
"""Four or more marks in a row ('-----', '**[(', '....'): no name is in them, and
blanked they cost the tokenizer nothing."""
_DATELINE = re.compile(
    r"(?m)^(?P<places>[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,2}"
    r"(?:/[A-Z][A-Z'’.-]+(?: [A-Z][A-Z'’.-]+){0,2})*)(?=,| [-—–] | \()"
)
_WATER = frozenset(["gulf", "sea", "bay", "strait", "straits"])
_LANDFORMS = frozenset(["Lake", "Mount", "Cape", "Mt", "Mt."])
_CURRENCY_AFTER = frozenset(["$", "dollar", "dollars"])
_STREET_AFTER = frozenset(["Street", "Road", "Avenue", "Boulevard", "Square", "Station"])
_QUALIFIERS = frozenset(
    [
        "North",
        "South",
        "East",
        "West",
        "Central",
        "Greater",
        "New",
        "Old",
        "Upper",
        "Lower",
        "Eastern",
        "Western",
        "Northern",
        "Southern",
        "Inner",
        "Outer",
        "Metro",
    ]
)
_CUE_BEFORE = frozenset(
    [
        "in",
        "near",
        "at",
        "from",
        "to",
        "via",
        "outside",
        "around",
        "towards",
        "toward",
        "between",
        "of",
        "into",
        "through",
    ]
)
_CUE_WORDS = frozenset(
    [
        "port",
        "ports",
        "border",
        "crossing",
        "town",
        "city",
        "village",
        "district",
        "county",
        "province",
        "state",
        "region",
        "department",
        "governorate",
        "prefecture",
        "island",
        "terminal",
        "station",
        "dry",
    ]
)
_TYPE_WORDS = {
    "state": 1,
    "province": 1,
    "county": 1,
    "region": 1,
    "department": 1,
    "governorate": 1,
    "states": 2,
    "provinces": 2,
    "counties": 2,
    "regions": 2,
    "departments": 2,
}
"""Words after a name that make it a subdivision; plurals may cover 'X and Y provinces'."""
_ISO2_WORDS = frozenset(
    [
        "IN",
        "IT",
        "AT",
        "BE",
        "NO",
        "TO",
        "AM",
        "AS",
        "IS",
        "ME",
        "MY",
        "OR",
        "GO",
        "ID",
        "US",
        "UK",
        "SO",
        "DO",
        "HE",
        "BY",
        "PE",
        "PA",
        "AD",
        "TV",
        "AI",
        "AL",
        "CA",
        "CO",
        "DE",
        "ST",
        "GE",
        "MA",
        "MD",
        "MS",
        "NE",
        "LA",
        "SE",
        "SA",
        "SC",
        "SD",
        "SG",
        "TN",
        "UN",
        "VA",
        "BS",
        "CH",
        "CD",
        "CF",
        "CG",
        "KM",
    ]
)
"""Two capital letters that are also words or common abbreviations: never read as a code."""
NEAREST_WINDOW = 60
_MAX_NAME_TOKENS = 3


def prepared(text: str) -> str:
    """The text as matched: folded, citation markers blanked, wrapped lines joined, runs
    of four marks or more blanked, and the punctuation of any run of more than
    :data:`LONG_CHUNK` characters without a space blanked (a long link keeps its words).

    Every change is one character for one, so offsets stay those of ``text``.

    >>> prepared("a " + "*_[" * 40 + "Kenya" + "]" * 10).split()
    ['a', 'Kenya']
    """
    folded = fold(text)
    folded = _CITATION.sub(lambda m: " " * len(m.group()), folded)
    folded = _PUNCTUATION_RUN.sub(lambda m: " " * len(m.group()), folded)
    folded = _LONG_CHUNK.sub(lambda m: _NOT_ALNUM.sub(" ", m.group()), folded)
    return _WRAPPED.sub(" ", folded)


def blocked(doc: Doc, start: int, end: int, entry: Entry, is_name_word) -> bool:
    """A match that names something else: a sea, a currency, a lake, a company or ship,
    a street or station. ``is_name_word(i)`` says whether token ``i`` is a capitalised
    word of a name (not a mention, a stop word or a place suffix)."""
    before = [t.lower_ for t in doc[max(0, start - 2) : start]]
    if len(before) == 2 and before[1] == "of" and before[0] in _WATER:
        return True
    after = doc[end].text if end < len(doc) else ""
    if after in _CURRENCY_AFTER or after.startswith("$"):
        return True
    if start > 0 and doc[start - 1].text in _LANDFORMS:
        return True
    if entry.kind != "place" or len(entry.iso3) != 1:
        return False
    if after in _STREET_AFTER or (
        after == "metro" and end + 1 < len(doc) and doc[end + 1].lower_ == "station"
    ):
        return True
    prev = start - 1
    return (
        prev >= 0
        and doc[prev].text not in _QUALIFIERS
        and is_name_word(prev)
        and not _sentence_start(doc, prev)
    )


def _sentence_start(doc: Doc, i: int) -> bool:
    return i == 0 or doc[i - 1].text in '.!?"“”:;-—–(' or "\n" in doc[i - 1].whitespace_


def nearest_choice(
    doc: Doc,
    start: int,
    options: Sequence[Entry],
    code_positions: dict[str, list[int]],
    word_cues: dict[str, int] | None = None,
) -> Entry | None:
    """The option whose country the text names nearest to token ``start`` (within
    :data:`NEAREST_WINDOW` tokens), by an unambiguous mention of the country or, with
    ``word_cues`` (lower-cased word -> option index), by a cue word; None if none is near."""
    best: tuple[int, int] | None = None
    for index, option in enumerate(options):
        for code in option.iso3:
            for pos in code_positions.get(code, ()):
                distance = abs(pos - start)
                if 0 < distance <= NEAREST_WINDOW and (best is None or distance < best[0]):
                    best = (distance, index)
    if word_cues:
        lo, hi = max(0, start - NEAREST_WINDOW), min(len(doc), start + NEAREST_WINDOW)
        for i in range(lo, hi):
            index = word_cues.get(doc[i].lower_)
            distance = abs(i - start)
            if index is not None and distance and (best is None or distance < best[0]):
                best = (distance, index)
    return options[best[1]] if best else None


def _is_word(doc: Doc, i: int) -> bool:
    word = doc[i].text.replace("'", "").replace("-", "")
    return (
        word.isalpha()
        and word[:1].isupper()
        and not word.isupper()
        and doc[i].lower_ not in STOP_WORDS
    )


def _typed(doc: Doc, end: int) -> bool:
    """A type word right after the name, or a plural one after 'and Y' / ', Y'."""
    if end < len(doc) and _TYPE_WORDS.get(doc[end].lower_) == 1:
        return True
    for i in range(end, min(len(doc), end + 5)):
        if _TYPE_WORDS.get(doc[i].lower_) == 2:
            return all(
                doc[j].text in (",", "and") or doc[j].text[:1].isupper() for j in range(end, i)
            )
    return False


def _choose(options: Sequence[Entry], doc, start, positions) -> Entry | None:
    named = [o for o in options if any(c in positions for c in o.iso3)]
    if not named:
        return None
    if len(named) == 1:
        return named[0]
    return nearest_choice(doc, start, named, positions) or max(
        named, key=lambda o: len(positions.get(o.iso3[0], ()))
    )


def cued_places(
    doc: Doc,
    taken: set[int],
    positions: dict[str, list[int]],
    lowered: set[str],
    counts: Callable[[str], int],
) -> list[tuple[int, int, Entry]]:
    """Towns and subdivisions the tables alone do not link, where the text vouches.

    ``positions`` maps each country the text names unambiguously to its token
    positions; ``lowered`` holds the words the text uses in lower case (a town named
    like a word the text uses as a word is not a town); ``counts(name)`` how often
    the name occurs.
    """
    found: list[tuple[int, int, Entry]] = []
    i = 0
    while i < len(doc):
        if i in taken or not _is_word(doc, i):
            i += 1
            continue
        hit = None
        for size in range(_MAX_NAME_TOKENS, 0, -1):
            end = i + size
            if end > len(doc) or any(j in taken or not _is_word(doc, j) for j in range(i, end)):
                continue
            hit = _cued(doc, i, end, positions, lowered, counts)
            if hit:
                break
        if hit:
            found.append(hit)
            i = hit[1]
        else:
            i += 1
    return found


def _cued(doc, start, end, positions, lowered, counts) -> tuple[int, int, Entry] | None:
    name = doc[start:end].text
    key = fold(name).lower()
    if _typed(doc, end):
        entry = _choose(subdivisions().get(key, ()), doc, start, positions)
        if entry is not None:
            return start, end, entry
    if end - start == 1 and key in lowered:
        return None
    if any(doc[i].text in GENERIC_NAMES for i in range(start, end)):
        return None
    if end < len(doc) and _is_word(doc, end):
        return None  # a longer name: 'Chaman Khan'
    prev = doc[start - 1].lower_ if start > 0 else ""
    if prev in ("mr", "mrs", "ms", "dr", "analyst", "said"):
        return None
    options = [*town_candidates(key), *subdivisions().get(key, ())]
    entry = _choose(options, doc, start, positions)
    if entry is None:
        return None
    near = {t.lower_ for t in doc[max(0, start - 3) : min(len(doc), end + 3)]}
    country_near = any(abs(p - start) <= 15 for code in entry.iso3 for p in positions.get(code, ()))
    such_as = prev == "as" and start > 1 and doc[start - 2].lower_ == "such"
    cue = prev in _CUE_BEFORE or such_as or near & _CUE_WORDS or counts(name) > 1 or country_near
    if _sentence_start(doc, start) and not (country_near or near & _CUE_WORDS):
        return None
    return (start, end, entry) if cue else None


_REGION = re.compile(r", (?P<region>[A-Z][\w'’.]+(?: [A-Z][\w'’.]+){0,2})(?= [-—–] | \()")
"""The country or state a dateline prints after its place: 'HYDERABAD, Pakistan -'."""


def datelines(text: str) -> list[tuple[int, int, Entry]]:
    """Places a dateline prints in capitals at the start of a line, with offsets; a
    country printed after the place chooses among its homonyms ('HYDERABAD, Pakistan')."""
    found = []
    for m in _DATELINE.finditer(text):
        offset = m.start()
        after = _REGION.match(text, m.end())
        within = after.group("region") if after else ""
        for piece in m.group("places").split("/"):
            entry = place_named(piece, within=within) if len(piece) > 2 else None
            if entry is not None and within and entry.kind == "country":
                entry = None  # no such place: the country itself is linked where printed
            if entry is not None:
                found.append((offset, offset + len(piece), entry))
            offset += len(piece) + 1
    return found


def iso2_codes(doc: Doc, taken: set[int], positions: dict[str, list[int]]):
    """Two-letter codes ('KZ') for a country the text names in full, never a word."""
    found = []
    for token in doc:
        text = token.text
        if token.i in taken or len(text) != 2 or not text.isupper() or text in _ISO2_WORDS:
            continue
        country = pycountry.countries.get(alpha_2=text)
        if country is not None and country.alpha_3 in positions:
            found.append((token.i, token.i + 1, Entry(country.name, "country", (country.alpha_3,))))
    return found
