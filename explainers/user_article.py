"""Turn an article a reader brings (pasted or uploaded) into an explainer the app can draw.

The article is cleaned (:func:`explainers.article_text.clean_article`), split into
passages at blank lines, and linked; every country it names goes on the map, grouped by
how often it comes up. Nothing is stored: the explainer lives in the reader's session.

Example
-------
>>> story = article_explainer("Xi met Putin in Beijing.\\n\\nKazakhstan joined them.")
>>> [c.iso3 for c in story.countries]
['CHN', 'RUS', 'KAZ']
"""

from __future__ import annotations

import hashlib
from collections import Counter

from explainers.article_text import ArticleInputError, clean_article
from explainers.countries import country_name
from explainers.explainer import Explainer, StoryCountry, linked_passage

USER_ARTICLE_ID = "your-article"
GROUPS = {"main": "Named three times or more", "named": "Named in the article"}
MAIN_THRESHOLD = 3
MAX_TITLE_WORDS = 14


class NoPlacesError(ArticleInputError):
    """The article names no country the linker knows."""


def article_key(raw: bytes | str) -> str:
    """A short digest of the input: the cache key for its figures, never shown."""
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    return hashlib.sha256(data).hexdigest()[:16]


def _title(first_passage: str) -> str:
    words = first_passage.split()
    if len(words) <= MAX_TITLE_WORDS:
        return first_passage
    return " ".join(words[:MAX_TITLE_WORDS]) + "…"


def article_explainer(raw: bytes | str, filename: str | None = None) -> Explainer:
    """Clean, split and link an article; raise ArticleInputError with a reason if it can't be."""
    text = clean_article(raw, filename)
    paragraphs = [" ".join(block.split()) for block in text.split("\n\n") if block.strip()]
    if len(paragraphs) == 1:
        paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    passages = tuple(
        linked_passage(f"p{number}", paragraph)
        for number, paragraph in enumerate(paragraphs, start=1)
    )
    counts = Counter(code for passage in passages for code in passage.countries)
    if not counts:
        raise NoPlacesError(
            "No countries or places were found in this text, so there is nothing to map. "
            "The linker reads English news text; check that the article names countries, "
            "cities or leaders."
        )
    order = list(dict.fromkeys(code for passage in passages for code in passage.countries))
    countries = tuple(
        StoryCountry(
            iso3=code,
            group="main" if counts[code] >= MAIN_THRESHOLD else "named",
            why=f"Named in {counts[code]} passage{'s' if counts[code] != 1 else ''} "
            f"of the article ({country_name(code)}).",
        )
        for code in order
    )
    return Explainer(
        id=USER_ARTICLE_ID,
        title=_title(paragraphs[0]),
        summary="",
        groups=GROUPS,
        countries=countries,
        passages=passages,
    )
