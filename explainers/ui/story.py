"""Drawing an explainer: its header, the linked viewer, and the data behind the map.

The same drawing serves a built-in explainer and an article a reader brings; what
differs (the credit line, the data behind the map) comes in as values.
"""

from __future__ import annotations

import streamlit as st

from explainers.data.datasets import DataFileError, explainer_downloads, explainer_sources
from explainers.data.map_data import MapData
from explainers.explainer import (
    DEFAULT_EXPLAINER,
    Explainer,
    ExplainerError,
    explainer_stamp,
    list_explainers,
)
from explainers.markup import escape_markdown, markdown_link, quoted
from explainers.ui import state
from explainers.ui.viewer import preload_viewer, show_viewer
from explainers.view import View
from explainers.worker import WorkerError

FOOTER = (
    "Country shapes: [Natural Earth](https://www.naturalearthdata.com/) 1:50m admin-0 "
    "(public domain), drawn as Natural Earth draws them; borders and names on this map do "
    "not imply any position on disputed territory. Country names: GeoNames (CC BY 4.0)."
)


def explainer_page() -> None:
    """A built-in explainer, as the URL asks for it."""
    preload_viewer()
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
    except DataFileError as error:
        state.show_data_error(error)
        return
    # The key names this version of the folder, so an edited explainer is drawn anew.
    draw(explainer, view, data, payload_key=f"{explainer.id}@{explainer_stamp(explainer.id)}")
    if not st.context.is_embedded:
        _draw_explainer_list(explainer.id)


def draw(
    explainer: Explainer,
    view: View,
    data: MapData,
    payload_key: str,
    reader_article: bool = False,
) -> None:
    """Draw ``explainer``: its header, the linked viewer (map, steps, card, text), the data.

    The view is not drawn here: the viewer reads it from the URL and applies every pick
    in the browser. Python only says what in the URL it could not show. A
    ``reader_article`` (the "Bring your own article" page) sits under its page's own title.
    """
    if view.step and not any(step.id == view.step for step in explainer.steps):
        steps = ", ".join(step.id for step in explainer.steps) or "none in this explainer"
        st.warning(
            f"The link asks for the step {quoted(view.step)}, which this explainer does not "
            f"have (its steps: {escape_markdown(steps)}). Showing the story from the start."
        )
    # An embed (?embed=true, Streamlit's own flag) draws the viewer alone, compact: no
    # header, downloads or footer; its credit line links to the full explainer.
    embedded = bool(st.context.is_embedded)
    if not embedded:
        _draw_header(explainer, reader_article)
    # A broken data file costs the reader what needs it, not the page: say which and why.
    for fault in (*state.map_data_faults(), state.shapes_fault()):
        if fault:
            state.show_data_error(fault)
    try:
        viewer_payload = state.viewer_payload(payload_key, explainer, data)
    except DataFileError as error:
        state.show_data_error(error)
    except WorkerError as error:  # a reader's article's payload, past the time limit
        st.error(escape_markdown(str(error)))
    else:
        embed = {"show": view.show} if embedded else None
        show_viewer(viewer_payload, key=f"viewer:{payload_key}", embed=embed)
    if embedded:
        return
    st.divider()
    _draw_downloads(explainer)
    _small_print(FOOTER)


def _draw_header(explainer: Explainer, reader_article: bool = False) -> None:
    original = explainer.original
    if original is None and not reader_article:
        # A shipped explainer that retells no article (the 2019 and 2023 forums, or a
        # journalist's own folder): its title is the page's h1, its credit its date.
        st.title(escape_markdown(explainer.title), anchor=False)
        dated = f"{explainer.date:%-d %B %Y} · " if explainer.date else ""
        _small_print(escape_markdown(f"{dated}The data's sources are under Get the data."))
        if explainer.summary:
            st.markdown(f"**{escape_markdown(explainer.summary)}**")
        return
    if original is None:
        # A reader's article sits under its page's own h1, so its title is an h2 and the
        # viewer's card (an h3) follows it in order.
        st.header(escape_markdown(explainer.title), anchor=False)  # no link made of its text
        if explainer.summary:  # the article's byline, dateline and date, as its page gave them
            st.markdown(escape_markdown(explainer.summary))
        named = len(explainer.countries)
        _small_print(
            f"Your article, linked on this page: {len(explainer.passages)} passages name "
            f"{named} {'country' if named == 1 else 'countries'}. Nothing is saved."
        )
        return
    st.title(escape_markdown(explainer.title), anchor=False)  # no link made of its text
    # The credit is one line that opens on demand: on a phone the full credit took three
    # lines above the map. Opened, it links the original and says how it was retold.
    with st.expander(
        escape_markdown(f"{explainer.date:%-d %B %Y} · Retold from {original.publisher}")
    ):
        _small_print(
            f"Retold from {markdown_link(f'“{original.headline}”', str(original.url))}, "
            f"{escape_markdown(original.publisher)}, {original.date:%-d %B %Y}. "
            f"{escape_markdown(original.note)}"
        )
    if explainer.summary:
        st.markdown(f"**{escape_markdown(explainer.summary)}**")


def _small_print(text: str) -> None:
    """The credit and footer lines: small grey Markdown, its links in the theme's link colour.

    Not ``st.caption``: that fades its text and links to 60% opacity, which leaves both
    under WCAG AA's 4.5:1 on white (axe's color-contrast rule). The theme's grey text
    (#686255) is 6:1 and its link blue (#244fb4) 7:1.
    """
    st.markdown(f":small[:gray[{text}]]")


def _draw_downloads(explainer: Explainer) -> None:
    # An h2, as the viewer's step title is: the page's headings go h1, h2, h3 (the card), h2.
    st.header("Get the data")
    st.markdown(
        "Every row has its source. The files below are the ones this map draws; "
        "`data/README.md` in the project gives their columns, licences and caveats."
    )
    columns, broken = st.columns(4), []
    for index, (name, label, mime) in enumerate(explainer_downloads(explainer.event)):
        with columns[index % 4]:
            try:
                content = state.processed_file(name)
            except DataFileError as error:
                st.warning(f"{escape_markdown(label)}: cannot be offered, the file is broken.")
                broken.append(error)
                continue
            st.download_button(label, content, file_name=name, mime=mime)
    reported = {fault.name for fault in state.map_data_faults()}
    for error in broken:
        if error.name not in reported:
            state.show_data_error(error)
    # A Markdown table, not st.table: that would make every new reader download
    # Streamlit's 726 KB Arrow chunk for six rows of text.
    rows = [
        f"| {' | '.join(escape_markdown(cell) for cell in row)} |"
        for row in explainer_sources(explainer.event)
    ]
    st.markdown(
        "\n".join(["**Sources**", "", "| Data | Source | Licence |", "| --- | --- | --- |", *rows])
    )


def _draw_explainer_list(current: str) -> None:
    """Every explainer the app has, newest first, each a link to its opening view.

    Read from the folders on each page load, so one added while the server runs is listed
    at once.
    """
    from explainers.ui import pages  # the pages import this module

    st.header("All explainers")
    for item in list_explainers():
        dated = f" ({item.date:%-d %B %Y})" if item.date else ""
        label = escape_markdown(f"{item.title}{dated}")
        if item.id == current:
            st.markdown(f"{label} · :gray[you are reading it]")
            continue
        query = {} if item.id == DEFAULT_EXPLAINER else {"explainer": item.id}
        st.page_link(pages()[0], label=label, query_params=query)
