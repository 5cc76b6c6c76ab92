"""What the reader is looking at, as a plain value read from (and written to) the URL.

A view is everything needed to redraw a page: which explainer, which step of its guided
story, which country is picked, which layers, which year, and (for a page embedded
with ``?embed=true``) what the embed shows beside its map.
It is derived from the query string alone, so any view can be shared, bookmarked or
embedded by URL, and it is a frozen dataclass, so the figure functions and caches can key
on it.

Bad input never raises: an unknown value is dropped and a notice says what was asked
for and what is shown instead.

Example
-------
>>> view, notices = view_from_query({"country": "kaz"})
>>> view.country, notices
('KAZ', [])
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from explainers.explainer import DEFAULT_EXPLAINER, available_explainers
from explainers.map.geometry import country_table
from explainers.map.layers import DEFAULT_LAYERS, FIRST_YEAR, LAST_YEAR, LAYER_IDS
from explainers.markup import quoted

STEP_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
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
        "explainer", "Which explainer to open (a folder name in explainers/).", DEFAULT_EXPLAINER
    ),
    Parameter(
        "step", "A step of the explainer's guided story to open on, by its id.", "kazakhstan"
    ),
    Parameter("country", "A country to pick on opening, by ISO 3166-1 alpha-3 code.", "KAZ"),
    Parameter(
        "layers",
        "Map layers to show, comma-separated (" + ", ".join(LAYER_IDS) + "), or none.",
        "projects,partners",
    ),
    Parameter(
        "year", f"Show projects and partners as of a year ({FIRST_YEAR} to {LAST_YEAR}).", "2017"
    ),
    Parameter(
        "show",
        "With embed=true, what the embedded view shows: " + ", ".join(SHOW_CHOICES) + ".",
        "map,text",
    ),
)


@dataclass(frozen=True)
class View:
    """The state of one page, as a value: equal views draw equal pages."""

    explainer: str = DEFAULT_EXPLAINER
    step: str | None = None
    country: str | None = None
    layers: tuple[str, ...] = DEFAULT_LAYERS
    year: int | None = None
    show: str = DEFAULT_SHOW

    def with_country(self, iso3: str | None) -> View:
        return replace(self, country=iso3)


def _single(value: str | list[str] | None) -> str | None:
    if isinstance(value, list):
        return value[-1] if value else None
    return value


def view_from_query(params: Mapping[str, str | list[str]]) -> tuple[View, list[str]]:
    """Read a view from query parameters; return it and notices about what was ignored."""
    notices: list[str] = []
    view = View()
    # Parameters this page does not use (a CMS's utm_source, say) are ignored silently.
    explainer = _single(params.get("explainer"))
    if explainer:
        if explainer in available_explainers():
            view = replace(view, explainer=explainer)
        else:
            notices.append(
                f"There is no explainer called {quoted(explainer)}; showing "
                f"{quoted(DEFAULT_EXPLAINER)} instead."
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
    if country:
        code = country.strip().upper()
        if code in country_table().index:
            view = view.with_country(code)
        else:
            notices.append(
                f"The link asks for the country {quoted(country)}, which is not a country code "
                "on this map (use an ISO alpha-3 code such as KAZ). Showing the whole story."
            )
    layers = _single(params.get("layers"))
    if layers is not None:
        asked = [part.strip().lower() for part in layers.split(",") if part.strip()]
        if not asked:
            notices.append(
                f"The link asks for the map layers {quoted(layers)}, which names none, so the "
                "map shows no layers; name them (such as layers=projects,partners), or write "
                "layers=none."
            )
        if asked == ["none"]:
            asked = []
        unknown = [part for part in asked if part not in LAYER_IDS]
        if unknown:
            notices.append(
                f"The link asks for map layers this page does not have "
                f"({', '.join(quoted(part) for part in unknown[:3])}); the layers are "
                f"{', '.join(LAYER_IDS)}."
            )
        view = replace(view, layers=tuple(i for i in LAYER_IDS if i in asked))

    year = _single(params.get("year"))
    if year:
        # ASCII digits only: str.isdigit() also takes '²' and '①', which int() refuses.
        number = int(year.strip()) if YEAR.fullmatch(year.strip()) else None
        if number is not None and FIRST_YEAR <= number <= LAST_YEAR:
            view = replace(view, year=number)
        else:
            notices.append(
                f"The link asks for the year {quoted(year)}; years run from {FIRST_YEAR} to "
                f"{LAST_YEAR}. Showing today's map."
            )
    show, notice = _show_from_query(_single(params.get("show")))
    if notice:
        notices.append(notice)
    return replace(view, show=show), notices


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


def view_to_query(view: View) -> dict[str, str]:
    """Query parameters that reproduce ``view`` (defaults left out, so links stay short)."""
    query = {}
    if view.explainer != DEFAULT_EXPLAINER:
        query["explainer"] = view.explainer
    if view.step:
        query["step"] = view.step
    if view.country:
        query["country"] = view.country
    if view.layers != DEFAULT_LAYERS:
        query["layers"] = ",".join(view.layers) or "none"
    if view.year is not None:
        query["year"] = str(view.year)
    if view.show != DEFAULT_SHOW:
        query["show"] = view.show
    return query
