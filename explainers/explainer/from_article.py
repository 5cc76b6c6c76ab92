"""Turn an article a reader brings (pasted or uploaded) into an explainer the app can draw.

The article is read (:func:`explainers.text.article.read_article`: headline, byline,
dateline and paragraphs, without the page's furniture), each paragraph becomes a passage
and is linked, and every country it names goes on the map, grouped by how often it comes
up. The article is linked as one text, dateline first, by the same pipeline as the command
line (:func:`link_passages`); the dateline's place ("BEIJING (Reuters) -") counts as a
country the first passage names; byline, dateline and date make the summary. Nothing is stored: the
explainer lives in the reader's session (and, in memory only, among the server's last few).
The page's call, :func:`linked_article`, does the work in a worker process with a time
limit (:mod:`explainers.worker`), so one reader's long article does not hold up
the others; :func:`article_explainer` does it in the calling process.

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

import dataclasses
import datetime as dt
import functools
import hashlib
import re
from collections import Counter

from explainers import worker
from explainers.countries import country_name
from explainers.explainer import Explainer, Passage, StoryCountry
from explainers.text.article import Article, ArticleInputError, read_article
from explainers.text.linking import link_text, passage_countries
from explainers.text.places import Mention

USER_ARTICLE_ID = "your-article"
GROUPS = {"main": "Named three times or more", "named": "Named in the article"}
MAIN_THRESHOLD = 3
MAX_TITLE_WORDS = 14
MAX_PASSAGE_CHARS = 1_500
"""A longer paragraph is drawn as several passages, cut between sentences: the reader's
browser lays out and marks a passage at a time, and one 1 MB paragraph took it minutes."""
MAX_LINKED_CHARS = 150_000
"""What the app links and draws of one article: about 25,000 words, ten long features.
Beyond it the article is cut (between passages) and the page says so, so any text the
app accepts is mapped in seconds, on the server and in the browser."""
_SENTENCE_BREAK = re.compile(r"[.!?…][\"'”’)\]]?( +)\S")


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


def dateline_line(article: Article) -> str:
    """The dateline as the copy prints it, so it is linked as the command line links it
    in the file: 'HYDERABAD, Pakistan - '. Empty without a dateline.

    Example
    -------
    >>> dateline_line(Article("", ("x",), dateline="Aktau", dateline_region="Kazakhstan"))
    'AKTAU, Kazakhstan - '
    """
    if not article.dateline:
        return ""
    region = f", {article.dateline_region}" if article.dateline_region else ""
    return f"{article.dateline.upper()}{region} - "


def dateline_countries(article: Article) -> tuple[str, ...]:
    """The countries of the place the story is filed from ('AKTAU, Kazakhstan -': KAZ),
    as the linker reads the dateline line.

    Example
    -------
    >>> dateline_countries(Article("", ("A ship docked.",), dateline="Trincomalee"))
    ('LKA',)
    """
    return _filed_from(link_text(dateline_line(article)))


def _filed_from(mentions) -> tuple[str, ...]:
    codes = passage_countries(mentions)
    return codes if len(codes) == 1 else ()


PASSAGE_BREAK = "\n\n"


def head_text(article: Article) -> str:
    """The headline and the dateline line, as the file gives them above the story."""
    title = f"{article.title}{PASSAGE_BREAK}" if article.title else ""
    return title + dateline_line(article)


def article_links(
    article: Article, texts: list[str]
) -> tuple[tuple[Mention, ...], tuple[Passage, ...]]:
    """Link the article's headline, dateline and passages as one text, as the command
    line links a file: the same pipeline, so a town vouched for by a country named three
    paragraphs away, or a name's one sense per article, is read the same way on both
    doors. Returns the mentions in :func:`head_text` (offsets into it) and the passages,
    each with its own mentions (offsets into its text); the countries the headline and
    the dateline name count for the first passage.

    Example
    -------
    >>> story = Article("Port talks", ("Xi met Putin.", "Lamu is in Kenya."), dateline="Galle")
    >>> head, passages = article_links(story, list(story.paragraphs))
    >>> [m.text for m in head], [(p.text, p.countries) for p in passages]
    (['GALLE'], [('Xi met Putin.', ('CHN', 'RUS', 'LKA')), ('Lamu is in Kenya.', ('KEN',))])
    """
    head = head_text(article)
    mentions = link_text(head + PASSAGE_BREAK.join(texts))
    in_head = tuple(m for m in mentions if m.end <= len(head))
    filed_from = passage_countries(m for m in in_head if len(m.iso3) == 1)
    passages, start = [], len(head)
    for number, text in enumerate(texts, start=1):
        end = start + len(text)
        own = tuple(_shifted(m, start) for m in mentions if start <= m.start and m.end <= end)
        add = filed_from if number == 1 else ()
        countries = passage_countries(own, add)
        passages.append(Passage(id=f"p{number}", text=text, mentions=own, countries=countries))
        start = end + len(PASSAGE_BREAK)
    return in_head, tuple(passages)


def link_passages(article: Article, texts: list[str]) -> tuple[Passage, ...]:
    """The passages of :func:`article_links`: what the page draws."""
    return article_links(article, texts)[1]


def _shifted(mention: Mention, start: int) -> Mention:
    return dataclasses.replace(mention, start=mention.start - start, end=mention.end - start)


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


def pieces(paragraph: str, limit: int = MAX_PASSAGE_CHARS) -> list[str]:
    """A paragraph cut into passages of at most ``limit`` characters, between sentences
    where it can, else between words, else (one endless word) anywhere.

    Example
    -------
    >>> pieces("Xi met Putin. They spoke. Then they left.", limit=30)
    ['Xi met Putin. They spoke.', 'Then they left.']
    >>> pieces("x" * 25, limit=10)
    ['xxxxxxxxxx', 'xxxxxxxxxx', 'xxxxx']
    """
    out: list[str] = []
    rest = paragraph
    while len(rest) > limit:
        head = rest[: limit + 1]
        cut = max((m.start(1) for m in _SENTENCE_BREAK.finditer(head)), default=-1)
        if cut <= 0:
            cut = head.rfind(" ")
        if cut <= 0:
            cut = limit
        out.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        out.append(rest)
    return out


def drawn_passages(
    paragraphs: tuple[str, ...], budget: int = MAX_LINKED_CHARS
) -> tuple[list[str], int]:
    """The passages the app links and draws, and how many characters it leaves out.

    Example
    -------
    >>> drawn_passages(("Xi met Putin.", "Kazakhstan joined."), budget=15)
    (['Xi met Putin.'], 18)
    """
    drawn: list[str] = []
    used = 0
    for paragraph in paragraphs:
        for piece in pieces(paragraph):
            if used + len(piece) > budget and drawn:
                total = sum(len(p) for p in paragraphs)
                return drawn, total - used
            drawn.append(piece)
            used += len(piece)
    return drawn, 0


def long_article_note(left_out: int, drawn: int) -> str | None:
    """What the page says when it draws only the start of a very long article.

    Example
    -------
    >>> long_article_note(850_000, 42)[:74]
    'This article is very long: the map and the text show its first 42 passages'
    """
    if not left_out:
        return None
    return (
        f"This article is very long: the map and the text show its first {drawn} passages "
        f"(about {MAX_LINKED_CHARS:,} characters); the last {left_out:,} characters are left "
        "out. To map a later part, paste that part alone."
    )


def explainer_from(article: Article) -> Explainer:
    """Link an article's paragraphs and group its countries; raise NoPlacesError if none.

    A long paragraph becomes several passages, and a very long article is cut at
    :data:`MAX_LINKED_CHARS` (:func:`linked_article` says so).
    """
    texts, left_out = drawn_passages(article.paragraphs)
    passages = link_passages(article, texts)
    counts = Counter(code for passage in passages for code in passage.countries)
    if not counts:
        raise NoPlacesError(
            "No countries or places were found in this text, so there is nothing to map. "
            "The linker reads English news text; check that the article names countries, "
            "cities or leaders."
            + (f" Only its first {MAX_LINKED_CHARS:,} characters were read." if left_out else "")
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
    """Read, split and link an article in this process; raise ArticleInputError if it can't be.

    The command line, the export and the tests call this; the page calls
    :func:`linked_article`, which does the same work in a worker process.
    """
    return link_here(raw, filename)[0]


def link_here(raw: bytes | str, filename: str | None = None) -> tuple[Explainer, str | None]:
    """The article's explainer, and a note for the page if only its start is drawn.

    The work itself, done in the calling process: a worker runs it for the page.

    Example
    -------
    >>> story, note = link_here("Xi met Putin in Beijing.")
    >>> len(story.passages), note
    (1, None)
    """
    article = read_article(raw, filename)
    explainer = explainer_from(article)
    _, left_out = drawn_passages(article.paragraphs)
    return explainer, long_article_note(left_out, len(explainer.passages))


RECENT_ARTICLES = 4
"""How many linked articles the server keeps in memory, so the same text brought again
(a second click, a second reader) is answered without linking it again. The longest
article the app draws holds about 9 MB once linked."""


@functools.lru_cache(maxsize=RECENT_ARTICLES)
def linked_article(raw: bytes | str, filename: str | None = None) -> tuple[Explainer, str | None]:
    """:func:`link_here` in a worker process, with a time limit: what the page calls.

    Linking a long article takes seconds of CPU; in a worker it does not slow the other
    readers' pages (see :mod:`explainers.worker`). One of the last
    :data:`RECENT_ARTICLES` articles is answered from memory and never goes to a worker.
    Raises ArticleInputError with the article's own problem, or
    ``TimeLimitError`` past the time limit, or ``WorkerUnavailableError`` if the
    worker died.

    Example
    -------
    >>> story, note = linked_article("Xi met Putin in Beijing.")
    >>> [c.iso3 for c in story.countries], note
    (['CHN', 'RUS'], None)
    """
    return worker.run(link_here, raw, filename)
