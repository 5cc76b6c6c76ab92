"""What the reader is looking at, as a plain value read from (and written to) the URL.

A view is everything needed to redraw a page: which explainer, which step of its guided
story, which country is picked, which layers, which year, and (for a page embedded
with ``?embed=true``) what the embed shows beside its map.
It is derived from the query string alone, so any view can be shared, bookmarked or
embedded by URL, and it is a frozen dataclass, so the figure functions and caches can key
on it.

This module parses the URL and nothing else: what a link may ask for (the explainers,
the countries on the map, the layers, the years) arrives as a plain :class:`Choices`
value that the page reads from its data (``explainers.ui.state.url_choices``), so it reads
no file and imports only the standard library.

Bad input never raises: an unknown value is dropped and a notice says what was asked
for and what is shown instead.

Example
-------
>>> choices = Choices(
...     explainers=frozenset({"bri-forum-2017"}),
...     countries=frozenset({"KAZ", "CHN"}),
...     layers=("projects", "corridors", "partners"),
...     default_explainer="bri-forum-2017",
...     default_layers=("projects", "corridors"),
...     years=(2013, 2026),
... )
>>> view, notices = view_from_query({"country": "kaz", "layers": "partners"}, choices)
>>> view.country, view.layers, notices
('KAZ', ('partners',), [])
>>> view_to_query(view, choices)
{'country': 'KAZ', 'layers': 'partners'}
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from explainers.markup import quoted

STEP_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
"""A step's id: the one rule for the explainer's YAML and for the URL (a longer id could
be written but never linked to)."""
YEAR = re.compile(r"[0-9]{1,4}")
SHOW_CHOICES = ("map", "map,card", "map,text")
"""What an embedded view (``?embed=true``) may show beside its map; the map is always shown."""
DEFAULT_SHOW = "map,card"


@dataclass(frozen=True)
class Parameter:
    """One URL query parameter: its name, what it means, and an example value."""

    name: str
    help: str
    example: str


PARAMETERS = (
    Parameter(
        "explainer", "Which explainer to open (a folder name in explainers/).", "bri-forum-2017"
    ),
    Parameter(
        "step", "A step of the explainer's guided story to open on, by its id.", "kazakhstan"
    ),
    Parameter("country", "A country to pick on opening, by ISO 3166-1 alpha-3 code.", "KAZ"),
    Parameter(
        "layers",
        "Map layers to show, comma-separated (the ids of the layer table), or none.",
        "projects,partners",
    ),
    Parameter("year", "Show projects and partners as of a year (as the year control).", "2017"),
    Parameter(
        "show",
        "With embed=true, what the embedded view shows: " + ", ".join(SHOW_CHOICES) + ".",
        "map,text",
    ),
)


@dataclass(frozen=True)
class View:
    """The state of one page, as a value: equal views draw equal pages.

    :meth:`Choices.opening` is the view of a link that asks for nothing.
    """

    explainer: str
    layers: tuple[str, ...]
    step: str | None = None
    country: str | None = None
    year: int | None = None
    show: str = DEFAULT_SHOW

    def with_country(self, iso3: str | None) -> View:
        return replace(self, country=iso3)


@dataclass(frozen=True)
class Choices:
    """What a link may ask for on this page, as plain values the page reads from its data.

    ``countries`` is None when the map's country table cannot be read: a link's country
    is then dropped with a notice. ``layers`` are every layer id the page can show, in
    drawing order; a page that adds a layer of its own (a newsroom's projects) adds its
    id with :meth:`with_layers`, so a link that names it keeps it.
    """

    explainers: frozenset[str]
    countries: frozenset[str] | None
    layers: tuple[str, ...]
    default_explainer: str
    default_layers: tuple[str, ...]
    years: tuple[int, int]

    def with_layers(self, *ids: str) -> Choices:
        """These choices with more layer ids (after the others), each once."""
        return replace(self, layers=tuple(dict.fromkeys((*self.layers, *ids))))

    def opening(self) -> View:
        """The view of a link that asks for nothing: the default explainer and layers."""
        return View(explainer=self.default_explainer, layers=self.default_layers)


def _single(value: str | list[str] | None) -> str | None:
    if isinstance(value, list):
        return value[-1] if value else None
    return value


def view_from_query(
    params: Mapping[str, str | list[str]], choices: Choices
) -> tuple[View, list[str]]:
    """Read a view from query parameters; return it and notices about what was ignored.

    ``choices`` says what this page has (see :class:`Choices`); anything else in the link
    is dropped with a notice.
    """
    notices: list[str] = []
    view = choices.opening()
    # Parameters this page does not use (a CMS's utm_source, say) are ignored silently.
    explainer = _single(params.get("explainer"))
    if explainer:
        if explainer in choices.explainers:
            view = replace(view, explainer=explainer)
        else:
            notices.append(
                f"There is no explainer called {quoted(explainer)}; showing "
                f"{quoted(choices.default_explainer)} instead."
            )

    step = _single(params.get("step"))
    if step:
        slug = step.strip().lower()
        if STEP_ID.fullmatch(slug):
            view = replace(view, step=slug)
        else:
            notices.append(
                f"The link asks for the step {quoted(step)}, which is not a step id (lower-case "
                "letters, digits and hyphens). Showing the story from the start."
            )

    country = _single(params.get("country"))
    if country and choices.countries is None:
        notices.append("The link's country cannot be checked: the country table is broken.")
    elif country:
        code = country.strip().upper()
        if code in choices.countries:
            view = view.with_country(code)
        else:
            notices.append(
                f"The link asks for the country {quoted(country)}, which is not a country code "
                "on this map (use an ISO alpha-3 code such as KAZ). Showing the whole story."
            )
    layers = _single(params.get("layers"))
    if layers is not None:
        view, notice = _layers_from_query(view, layers, choices.layers)
        notices += notice

    year = _single(params.get("year"))
    if year:
        first, last = choices.years
        # ASCII digits only: str.isdigit() also takes '²' and '①', which int() refuses.
        number = int(year.strip()) if YEAR.fullmatch(year.strip()) else None
        if number is not None and first <= number <= last:
            view = replace(view, year=number)
        else:
            notices.append(
                f"The link asks for the year {quoted(year)}; years run from {first} to "
                f"{last}. Showing today's map."
            )
    show, notice = _show_from_query(_single(params.get("show")))
    if notice:
        notices.append(notice)
    return replace(view, show=show), notices


def _layers_from_query(view: View, value: str, offered: tuple[str, ...]) -> tuple[View, list[str]]:
    """``view`` with the layers ``value`` names, in ``offered``'s order; notices if any is not
    offered or none is named."""
    notices = []
    asked = [part.strip().lower() for part in value.split(",") if part.strip()]
    if not asked:
        notices.append(
            f"The link asks for the map layers {quoted(value)}, which names none, so the "
            "map shows no layers; name them (such as layers=projects,partners), or write "
            "layers=none."
        )
    if asked == ["none"]:
        asked = []
    unknown = [part for part in asked if part not in offered]
    if unknown:
        notices.append(
            f"The link asks for map layers this page does not have "
            f"({', '.join(quoted(part) for part in unknown[:3])}); the layers are "
            f"{', '.join(offered)}."
        )
    return replace(view, layers=tuple(i for i in offered if i in asked)), notices


def _show_from_query(value: str | None) -> tuple[str, str | None]:
    """What an embed shows, in its one spelling, and a notice if the value was not known.

    The parts may come in any order, and ``map`` may be left out (the map is always shown).

    >>> _show_from_query("text, map")
    ('map,text', None)
    """
    if value is None or not value.strip():
        return DEFAULT_SHOW, None
    parts = {part.strip().lower() for part in value.split(",") if part.strip()} | {"map"}
    for choice in SHOW_CHOICES:
        if parts == set(choice.split(",")):
            return choice, None
    return DEFAULT_SHOW, (
        f"The link asks to show {quoted(value)}; an embed shows "
        f"{', '.join(quoted(c) for c in SHOW_CHOICES[:-1])} or {quoted(SHOW_CHOICES[-1])}. "
        f"Showing {quoted(DEFAULT_SHOW)}."
    )


def view_to_query(view: View, choices: Choices) -> dict[str, str]:
    """Query parameters that reproduce ``view`` (defaults left out, so links stay short)."""
    query = {}
    if view.explainer != choices.default_explainer:
        query["explainer"] = view.explainer
    if view.step:
        query["step"] = view.step
    if view.country:
        query["country"] = view.country
    if view.layers != choices.default_layers:
        query["layers"] = ",".join(view.layers) or "none"
    if view.year is not None:
        query["year"] = str(view.year)
    if view.show != DEFAULT_SHOW:
        query["show"] = view.show
    return query
