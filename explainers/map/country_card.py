"""What the reader learns about one country: the facts behind a card, as a plain value.

Kept apart from the page so the same facts can feed the Streamlit card, a static export
or an embed, and so they test without a server.

Example
-------
>>> from explainers.explainer import load_explainer
>>> from explainers.data.datasets import load_map_data
>>> card = country_card("KAZ", load_explainer("bri-forum-2017"), load_map_data())
>>> card.forum_leader
'President Nursultan Nazarbayev'
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd

from explainers.countries import country_name
from explainers.data.map_data import MapData
from explainers.data.schemas import ATTENDANCE_FILES
from explainers.explainer import Event, Explainer, Passage


@dataclass(frozen=True)
class ProjectLine:
    """One project as the card lists it."""

    id: str
    name: str
    type: str
    status: str
    start_year: int | None


@dataclass(frozen=True)
class FirstDocument:
    """A country's first Belt and Road document as reported at the time (a second source
    beside the list of partners, whose own date is not always a first signing)."""

    kind: str  # memorandum of understanding, cooperation plan
    date: str  # YYYY, YYYY-MM or YYYY-MM-DD
    dating: str  # signed: on that date; by: already signed by then


@dataclass(frozen=True)
class CountryCard:
    iso3: str
    name: str
    why: str | None  # why the story names it; None if it does not
    passages: tuple[Passage, ...]
    projects: tuple[ProjectLine, ...]
    partner_since: int | None  # the year of the list's date, which the map follows
    partner_left: int | None
    forum_leader: str | None
    partner_status: str | None = None  # signed, unclear, exited; None if not listed
    partner_caveat: str = ""  # what the partners table says a reader must know
    partner_listed: str = ""  # the list's own date (GFDC's likely date of joining)
    first_document: FirstDocument | None = None
    part_of: str | None = None  # the host country, for a part of it that came on its side
    # Each forum's year and the title and name of the country's foreign leader who came
    # (None: none came), from every attendance table; empty if the country came to none
    # or a table could not be read.
    forums: tuple[tuple[str, str | None], ...] = ()


PARTNER_LIST = "the Green Finance & Development Center's list of partners"
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _text(value) -> str:
    return "" if pd.isna(value) else str(value)


def _year(value) -> int | None:
    number = pd.to_numeric(value, errors="coerce")
    return None if pd.isna(number) else int(number)


def spoken_date(date: str, day_one_is_month: bool = False) -> str:
    """A table's date as a reader says it, to the precision the table holds.

    The list of partners writes a month as its first day, so ``day_one_is_month`` reads
    ``2017-11-01`` as November 2017.

    >>> spoken_date("2018-11-20"), spoken_date("2018-11"), spoken_date("2016")
    ('20 November 2018', 'November 2018', '2016')
    >>> spoken_date("2017-11-01", day_one_is_month=True)
    'November 2017'
    """
    parts = date.split("-")
    if len(parts) == 3 and day_one_is_month and parts[2] == "01":
        parts = parts[:2]
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def _first_document(partner) -> FirstDocument | None:
    if partner is None or not _text(partner.first_document_date):
        return None
    return FirstDocument(
        _text(partner.first_document),
        _text(partner.first_document_date),
        _text(partner.first_document_dating),
    )


def country_card(iso3: str, explainer: Explainer, data: MapData) -> CountryCard:
    """Everything the app says about ``iso3``: story role, passages, projects, partnership."""
    return country_cards((iso3,), explainer, data)[iso3]


def country_cards(
    codes: tuple[str, ...] | list[str], explainer: Explainer, data: MapData
) -> dict[str, CountryCard]:
    """The cards of many countries at once (the tables are indexed once, not per country)."""
    ordered = data.projects.sort_values("start_year", kind="stable")  # oldest first
    lines = {
        label: ProjectLine(row.id, row.name, row.type, row.status, _year(row.start_year))
        for label, row in zip(ordered.index, ordered.itertuples(index=False), strict=True)
    }
    by_country = replace(data, projects=ordered).projects_by_country()
    partners = {row.iso3: row for row in data.partners.itertuples(index=False)}
    event = explainer.event
    attended = data.attendance_of(event.attendance if event else None)
    leaders = {row.country_iso3: row for row in attended.itertuples(index=False)}
    host = event.host if event else None
    forums = _forum_leaders(data)
    cards = {}
    for iso3 in codes:
        story_country = explainer.country(iso3)
        partner = partners.get(iso3)
        leader = leaders.get(iso3)
        on_host_side = leader is not None and getattr(leader, "delegation", "") == "host"
        cards[iso3] = CountryCard(
            iso3=iso3,
            name=country_name(iso3),
            why=story_country.why if story_country else None,
            passages=explainer.passages_naming(iso3),
            projects=tuple(lines[label] for label in by_country.get(iso3, ())),
            partner_since=_year(partner.joined_year) if partner is not None else None,
            partner_left=_year(partner.left_year) if partner is not None else None,
            forum_leader=f"{leader.title} {leader.leader}" if leader is not None else None,
            partner_status=partner.status if partner is not None else None,
            partner_caveat=_text(partner.caveat) if partner is not None else "",
            partner_listed=_text(partner.gfdc_join_date) if partner is not None else "",
            first_document=_first_document(partner),
            part_of=host if on_host_side and host != iso3 else None,
            forums=_forums_of(iso3, forums),
        )
    return cards


def _forum_leaders(data: MapData) -> dict[str, dict[str, str]] | None:
    """Each forum's year and its foreign leaders by country, or None if a table is missing
    or empty (it could not be read, and a card must not say that nobody came)."""
    leaders = {}
    for filename, year in ATTENDANCE_FILES.items():
        table = data.attendance_of(filename)
        if table.empty:
            return None
        foreign = table[table["delegation"] == "foreign"]
        leaders[year] = {
            row.country_iso3: f"{row.title} {row.leader}" for row in foreign.itertuples()
        }
    return leaders


def _forums_of(iso3: str, leaders) -> tuple[tuple[str, str | None], ...]:
    if not leaders or not any(iso3 in by_country for by_country in leaders.values()):
        return ()
    return tuple((year, by_country.get(iso3)) for year, by_country in leaders.items())


def forums_line(card: CountryCard) -> str | None:
    """Which Belt and Road Forums the country's leader came to, from every attendance
    table: each leader with the years they came, then the years no leader came.

    >>> card = CountryCard("GRC", "Greece", None, (), (), None, None, None, forums=(
    ...     ("2017", "Prime Minister Alexis Tsipras"), ("2019", "Prime Minister Alexis Tsipras"),
    ...     ("2023", None)))
    >>> print(forums_line(card))  # doctest: +NORMALIZE_WHITESPACE
    At the Belt and Road Forums: Prime Minister Alexis Tsipras in 2017 and 2019;
    no leader in 2023.
    """
    if not card.forums or card.iso3 == "CHN":
        return None
    by_leader: dict[str | None, list[str]] = {}
    for year, leader in card.forums:
        by_leader.setdefault(leader, []).append(year)
    ordered = sorted(by_leader.items(), key=lambda item: (item[0] is None, item[1]))
    parts = [f"{leader or 'no leader'} in {_and(years)}" for leader, years in ordered]
    return "At the Belt and Road Forums: " + "; ".join(parts) + "."


def _and(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _first_signing(card: CountryCard) -> str:
    """The first document as reported, and the list's date where it says otherwise."""
    first = card.first_document
    when = spoken_date(first.date)
    on = "on" if first.date.count("-") == 2 else "in"
    if first.dating == "by":
        said = f"Had signed a Belt and Road {first.kind} by {when}"
    else:
        said = f"Signed a Belt and Road {first.kind} {on} {when}"
    said += ", according to reports at the time"
    listed = spoken_date(card.partner_listed, day_one_is_month=True) if card.partner_listed else ""
    if listed and not when.endswith(listed):
        said += f"; {PARTNER_LIST}, which the map follows, dates its joining to {listed}"
    return said


def partnership(card: CountryCard) -> str:
    """What the partners table says of the country, status by status, with its caveat.

    Every sentence says whose date it gives: the list of partners' or, where a second
    source reports the first document, that report's (and the list's, if it differs).

    >>> card = CountryCard("COG", "Congo", None, (), (), None, None, None, "unclear", "no date")
    >>> print(partnership(card))  # doctest: +NORMALIZE_WHITESPACE
    On the Green Finance & Development Center's list of partners, but its status is unclear:
    no date.
    """
    if card.iso3 == "CHN":
        return "China leads the Belt and Road Initiative."
    caveat = card.partner_caveat.rstrip(".").replace("{name}", card.name)
    if card.part_of and card.partner_status is None:
        return (
            f"Part of {country_name(card.part_of)}, the host country; "
            f"{PARTNER_LIST} does not list it separately."
        )
    if card.partner_status == "unclear":
        return f"On {PARTNER_LIST}, but its status is unclear: {caveat}."
    if card.partner_status not in ("signed", "exited"):
        return f"Not on {PARTNER_LIST} of the Belt and Road Initiative."
    if card.first_document:
        said = _first_signing(card)
    elif caveat:
        said = f"Signed a Belt and Road cooperation document, according to {PARTNER_LIST}; "
        said += caveat
    else:
        said = f"Signed a Belt and Road cooperation document in {card.partner_since}, "
        said += f"according to {PARTNER_LIST}"
    if card.partner_status == "exited":
        return f"{said}. It left the initiative in {card.partner_left}."
    return f"{said}."


def card_lines(card: CountryCard, event: Event | None = None) -> list[str]:
    """The card's sentences, each following from the country's rows, in reading order.

    Then the explainer's own words about its event (see
    :class:`explainers.explainer.Event`); an explainer with no event has no such line.
    Last, for a country whose leader came to any Belt and Road Forum, which ones
    (:func:`forums_line`).

    >>> from explainers.explainer import load_explainer
    >>> from explainers.data.datasets import load_map_data
    >>> story = load_explainer("bri-forum-2017")
    >>> card = country_card("KAZ", story, load_map_data())
    >>> for line in card_lines(card, story.event)[1:]:  # doctest: +NORMALIZE_WHITESPACE
    ...     print(line)
    Signed a Belt and Road cooperation document in 2015, according to the Green Finance &
    Development Center's list of partners.
    Its leader, President Nursultan Nazarbayev, came to the 2017 forum.
    At the Belt and Road Forums: President Nursultan Nazarbayev in 2017; First President
    Nursultan Nazarbayev in 2019; President Kassym-Jomart Tokayev in 2023.
    """
    why = card.why or f"{card.name} is not named in this story."
    lines = [why, partnership(card)]
    if event is None:
        return lines
    if card.iso3 == event.host:
        lines.append(event.hosted)
    elif card.forum_leader:
        lines.append(event.attended.replace("{leader}", card.forum_leader))
    else:
        lines.append(event.absent)
    forums = forums_line(card)
    if forums:
        lines.append(forums)
    return lines


def layer_line(name: str, flagship: int, layer_count: int, label: str = "your layer") -> str:
    """How many of a newsroom's own projects (an uploaded layer) lie in the country,
    beside our flagship ones, so the reader sees both counts in one sentence.

    >>> layer_line("Kazakhstan", 0, 12)
    'Your layer has 12 projects in Kazakhstan; our flagship list has 0.'
    """
    projects = "project" if layer_count == 1 else "projects"
    return (
        f"{label[:1].upper()}{label[1:]} has {layer_count:,} {projects} in {name}; "
        f"our flagship list has {flagship}."
    )
