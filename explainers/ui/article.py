"""Bring your own article: paste or upload it, and see it linked and mapped like an explainer.

The text stays in the reader's session (never in the URL, never on disk); what the app
shows of it is escaped, so markup in a pasted page stays text.
"""

from __future__ import annotations

import dataclasses

import streamlit as st

from explainers import paths, worker
from explainers.data.datasets import DataFileError
from explainers.data.map_data import MapData
from explainers.explainer.from_article import article_key, linked_article
from explainers.explainer.to_folder import folder_id, folder_zip
from explainers.export import export_zip, zip_name
from explainers.markup import escape_markdown, quoted
from explainers.text.article import MAX_BYTES, MAX_SIZE_SHOWN, ArticleInputError
from explainers.ui import state
from explainers.ui.story import draw
from explainers.ui.viewer import preload_viewer
from explainers.view import PARAMETERS

ARTICLE_KEY = "user_article"
NOTE_KEY = "user_article_note"
VIEW_PARAMETERS = {parameter.name for parameter in PARAMETERS}
FILE_TYPES = ["txt", "md", "markdown", "html", "htm"]


def _projects_in(data: MapData, countries: set[str]) -> MapData:
    """The map data with only the projects in the countries the article names."""
    return dataclasses.replace(data, projects=data.projects_in(*countries))


def article_page() -> None:
    preload_viewer()
    st.title("Bring your own article")
    st.markdown(
        "Paste an English news article, or upload it as a .txt, .md or .html file (up to "
        f"{MAX_SIZE_SHOWN}). The app strips the markup and page furniture, "
        "finds the countries, places, people and organisations it names, and maps them "
        "with the Belt and Road projects in those countries. Nothing is saved."
    )
    if ARTICLE_KEY not in st.session_state and set(st.query_params) & VIEW_PARAMETERS:
        st.info(
            "This link points to a view of an article someone brought to this page. "
            "Articles are not kept on the server (nothing is saved), so it cannot be shown "
            "again from the link: paste or upload the article below to map it."
        )
    with st.form("article_form"):
        text = st.text_area("Article text", height=180, placeholder="Paste the article here")
        # This uploader's own limit: the server's (server.maxUploadSize) is the projects
        # page's 30 MB.
        upload = st.file_uploader(
            "…or upload a file", type=FILE_TYPES, max_upload_size=MAX_BYTES // 1_000_000
        )
        submitted = st.form_submit_button("Map this article", type="primary")
    if submitted:
        raw, filename = (upload.getvalue(), upload.name) if upload else (text, None)
        if not raw or (isinstance(raw, str) and not raw.strip()):
            st.warning(_nothing_to_map(filename))
            return
        try:
            explainer, note = linked_article(raw, filename)
        except (ArticleInputError, worker.WorkerError) as error:
            st.session_state.pop(ARTICLE_KEY, None)
            st.error(escape_markdown(str(error)))
            return
        st.session_state[ARTICLE_KEY] = (article_key(raw), explainer)
        st.session_state[NOTE_KEY] = note

    if ARTICLE_KEY not in st.session_state:
        return
    key, explainer = st.session_state[ARTICLE_KEY]
    view, notices = state.current_view()
    for notice in notices:
        st.warning(notice)
    # A broken map table is empty here (its layer is left out) and named by draw().
    data = _projects_in(state.map_data(), {c.iso3 for c in explainer.countries})
    st.divider()
    if note := st.session_state.get(NOTE_KEY):
        st.info(note)
    draw(explainer, view, data, payload_key=f"article:{key}", reader_article=True)
    _offer_export(explainer, data, key)


def _offer_export(explainer, data: MapData, key: str) -> None:
    """A zip of the article as static pages, built only when the reader clicks (the
    download button takes a callable): about 1 MB and a few tenths of a second each time.

    The pages need the map's payload, which needs ``countries.csv``; without it the
    reader is told which file and how to rebuild it, and the article above stays.
    """
    st.header("Publish this map")
    try:
        payload = state.viewer_payload(f"article:{key}", explainer, data)  # kept in the session
    except worker.WorkerError:  # past the time limit: draw() has said so above
        return
    except DataFileError as error:
        st.error(
            "The article cannot be exported as a web page: "
            f"{escape_markdown(paths.shown(error.path))} {escape_markdown(error.problem)}. "
            f"To fix it, {error.fix}."
        )
        return
    st.markdown(
        "Download the article and its map as a small static website: unzip it and open "
        "`index.html`, or put the folder on any web server. It needs no server of ours "
        "and loads nothing from any other site."
    )
    st.download_button(
        "Download as a web page (.zip)",
        data=lambda: export_zip(explainer, payload),
        file_name=zip_name(explainer),
        mime="application/zip",
        on_click="ignore",
        key=f"export:{key}",
        icon=":material/download:",
    )
    st.markdown(
        "Or download it as an explainer folder (`story.md` and `explainer.yaml`): unzip it "
        "into `explainers/stories/` of your copy of this app, edit the words, the countries' "
        "roles and the steps, check it with `python -m explainers validate`, and it serves "
        "as an explainer of its own, with the same countries on the map."
    )
    st.download_button(
        "Download as an explainer folder (.zip)",
        data=lambda: folder_zip(explainer),
        file_name=f"{folder_id(explainer.title)}.zip",
        mime="application/zip",
        on_click="ignore",
        key=f"folder:{key}",
        icon=":material/folder_zip:",
    )


def _nothing_to_map(filename: str | None) -> str:
    """Why there is nothing to map: an empty file, or no text and no file the uploader took.

    The uploader refuses a file over the limit or of another type in the browser, before
    the server sees it, so the page cannot tell a refused file from none; it says both.
    """
    if filename is not None:
        return (
            f"The file {quoted(filename)} is empty (0 bytes), so there is nothing to map. "
            "Choose the saved article itself, or paste its text."
        )
    return (
        "There is nothing to map: the text box is empty and no file was taken. The uploader "
        f"refuses a file over {MAX_SIZE_SHOWN} or of another type (.txt, .md and .html are "
        "read) and says so under it; paste the article's text instead, or save it smaller."
    )
