"""Pandera schemas for the hand-compiled Belt and Road source tables.

The sources in ``data/sources/`` are edited by people in a spreadsheet, so every
cell arrives as text. The schemas therefore check the text itself, cell by cell,
and each check carries a sentence that tells the editor what was expected. That
way a failure can be reported as "row 12, column lat: expected a number between
-90 and 90", not as a dtype error about a whole column.

The vocabularies (project types, statuses, corridor ids) live here as tuples so
the app, the build script, the tests and ``data/README.md`` all read one list.

Example
-------
>>> import pandas as pd
>>> from explainers.data.schemas import SCHEMAS
>>> SCHEMAS["timeline.csv"].schema.columns["date"].checks[0].error
'a date written YYYY, YYYY-MM or YYYY-MM-DD between 2000 and 2030'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pandera.pandas as pa

from explainers.countries import is_iso3

PROJECT_TYPES = (
    "rail",
    "port",
    "pipeline",
    "power",
    "road",
    "industrial_park",
    "dry_port",
    "bridge",
    "other",
)
STATUSES = ("planned", "under_construction", "operational", "suspended", "cancelled")
COST_KINDS = ("total", "loan", "stake")
LOCATION_PRECISIONS = ("facility", "approximate", "city")
CORRIDORS = {
    "nelb": "New Eurasian Land Bridge Economic Corridor",
    "cmrec": "China-Mongolia-Russia Economic Corridor",
    "ccwaec": "China-Central Asia-West Asia Economic Corridor",
    "cicpec": "China-Indochina Peninsula Economic Corridor",
    "cpec": "China-Pakistan Economic Corridor",
    "bcimec": "Bangladesh-China-India-Myanmar Economic Corridor",
    "msr": "21st Century Maritime Silk Road",
}
PARTNER_STATUSES = ("signed", "unclear", "exited")
FIRST_DOCUMENTS = ("memorandum of understanding", "cooperation plan")
DATINGS = {
    "signed": "signed on that date (or in that month or year)",
    "by": "already signed by that date; when it was signed is not established",
}
DELEGATIONS = {
    "foreign": "a foreign head of state or government",
    "host": "the chief executive of a part of the host country (Hong Kong, Macao)",
}
# What the attendance list calls the leader who came, so the app can say which count it
# shows: counts of "heads of state and government" differ on vice-presidents and on
# titles such as Kazakhstan's "First President" (2019) or Turkmenistan's "National Leader".
ROLES = {
    "head_of_state": "a head of state (president, monarch)",
    "head_of_government": "a head of government (prime minister, chancellor)",
    "vice_president": "a vice-president who came in the leader's place",
    "other": "another title (a former president, a state counsellor)",
}
YEAR_MIN, YEAR_MAX = 2000, 2030
LIST_SEP = ";"
SOURCE_SEP = " | "

_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_DATE = re.compile(r"^(\d{4})(-(0[1-9]|1[0-2]))?(-(0[1-9]|[12]\d|3[01]))?$")


def split_list(text: str, sep: str = LIST_SEP) -> list[str]:
    """Split a ';'-separated cell into stripped, non-empty parts."""
    return [part.strip() for part in str(text).split(sep) if part.strip()]


def _number(text: str) -> float | None:
    try:
        return float(text)
    except ValueError:
        return None


def _cell(test: Callable[[str], bool], error: str) -> pa.Check:
    """Wrap a test of one text cell as an element-wise check with an editor's message."""
    return pa.Check(lambda value: test(str(value).strip()), element_wise=True, error=error)


def required() -> pa.Check:
    return _cell(bool, "a value (this cell must not be blank)")


def one_of(values: tuple[str, ...], blank_ok: bool = False) -> pa.Check:
    return _cell(
        lambda v: (blank_ok and not v) or v in values,
        "one of " + ", ".join(values) + (" (or blank)" if blank_ok else ""),
    )


def number_in(low: float, high: float, blank_ok: bool = True) -> pa.Check:
    def test(v: str) -> bool:
        number = _number(v)
        return (blank_ok and not v) or (number is not None and low <= number <= high)

    return _cell(
        test, f"a number between {low:g} and {high:g}" + (" (or blank)" if blank_ok else "")
    )


def year(blank_ok: bool = True) -> pa.Check:
    return _cell(
        lambda v: (blank_ok and not v) or (v.isdigit() and YEAR_MIN <= int(v) <= YEAR_MAX),
        f"a year between {YEAR_MIN} and {YEAR_MAX}" + (" (or blank)" if blank_ok else ""),
    )


def date(blank_ok: bool = False) -> pa.Check:
    def test(v: str) -> bool:
        match = _DATE.match(v)
        return (blank_ok and not v) or bool(match and YEAR_MIN <= int(match[1]) <= YEAR_MAX)

    return _cell(
        test,
        f"a date written YYYY, YYYY-MM or YYYY-MM-DD between {YEAR_MIN} and {YEAR_MAX}"
        + (" (or blank)" if blank_ok else ""),
    )


def iso3_codes(many: bool = False) -> pa.Check:
    def test(v: str) -> bool:
        codes = split_list(v) if many else [v]
        return bool(codes) and all(is_iso3(code) for code in codes)

    what = "';'-separated ISO 3166-1 alpha-3 codes" if many else "an ISO 3166-1 alpha-3 code"
    return _cell(test, what + " such as PAK or KAZ")


def slug() -> pa.Check:
    return _cell(lambda v: bool(_SLUG.match(v)), "a lower-case id like gwadar-port")


def corridor_ids(blank_ok: bool = True) -> pa.Check:
    return _cell(
        lambda v: (blank_ok and not v) or all(c in CORRIDORS for c in split_list(v)),
        "';'-separated corridor ids from " + ", ".join(CORRIDORS) + " (or blank)",
    )


def sources() -> pa.Check:
    return _cell(
        lambda v: any(part.strip() for part in v.split("|")),
        "at least one source (URLs separated by ' | ')",
    )


def _names_no_country(text: str) -> bool:
    """A caveat may hold the placeholder {name} and no other braces."""
    return "{" not in text.replace("{name}", "") and "}" not in text.replace("{name}", "")


def _text(*checks: pa.Check, unique: bool = False) -> pa.Column:
    return pa.Column(str, checks=list(checks), nullable=False, unique=unique, coerce=True)


@dataclass(frozen=True)
class SourceTable:
    """One hand-compiled file: its schema and the column that names a row in messages."""

    filename: str
    key: str
    schema: pa.DataFrameSchema


PROJECTS = pa.DataFrameSchema(
    {
        "id": _text(required(), slug(), unique=True),
        "name": _text(required()),
        "type": _text(one_of(PROJECT_TYPES)),
        "countries": _text(iso3_codes(many=True)),
        "lat": _text(number_in(-90, 90)),
        "lon": _text(number_in(-180, 180)),
        "location_precision": _text(one_of(LOCATION_PRECISIONS, blank_ok=True)),
        "location_source": _text(),
        "start_year": _text(year()),
        "status": _text(one_of(STATUSES)),
        "cost_usd_bn": _text(number_in(0, 1000)),
        "cost_kind": _text(one_of(COST_KINDS, blank_ok=True)),
        "cost_note": _text(),
        "financier": _text(),
        "corridors": _text(corridor_ids()),
        "sources": _text(sources()),
        "scmp_explainer_2017": _text(),
        "notes": _text(),
    },
    strict=True,
    ordered=True,
    name="projects",
)

CORRIDOR_WAYPOINTS = pa.DataFrameSchema(
    {
        "corridor": _text(one_of(tuple(CORRIDORS))),
        "line": _text(required(), slug()),
        "corridor_name": _text(required()),
        "seq": _text(_cell(lambda v: v.isdigit() and int(v) >= 1, "a whole number from 1")),
        "place": _text(required()),
        "iso3": _text(iso3_codes()),
        "lat": _text(number_in(-90, 90, blank_ok=False)),
        "lon": _text(number_in(-180, 180, blank_ok=False)),
        "waypoint_basis": _text(required()),
        "location_source": _text(required()),
        "sources": _text(sources()),
    },
    strict=True,
    ordered=True,
    name="corridors",
)

PARTNERS = pa.DataFrameSchema(
    {
        "iso3": _text(
            iso3_codes(), _cell(lambda v: v != "CHN", "a partner, not China"), unique=True
        ),
        "country": _text(required()),
        "status": _text(one_of(PARTNER_STATUSES)),
        # The list's own date (GFDC's "likely date of joining") and its year, which the map
        # follows. A list's date is not always a first signing: see first_document_*.
        "joined_year": _text(year()),
        "gfdc_join_date": _text(date(blank_ok=True)),
        "left_year": _text(year()),
        "left_date": _text(date(blank_ok=True)),
        # The first Belt and Road document as reported at the time, from a second source
        # (blank where none was found): what it was, its date, whether it was signed on that
        # date or only known to exist by then, and the reports that say so.
        "first_document": _text(one_of(FIRST_DOCUMENTS, blank_ok=True)),
        "first_document_date": _text(date(blank_ok=True)),
        "first_document_dating": _text(one_of(tuple(DATINGS), blank_ok=True)),
        "first_document_source": _text(),
        "source": _text(sources()),
        "notes": _text(),
        # What a reader must know to read the row right, as the card shows it (blank if
        # nothing): why a status is unclear, or that a date is the source's placeholder.
        # The country is named only as {name}, which the card fills with its display name.
        "caveat": _text(_cell(_names_no_country, "no '{' or '}' other than {name}")),
    },
    strict=True,
    ordered=True,
    name="partners",
)


def attendance_schema(name: str, with_role: bool) -> pa.DataFrameSchema:
    """The schema of one event's attendance list: one row per country whose leader came.

    ``forum_2017.csv`` has no ``role`` column; the later lists carry one (see ROLES).
    """
    columns = {
        "leader": _text(required(), unique=True),
        "title": _text(required()),
        "country_iso3": _text(iso3_codes(), unique=True),
        # foreign: one of the forum's foreign leaders (the count the story gives); host: the
        # chief executive of a part of the host country, who came on the host's side.
        "delegation": _text(one_of(tuple(DELEGATIONS))),
    }
    if with_role:
        columns["role"] = _text(one_of(tuple(ROLES)))
    columns |= {"source": _text(sources()), "note": _text()}
    return pa.DataFrameSchema(columns, strict=True, ordered=True, name=name)


FORUM_2017 = attendance_schema("forum_2017", with_role=False)
FORUM_2019 = attendance_schema("forum_2019", with_role=True)
FORUM_2023 = attendance_schema("forum_2023", with_role=True)
# The attendance lists an event may name (event.attendance), oldest first, with the year
# a country's card gives for each (see explainers.map.country_card.forums_line).
ATTENDANCE_FILES = {"forum_2017.csv": "2017", "forum_2019.csv": "2019", "forum_2023.csv": "2023"}

TIMELINE = pa.DataFrameSchema(
    {
        "date": _text(date()),
        "event": _text(required()),
        "place": _text(required()),
        "iso3": _text(iso3_codes()),
        "sources": _text(sources()),
    },
    strict=True,
    ordered=True,
    name="timeline",
)

SCHEMAS: dict[str, SourceTable] = {
    table.filename: table
    for table in (
        SourceTable("projects.csv", "id", PROJECTS),
        SourceTable("corridors.csv", "line", CORRIDOR_WAYPOINTS),
        SourceTable("partners.csv", "iso3", PARTNERS),
        SourceTable("forum_2017.csv", "country_iso3", FORUM_2017),
        SourceTable("forum_2019.csv", "country_iso3", FORUM_2019),
        SourceTable("forum_2023.csv", "country_iso3", FORUM_2023),
        SourceTable("timeline.csv", "date", TIMELINE),
    )
}
