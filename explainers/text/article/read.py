"""The steps in order (decode, read the format, find the head): an upload or a paste
in, an :class:`Article` or its plain text out."""

from __future__ import annotations

import re

from explainers.text.article.decode import _format_of, decode_article
from explainers.text.article.head import _drop_pull_quotes, _split_headline, _take_dateline
from explainers.text.article.limits import ArticleInputError
from explainers.text.article.model import Article, _Notes
from explainers.text.article.plain import _markdown_parts, _text_paragraphs
from explainers.text.article.rules import _one_line
from explainers.text.article.web_page import _html_parts

_BULLET = re.compile(r"^[-•*·] +")


def read_article(raw: bytes | str, filename: str | None = None) -> Article:
    """The headline, byline, dateline, date and paragraphs of an article.

    Parameters
    ----------
    raw : bytes or str
        The upload's bytes or the pasted text; at most 1 MB.
    filename : str, optional
        Decides the format by suffix (.txt, .md, .html); without it, text that starts
        like a web page is read as HTML.

    Raises
    ------
    ArticleInputError
        Over 1 MB, binary, an unsupported file type, or no text left after cleaning.

    Example
    -------
    >>> story = read_article("# Forum\\n\\n*By Li Wei*\\n\\nXi met **Putin**.\\n\\nShare", "a.md")
    >>> story.title, story.byline, story.paragraphs
    ('Forum', 'Li Wei', ('Xi met Putin.',))
    """
    text = decode_article(raw, filename)
    fmt = _format_of(filename, text)
    notes = _Notes()
    if fmt == "html":
        title, lines = _html_parts(text, notes)
        paragraphs = [(_one_line(line), False) for line in lines if line.strip()]
    elif fmt == "markdown":
        title, lines = _markdown_parts(text, notes)
        paragraphs = [(_one_line(line), True) for line in lines if line.strip()]
    else:
        title, paragraphs = "", _text_paragraphs(text, notes)
    title, texts = _split_headline(title, paragraphs, notes, guess=fmt != "html")
    _take_dateline(texts, notes)
    texts = [_BULLET.sub("", text) for text in texts]
    texts = _drop_pull_quotes([text for text in texts if text], notes)
    if not texts and title:
        title, texts = "", [title]
    if not texts:
        what = f"The file {filename!r}" if filename else "The article"
        raise ArticleInputError(f"{what} has no readable text after cleaning.")
    return Article(
        title=title,
        paragraphs=tuple(texts),
        byline=notes.byline,
        dateline=notes.dateline,
        dateline_region=notes.dateline_region,
        date=notes.date,
        dropped=tuple(notes.dropped),
    )


def clean_article(raw: bytes | str, filename: str | None = None) -> str:
    """The plain text of an article from pasted text or an uploaded file.

    The headline (if the page has one) comes first, then the paragraphs, one per line and
    a blank line apart, without markup, furniture, byline or dateline
    (:func:`read_article` returns those).

    Raises
    ------
    ArticleInputError
        Over 1 MB, binary, an unsupported file type, or no text left after cleaning.

    Example
    -------
    >>> clean_article("# Forum\\n\\nXi met **Putin**.\\n\\nShare this article", "a.md")
    'Forum\\n\\nXi met Putin.'
    """
    return read_article(raw, filename).text
