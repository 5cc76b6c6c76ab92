"""Turn an article a reader brings (pasted or uploaded) into an explainer the app can draw.

The article is read (:func:`explainers.article_text.read_article`: headline, byline,
dateline and paragraphs, without the page's furniture), each paragraph becomes a passage
and is linked, and every country it names goes on the map, grouped by how often it comes
up. The place in the dateline ("BEIJING (Reuters) -") is linked too, as a country the
first passage names; byline, dateline and date make the summary. Nothing is stored: the
explainer lives in the reader's session.

Example
-------
>>> story = article_explainer("Xi met Putin in Beijing.\\n\\nKazakhstan joined them.")
>>> [c.iso3 for c in story.countries]
['CHN', 'RUS', 'KAZ']
>>> story = article_explainer("Port talks\\n\\nBy Li Wei\\n\\nTRINCOMALEE - A ship docked.")
>>> story.title, story.summary, [c.iso3 for c in story.countries]
('Port talks', 'By Li Wei · Trincomalee', ['LKA'])
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter

from explainers.article_text import Article, ArticleInputError, read_article
from explainers.countries import country_name
from explainers.explainer import Correction, Explainer, StoryCountry, linked_passage
from explainers.gazetteer import place_named

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


def dateline_countries(article: Article) -> tuple[str, ...]:
    """The countries of the place the story is filed from ('AKTAU, Kazakhstan -': KAZ).

    Example
    -------
    >>> dateline_countries(Article("", ("A ship docked.",), dateline="Trincomalee"))
    ('LKA',)
    """
    if not article.dateline:
        return ()
    place = place_named(article.dateline, within=article.dateline_region)
    return place.iso3 if place is not None and len(place.iso3) == 1 else ()


def summary_line(article: Article) -> str:
    """Byline, dateline and date as a newsroom prints them: 'By Li Wei · Beijing · 3 May 2024'.

    Example
    -------
    >>> summary_line(Article("", ("x",), byline="Li Wei", dateline="Beijing", date="2024-05-03"))
    'By Li Wei · Beijing · 3 May 2024'
    """
    day = dt.date.fromisoformat(article.date) if article.date else None
    parts = (
        f"By {article.byline}" if article.byline else "",
        article.dateline,
        f"{day.day} {day:%B %Y}" if day else "",
    )
    return " · ".join(part for part in parts if part)


def explainer_from(article: Article) -> Explainer:
    """Link an article's paragraphs and group its countries; raise NoPlacesError if none."""
    filed_from = Correction(add=dateline_countries(article))
    passages = tuple(
        linked_passage(f"p{number}", paragraph, filed_from if number == 1 else None)
        for number, paragraph in enumerate(article.paragraphs, start=1)
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
        title=article.title or _title(article.paragraphs[0]),
        summary=summary_line(article),
        groups=GROUPS,
        countries=countries,
        passages=passages,
    )


def article_explainer(raw: bytes | str, filename: str | None = None) -> Explainer:
    """Read, split and link an article; raise ArticleInputError with a reason if it can't be."""
    return explainer_from(read_article(raw, filename))
