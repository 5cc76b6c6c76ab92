"""The Streamlit pages: the only part of the package that imports ``streamlit``.

* :func:`explainer_page`: a built-in explainer, its view read from the URL;
* :func:`article_page`: an article the reader brings, linked and mapped the same way;
* :func:`projects_page`: a newsroom's own project table, checked and drawn as a layer.

:func:`pages` gives them as Streamlit pages, so that ``app.py`` routes to them and a
page can link to another (the list of explainers links to the first).
"""

import streamlit as st

from explainers.ui.article import article_page
from explainers.ui.projects import projects_page
from explainers.ui.story import explainer_page


def pages() -> list:
    """The app's pages, made in the script run that uses them (a page made at import,
    outside any run, would belong to no run)."""
    return [
        st.Page(explainer_page, title="The explainer", url_path="explainer", default=True),
        st.Page(article_page, title="Bring your own article", url_path="your-article"),
        st.Page(projects_page, title="Bring your own projects", url_path="your-projects"),
    ]


__all__ = ["article_page", "explainer_page", "pages", "projects_page"]
