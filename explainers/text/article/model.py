"""What a reading gives and keeps on the way: the :class:`Article`, and the notes the
rules leave while lines are sifted (byline, dateline, date, first value wins; and what
was dropped)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from explainers.text.article.rules import _AGENCY, _is_prose, _one_line, _rule_for


@dataclass(frozen=True, slots=True)
class Article:
    """A story as a newsroom would file it: headline, byline, dateline, date, paragraphs.

    ``title`` is "" when the page has no headline the rules recognise; ``dateline`` is the
    place the story was filed from ("Beijing" for "BEIJING (Reuters) -"), and
    ``dateline_region`` the country or state printed after it, if any. ``date`` is
    ``YYYY-MM-DD`` when the page gives a full date. ``dropped`` lists what was taken out,
    as (rule name, text), so a reader of the code can see why.

    Example
    -------
    >>> Article("Port deal", ("Xi met Putin.",), byline="Li Wei").text
    'Port deal\\n\\nXi met Putin.'
    """

    title: str
    paragraphs: tuple[str, ...]
    byline: str = ""
    dateline: str = ""
    dateline_region: str = ""
    date: str = ""
    dropped: tuple[tuple[str, str], ...] = ()

    @property
    def text(self) -> str:
        """Headline and paragraphs, one per line, a blank line apart."""
        return "\n\n".join(filter(None, (self.title, *self.paragraphs)))


@dataclass
class _Notes:
    """What the rules found while reading: metadata (first value wins) and what was dropped."""

    byline: str = ""
    dateline: str = ""
    dateline_region: str = ""
    date: str = ""
    dropped: list[tuple[str, str]] = field(default_factory=list)

    def keep(self, name: str, value: str | None) -> None:
        if value and not getattr(self, name):
            setattr(self, name, value)

    def record(self, groups: dict[str, str | None], text: str = "") -> None:
        """Keep the metadata a rule's named groups found (a byline's tail may hold a date)."""
        if groups.get("byline"):
            self.keep("byline", _people(groups["byline"]))
            self.keep("date", _iso_date(text))
        place = groups.get("dateline") or groups.get("place")
        if place:
            self.keep("dateline", _place_case(place))
            self.keep("dateline_region", groups.get("region"))
        self.keep("date", _iso_date(groups.get("date") or groups.get("day")))

    def take(self, rule: str, text: str, groups: dict[str, str | None] | None = None) -> None:
        self.dropped.append((rule, text))
        self.record(groups or {}, text)


def _place_case(place: str) -> str:
    """'KUALA LUMPUR' -> 'Kuala Lumpur', 'DAR ES SALAAM' -> 'Dar es Salaam'."""
    if not place.isupper():
        return place
    words = [
        w.capitalize() if i == 0 or len(w) > 2 else w.lower() for i, w in enumerate(place.split())
    ]
    return " ".join(words)


def _people(names: str) -> str:
    """A byline's names in reading case, without an agency tacked on."""
    names = re.sub(rf"\s+{_AGENCY}$", "", names.strip())
    return " ".join(_place_case(w) if w.isupper() and len(w) > 1 else w for w in names.split(" "))


def _iso_date(text: str | None) -> str:
    """'2024-05-14 07:21', 'Mon 14 Oct 2024' or 'May 14, 2024' -> '2024-05-14'; else ''."""
    if not text:
        return ""
    if found := re.search(r"\b(\d{4})-(\d{2})-(\d{2})", text):
        return "-".join(found.groups())
    for pattern, order in ((r"(\d{1,2}) ([A-Za-z]{3})[a-z]*\.?,? (\d{4})", "dmy"),
                           (r"([A-Za-z]{3})[a-z]*\.? (\d{1,2}),? (\d{4})", "mdy")):  # fmt: skip
        if found := re.search(pattern, text):
            parts = dict(zip(order, found.groups(), strict=True))
            try:
                day = dt.datetime.strptime(f"{parts['d']} {parts['m']} {parts['y']}", "%d %b %Y")
            except ValueError:
                continue
            return day.date().isoformat()
    return ""


def _sift(units: Iterable[str], notes: _Notes) -> list[str]:
    """Drop the units the rules match (noting metadata); "" marks a paragraph break."""
    kept: list[str] = []
    prose_seen = 0
    for unit in units:
        if not unit.strip():
            kept.append("")
            continue
        hit = _rule_for(unit, in_head=prose_seen < 2)
        if hit:
            rule, found = hit
            notes.take(rule.name, _one_line(unit), found.groupdict())
            continue
        kept.append(unit)
        prose_seen += _is_prose(_one_line(unit))
    return kept
