"""The Streamlit page: the only module that imports ``streamlit``.

It reads the view from the URL, draws it, and turns the reader's picks back into URL
changes, so the URL stays the one source of truth and every view can be shared. Caches
live here, keyed by small values (an explainer id, an ISO-3 code).
"""

from __future__ import annotations

import streamlit as st

from explainers import figures
from explainers.countries import country_name
from explainers.explainer import Explainer, ExplainerError, load_explainer
from explainers.geometry import MissingDataError, country_table
from explainers.markup import escape_markdown
from explainers.view import View, view_from_query

MAP_KEY = "story_map"
PICKER_KEY = "country_picker"
NO_COUNTRY = "— the whole story —"
FOOTER = (
    "Country shapes: [Natural Earth](https://www.naturalearthdata.com/) 1:50m admin-0 "
    "(public domain), drawn as Natural Earth draws them; borders and names on this map do "
    "not imply any position on disputed territory. Country names: GeoNames (CC BY 4.0)."
)


@st.cache_resource(show_spinner=False)
def _explainer(explainer_id: str) -> Explainer:
    return load_explainer(explainer_id)


@st.cache_resource(show_spinner=False)
def _story_map(explainer_id: str, selected: str | None):
    return figures.story_map(_explainer(explainer_id), country_table(), selected)


def current_view() -> tuple[View, list[str]]:
    """The view the URL asks for, and notices about anything in it that was ignored."""
    return view_from_query(st.query_params.to_dict())


def _pick(iso3: str | None) -> None:
    """Make ``iso3`` the picked country by changing the URL (None clears it)."""
    if iso3:
        st.query_params["country"] = iso3
    else:
        st.query_params.pop("country", None)


def _on_map_select() -> None:
    # The chart's own selection resets whenever the figure changes (it is keyed to the
    # figure), so the pick is copied into the URL here, in the callback, at once.
    points = st.session_state[MAP_KEY].selection.points
    codes = [p.get("location") for p in points if p.get("location")]
    if codes:
        _pick(codes[0])


def _on_picker_change() -> None:
    label = st.session_state[PICKER_KEY]
    _pick(None if label == NO_COUNTRY else label.rsplit("(", 1)[-1].rstrip(")"))


def _picker_options(explainer: Explainer) -> list[str]:
    table = country_table()
    named = [c.iso3 for c in explainer.countries]
    rest = sorted((c for c in table.index if c not in named), key=lambda c: table.loc[c, "name"])
    return [NO_COUNTRY] + [f"{table.loc[c, 'name']} ({c})" for c in named + rest]


def draw(view: View, notices: list[str]) -> None:
    """Draw the page for ``view``; problems with content or data become messages, not tracebacks."""
    for notice in notices:
        st.warning(notice)
    try:
        explainer = _explainer(view.explainer)
        figure = _story_map(view.explainer, view.country)
    except ExplainerError as error:
        st.error(
            "This explainer cannot be shown because its files have problems:\n\n"
            + "\n".join(f"- {escape_markdown(line)}" for line in error.problems)
        )
        return
    except MissingDataError as error:
        st.error(f"A data file is missing: {escape_markdown(str(error))}")
        return

    _draw_header(explainer)
    # The map comes first so that on a phone, where columns stack, it is not 19 passages down.
    map_column, text_column = st.columns([6, 5], gap="large")
    with map_column:
        _draw_map(explainer, view, figure)
    with text_column:
        _draw_story(explainer, view)
    st.divider()
    st.caption(FOOTER)


def _draw_header(explainer: Explainer) -> None:
    original = explainer.original
    st.title(explainer.title)
    st.caption(
        f"{explainer.date:%-d %B %Y} · Retold from "
        f"[“{escape_markdown(original.headline)}”]({original.url}), "
        f"{escape_markdown(original.publisher)}, {original.date:%-d %B %Y}. "
        f"{escape_markdown(original.note)}"
    )
    if explainer.summary:
        st.markdown(f"**{escape_markdown(explainer.summary)}**")


def _draw_story(explainer: Explainer, view: View) -> None:
    for passage in explainer.passages:
        text = escape_markdown(passage.text)
        if view.country and view.country in passage.countries:
            st.markdown(f":orange-background[{text}]")
        else:
            st.markdown(text)


def _draw_map(explainer: Explainer, view: View, figure) -> None:
    options = _picker_options(explainer)
    current = next((o for o in options if o.endswith(f"({view.country})")), NO_COUNTRY)
    st.session_state[PICKER_KEY] = current
    st.selectbox(
        "Pick a country (or click one on the map)",
        options,
        key=PICKER_KEY,
        on_change=_on_picker_change,
    )
    st.plotly_chart(
        figure,
        key=MAP_KEY,
        on_select=_on_map_select,
        selection_mode="points",
        config=figures.MAP_CONFIG,
        theme=None,
        width="stretch",
    )
    if view.country:
        _draw_country_card(explainer, view.country)


def _draw_country_card(explainer: Explainer, iso3: str) -> None:
    name = country_name(iso3)
    story_country = explainer.country(iso3)
    passages = explainer.passages_naming(iso3)
    with st.container(border=True):
        st.subheader(name)
        if story_country:
            st.markdown(escape_markdown(story_country.why))
        else:
            st.markdown(f"{escape_markdown(name)} is not named in this story.")
        if passages:
            count = f"{len(passages)} passage{'s' if len(passages) != 1 else ''}"
            st.markdown(f"**{count} of the story name {escape_markdown(name)}**, highlighted:")
            for passage in passages:
                st.markdown(f"> {escape_markdown(passage.text)}")
        st.button("Show the whole story", on_click=_pick, args=(None,))
