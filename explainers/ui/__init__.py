"""The Streamlit pages: the only part of the package that imports ``streamlit``.

* :func:`explainer_page`: a built-in explainer, its view read from the URL;
* :func:`article_page`: an article the reader brings, linked and mapped the same way.
"""

from explainers.ui.article import article_page
from explainers.ui.story import explainer_page

__all__ = ["article_page", "explainer_page"]
