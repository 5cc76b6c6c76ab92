"""Places, countries, people and organisations named in a news article, with offsets.

A blank English spaCy pipeline tokenises the text; a table of token sequences finds every
surface form of :mod:`explainers.text.gazetteer`; the longest match wins ("Papua New Guinea"
over "Guinea", "China Railway" over "China"). Then context decides the ambiguous forms
(Turkey the bird, Chad the name, Georgia the US state, which Congo), a town the gazetteer
leaves out counts when its country follows it ("Lamu, Kenya"), combining forms join
their compound ("Sino-Russian" links China and Russia), and each match becomes a
:class:`Mention` with offsets into the text as given.

The text is folded one character for one (:func:`explainers.text.gazetteer_forms.fold`) before
tokenising, so "Erdoğan" and "China’s" match while offsets stay those of the original.

Example
-------
>>> [(m.text, m.kind, m.iso3) for m in find_mentions("Xi met Putin in Beijing.")]
[('Xi', 'person', ('CHN',)), ('Putin', 'person', ('RUS',)), ('Beijing', 'place', ('CHN',))]
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import spacy
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from explainers import disk_cache
from explainers.text import cues
from explainers.text.gazetteer import gazetteer_key, load_gazetteer, subdivisions, town_named
from explainers.text.gazetteer_ambiguity import Ambiguity
from explainers.text.gazetteer_forms import Entry, Kind

_COMPOUND_JOINERS = frozenset("-/")
"""What joins the two halves of 'China-Pakistan' or 'US/China' (after folding)."""

_NAME_CONTINUATIONS = frozenset(
    [
        "Basin",
        "River",
        "Valley",
        "Lake",
        "Sea",
        "Strait",
        "Gulf",
        "Delta",
        "Rift",
        "Embassy",
        "Ministry",
        "Government",
        "President",
        "Prime",
        "King",
        "Kingdom",
        "Airways",
        "Airlines",
        "Army",
        "Armed",
        "Central",
        "National",
        "Republic",
        "Dead",
        "Red",
        "Crescent",
        "Times",
        "Post",
        "Today",
        "Telecom",
        "Railways",
        "Ports",
    ]
)
"""Capitalised words that may follow a country's name without making it a person's."""

_HONORIFICS = frozenset(
    ["Mr", "Mrs", "Ms", "Miss", "Dr", "Mr.", "Mrs.", "Ms.", "Dr.", "Sir", "Dame", "Professor"]
)
"""Words before a name that make it a person's: 'Mr Jordan'."""

_SENTENCE_END = frozenset('.!?"“”:;')


@dataclass(frozen=True, slots=True)
class Mention:
    """One place, country, person or organisation named in a text.

    ``iso3`` lists the countries the mention points to: one for "Russian", two for
    "Sino-Russian", the members for "Central Asia", the leader's country for "Putin",
    none for "Reuters". ``name`` is the canonical label ("Russia" for "Russians").

    Example
    -------
    >>> m = find_mentions("Sino-Russian ties")[0]
    >>> (m.start, m.end, m.text, m.kind, m.iso3)
    (0, 12, 'Sino-Russian', 'country', ('CHN', 'RUS'))
    """

    start: int
    end: int
    text: str
    kind: Kind
    iso3: tuple[str, ...]
    name: str
    lat: float | None = None
    lon: float | None = None

    def to_json(self) -> dict[str, object]:
        """The command line's record: start, end, text, kind and iso3 as a list."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "iso3": list(self.iso3),
        }


@dataclass(frozen=True, slots=True)
class _Match:
    start: int  # token indices into the doc
    end: int
    entry: Entry


class _FormTable:
    """Every surface form as its tokens' texts: what spaCy's ``PhraseMatcher`` on ORTH
    did, without building one (8,000 patterns took a second of the command line's
    start); the tokens come from the disk cache once the forms have been tokenised.

    >>> nlp, table = _pipeline()
    >>> [(m.start, m.end, m.entry.name) for m in table.matches(nlp.make_doc("Papua New Guinea"))]
    [(0, 3, 'Papua New Guinea')]
    """

    def __init__(self, patterns: dict[str, list[str]]) -> None:
        self.forms = {tuple(tokens): form for form, tokens in patterns.items()}
        self.prefixes = {key[:size] for key in self.forms for size in range(1, len(key))}

    def matches(self, doc: Doc) -> list[_Match]:
        """The longest forms, earliest first, that do not overlap (spaCy's
        ``filter_spans`` rule), in reading order."""
        entries = load_gazetteer().entries
        words = [token.text for token in doc]
        found: list[tuple[int, int, str]] = []
        for start in range(len(words)):
            key: tuple[str, ...] = ()
            for end in range(start, len(words)):
                key = (*key, words[end])
                form = self.forms.get(key)
                if form is not None:
                    found.append((start, end + 1, form))
                if key not in self.prefixes:
                    break
        found.sort(key=lambda hit: (hit[0] - hit[1], hit[0]))
        taken: set[int] = set()
        kept = []
        for start, end, form in found:
            if not taken.intersection(range(start, end)):
                kept.append(_Match(start, end, entries[form]))
                taken.update(range(start, end))
        return sorted(kept, key=lambda m: m.start)


def _tokenizer() -> Language:
    nlp = spacy.blank("en")
    # "U.S.-backed" is one token by default; split the hyphen after an abbreviation.
    infixes = [*nlp.Defaults.infixes, r"(?<=[A-Z]\.)-(?=[A-Za-z])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    return nlp


@functools.cache
def _pipeline() -> tuple[Language, _FormTable]:
    """Build the tokenizer and the form table once per process: the cold cost of linking.

    The forms' tokens are kept by :mod:`explainers.disk_cache` beside the gazetteer's
    tables (same code, same data, same forum file)."""
    nlp = _tokenizer()

    def build() -> str:
        forms = list(load_gazetteer().entries)
        tokens = [[t.text for t in doc] for doc in nlp.tokenizer.pipe(forms)]
        return json.dumps(dict(zip(forms, tokens, strict=True)), ensure_ascii=False)

    key = ["patterns", *gazetteer_key()]
    return nlp, disk_cache.cached("place-patterns", key, build, lambda t: _FormTable(json.loads(t)))


def _candidates(doc: Doc, table: _FormTable) -> list[_Match]:
    return table.matches(doc)


def _is_name_word(doc: Doc, i: int, taken: set[int]) -> bool:
    """A capitalised word that is not a stop word, a mention or a place suffix."""
    if i < 0 or i >= len(doc) or i in taken:
        return False
    token = doc[i]
    word = token.text.replace("'", "").replace("-", "")
    return (
        word.isalpha()
        and word[:1].isupper()
        and not word.isupper()
        and token.lower_ not in STOP_WORDS
        and token.text not in _NAME_CONTINUATIONS
    )


def _starts_sentence(doc: Doc, i: int) -> bool:
    return (
        i == 0
        or doc[i - 1].text in _SENTENCE_END
        or "\n" in doc[i - 1].whitespace_ + doc[i - 1].text
    )


def _in_person_name(doc: Doc, match: _Match, taken: set[int]) -> bool:
    """'Chad Smith', 'Michael Jordan', 'Mr Jordan': a capitalised word or a title beside
    the form."""
    if _is_name_word(doc, match.end, taken):
        return True
    if match.start > 0 and doc[match.start - 1].text in _HONORIFICS:
        return True
    before = match.start - 1
    return _is_name_word(doc, before, taken) and not _starts_sentence(doc, before)


class _Context:
    """Counts over the whole text, computed once and only if a form needs them."""

    def __init__(self, doc: Doc, found: Sequence[_Match], resolved: bool = False) -> None:
        self.doc = doc
        self.found = found
        self.resolved = resolved
        self.taken = {i for m in found for i in range(m.start, m.end)}

    @functools.cached_property
    def words(self) -> Counter[str]:
        return Counter(t.lower_ for t in self.doc)

    @functools.cached_property
    def positions(self) -> dict[str, list[int]]:
        """Token positions of each country named by a form that is not ambiguous."""
        ambiguous = load_gazetteer().ambiguities
        table: dict[str, list[int]] = {}
        for m in self.found:
            settled = self.resolved or self.doc[m.start : m.end].text not in ambiguous
            if len(m.entry.iso3) == 1 and settled:
                table.setdefault(m.entry.iso3[0], []).append(m.start)
        return table

    @functools.cached_property
    def codes(self) -> Counter[str]:
        """Countries named by forms that are not themselves ambiguous."""
        ambiguous = load_gazetteer().ambiguities
        return Counter(
            code
            for m in self.found
            if self.doc[m.start : m.end].text not in ambiguous
            for code in m.entry.iso3
        )


def _cue_counts(context: _Context, match: _Match, amb: Ambiguity) -> tuple[int, int]:
    """Cue words against and for the form's usual sense, within the window or the
    whole text; for a choice between two countries, also the unambiguous mentions
    of either one anywhere in the text (one sense per article)."""
    if amb.window:
        doc = context.doc
        lo, hi = max(0, match.start - amb.window), min(len(doc), match.end + amb.window)
        words = Counter(t.lower_ for t in doc[lo:hi])
    else:
        words = context.words
    against = sum(words[w] for w in amb.cues_against)
    favour = sum(words[w] for w in amb.cues_for)
    if amb.alt is not None and (amb.alt.kind == "country" or amb.by_countries):
        favour += sum(context.codes[c] for c in match.entry.iso3)
        against += sum(context.codes[c] for c in amb.alt.iso3)
    return against, favour


def _resolve(doc: Doc, found: list[_Match]) -> list[_Match]:
    """Let context decide each ambiguous form: keep it, swap it, or drop it."""
    ambiguities = load_gazetteer().ambiguities
    context = _Context(doc, found)
    kept = []
    for match in found:
        amb = ambiguities.get(doc[match.start : match.end].text)
        if amb is None:
            kept.append(match)
            continue
        if amb.given_name and _in_person_name(doc, match, context.taken):
            continue
        if amb.alt is not None and (amb.alt.kind == "country" or amb.by_countries):
            word_cues = {w: 0 for w in amb.cues_for} | {w: 1 for w in amb.cues_against}
            near = cues.nearest_choice(
                doc, match.start, [match.entry, amb.alt], context.positions, word_cues
            )
            if near is not None:
                kept.append(_Match(match.start, match.end, near))
                continue
        against, favour = _cue_counts(context, match, amb)
        if against <= favour:
            kept.append(match)
        elif amb.alt is not None:
            kept.append(_Match(match.start, match.end, amb.alt))
    return kept


_MAX_TOWN_WORDS = 3


def _is_town_word(doc: Doc, i: int) -> bool:
    word = doc[i].text.replace("'", "").replace("-", "")
    return word.isalpha() and word[:1].isupper() and doc[i].lower_ not in STOP_WORDS


def _towns_before_countries(doc: Doc, found: list[_Match]) -> list[_Match]:
    """'Lamu, Kenya' or 'Bagamoyo, Tanzania': capitalised words just before a comma and a
    country name a town when GeoNames lists a town of that name in that country (down to
    15,000 people; the gazetteer alone stops at 500,000). The country vouches for it, so
    'Still, Kenya' links nothing: Kenya has no town called Still."""
    taken = {i for m in found for i in range(m.start, m.end)}
    towns = []
    for match in found:
        comma = match.start - 1
        if match.entry.kind != "country" or len(match.entry.iso3) != 1:
            continue
        if comma < 1 or doc[comma].text != ",":
            continue
        for start in range(max(0, comma - _MAX_TOWN_WORDS), comma):
            words = range(start, comma)
            if any(i in taken or not _is_town_word(doc, i) for i in words):
                continue
            town = town_named(" ".join(doc[i].text for i in words), match.entry.iso3[0])
            if town is not None:
                towns.append(_Match(start, comma, town))
                taken.update(words)
                break
    return sorted([*found, *towns], key=lambda m: m.start)


def _unblocked(doc: Doc, found: list[_Match]) -> list[_Match]:
    """Drop matches that name a sea, a currency, a lake, a company, a ship or a street."""
    taken = {i for m in found for i in range(m.start, m.end)}
    organisations = {
        i for m in found if m.entry.kind == "organisation" for i in range(m.start, m.end)
    }

    def name_word(i: int) -> bool:
        return i in organisations or _is_name_word(doc, i, taken)

    kept, blocked = [], doc.user_data.setdefault("blocked", set())
    for m in found:
        if cues.blocked(doc, m.start, m.end, m.entry, name_word):
            blocked.update(range(m.start, m.end))
        else:
            kept.append(m)
    return kept


def _split_compound_names(doc: Doc, found: list[_Match]) -> list[_Match]:
    """'Laos-China Railway': the company 'China Railway' after a hyphen joined to a country
    is the second half of a compound, so its first word is read as the country."""
    entries = load_gazetteer().entries
    out: list[_Match] = []
    for m in found:
        first = entries.get(doc[m.start].text)
        if (
            m.entry.kind == "organisation"
            and out
            and first is not None
            and first.kind == "country"
            and _joined(doc, out[-1], _Match(m.start, m.start + 1, first))
        ):
            out.append(_Match(m.start, m.start + 1, first))
        else:
            out.append(m)
    return out


def _homonyms(doc: Doc, found: list[_Match]) -> list[_Match]:
    """A place several countries share (Punjab, Victoria, Eastern Province): the one
    whose country the text names nearest."""
    context = _Context(doc, found)
    out = []
    for match in found:
        options = subdivisions().get(doc[match.start : match.end].text.lower(), ())
        if match.entry.kind == "place" and len(match.entry.iso3) == 1 and options:
            others = [o for o in options if o.iso3 != match.entry.iso3]
            if others:
                near = cues.nearest_choice(
                    doc, match.start, [match.entry, *others], context.positions
                )
                if near is not None and near.iso3 != match.entry.iso3:
                    match = _Match(match.start, match.end, near)
        out.append(match)
    return out


_LOWER_WORD = re.compile(r"(?<![\w'-])[a-z][a-z'-]*")


def _long_tail(doc: Doc, found: list[_Match], text: str) -> list[_Match]:
    """Datelines, two-letter codes, and towns and subdivisions the text vouches for."""
    context = _Context(doc, found, resolved=True)
    taken = set(context.taken) | doc.user_data.get("blocked", set())
    extra: list[_Match] = []

    def add(start: int, end: int, entry: Entry) -> None:
        if not any(i in taken for i in range(start, end)):
            extra.append(_Match(start, end, entry))
            taken.update(range(start, end))

    for start_char, end_char, entry in cues.datelines(text):
        span = doc.char_span(start_char, end_char)
        if span is not None:
            add(span.start, span.end, entry)
    positions = context.positions
    for start, end, entry in cues.iso2_codes(doc, taken, positions):
        add(start, end, entry)
    matched = doc.text
    lowered = set(_LOWER_WORD.findall(matched))
    for start, end, entry in cues.cued_places(doc, taken, positions, lowered, matched.count):
        add(start, end, entry)
    return sorted([*found, *extra], key=lambda m: m.start)


def _joined(doc: Doc, left: _Match, right: _Match) -> bool:
    return (
        right.start == left.end + 1
        and doc[left.end].text in _COMPOUND_JOINERS
        and not doc[left.end - 1].whitespace_
        and not doc[left.end].whitespace_
        and left.entry.kind == right.entry.kind == "country"
    )


def _merge(parts: list[_Match]) -> _Match:
    codes = tuple(dict.fromkeys(code for part in parts for code in part.entry.iso3))
    name = "–".join(part.entry.name for part in parts)
    return _Match(parts[0].start, parts[-1].end, Entry(name, "country", codes))


def _compounds(doc: Doc, found: list[_Match]) -> list[_Match]:
    """Join 'Sino-Russian' or 'China-Pakistan' into one mention of both countries;
    drop a combining form ('Sino') that joins nothing."""
    groups: list[list[_Match]] = []
    for match in found:
        if groups and _joined(doc, groups[-1][-1], match):
            groups[-1].append(match)
        else:
            groups.append([match])
    out = []
    for group in groups:
        if len(group) > 1:
            out.append(_merge(group))
        elif group[0].entry.role != "prefix":
            out.append(group[0])
    return out


def _mention(text: str, doc: Doc, match: _Match) -> Mention:
    span = doc[match.start : match.end]
    entry = match.entry
    return Mention(
        start=span.start_char,
        end=span.end_char,
        text=text[span.start_char : span.end_char],
        kind=entry.kind,
        iso3=entry.iso3,
        name=entry.name,
        lat=entry.lat,
        lon=entry.lon,
    )


def find_mentions(text: str) -> list[Mention]:
    """Every country, place, person and organisation named in ``text``, in order.

    Mentions do not overlap; offsets index ``text`` itself (``text[m.start:m.end] ==
    m.text``). The first call reads the tables (from the disk cache, else builds
    them); later calls on a 600-word article take a few milliseconds.

    Parameters
    ----------
    text : str
        Plain text, e.g. from :func:`explainers.text.article.clean_article`.

    Returns
    -------
    list of Mention
        Sorted by start offset.

    Example
    -------
    >>> [m.iso3 for m in find_mentions("Kazakhstan's president met Turkish officials.")]
    [('KAZ',), ('TUR',)]
    """
    if not isinstance(text, str):
        raise TypeError(f"find_mentions expects text as str, got {type(text).__name__}")
    nlp, table = _pipeline()
    if len(text) > nlp.max_length:
        return _in_pieces(text, nlp.max_length)
    doc = nlp.make_doc(cues.prepared(text))
    found = _candidates(doc, table)
    found = _unblocked(doc, found)
    found = _split_compound_names(doc, found)
    found = _resolve(doc, found)
    found = _homonyms(doc, found)
    found = _towns_before_countries(doc, found)
    found = _long_tail(doc, found, text)
    found = _compounds(doc, found)
    return [_mention(text, doc, match) for match in found]


def _in_pieces(text: str, limit: int) -> list[Mention]:
    """Mentions in a text longer than spaCy takes at once (1,000,000 characters; error
    E088), read in pieces cut at a line break or a space, offsets kept into ``text``.

    The app never gets here (it reads at most 1,000,000 bytes); the library and the
    command line may, and an endless word is cut where it must be.
    """
    found: list[Mention] = []
    start = 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            cut = max(text.rfind("\n", start, end), text.rfind(" ", start, end))
            end = cut + 1 if cut > start else end
        found += [
            dataclasses.replace(m, start=m.start + start, end=m.end + start)
            for m in find_mentions(text[start:end])
        ]
        start = end
    return found
