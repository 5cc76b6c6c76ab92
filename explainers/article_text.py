"""Turn what a reader pastes or uploads into the plain text of an article.

"Bring your own article" accepts a .txt, .md or .html file, or pasted text. This module
checks the input at the edge (size, binary content, file type), strips markup with
libraries (trafilatura for web pages, markdown-it-py for Markdown, lxml as the
fallback; never a regular expression), and drops page furniture such as
"Advertisement" or "Sign up for our newsletter". The result is plain text: the app
shows it as text, never as HTML.

Example
-------
>>> clean_article(b"<p>Xi met Putin.</p><p>Advertisement</p>", "story.html")
'Xi met Putin.'
"""

from __future__ import annotations

import unicodedata
from pathlib import PurePath
from typing import Literal

import lxml.html
import trafilatura
from markdown_it import MarkdownIt

MAX_BYTES = 1024 * 1024
"""Articles are a few thousand words; 1 MB leaves room for a whole saved web page."""

Format = Literal["text", "markdown", "html"]
SUFFIXES: dict[str, Format] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}

_MAGIC = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (a .docx or .odt file is one)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document",
}

FURNITURE_LINES = frozenset(
    {
        "advertisement",
        "advertising",
        "sponsored",
        "sponsored content",
        "share",
        "share this",
        "share this article",
        "share this story",
        "print",
        "email",
        "comments",
        "read more",
        "related",
        "related articles",
        "related stories",
        "most popular",
        "most read",
        "recommended",
        "trending",
        "skip to content",
        "skip to main content",
        "back to top",
        "sign up",
        "subscribe",
        "log in",
        "menu",
        "topics",
    }
)
"""Lines that are page furniture whole (compared lower-cased, without end punctuation)."""

FURNITURE_STARTS = (
    "sign up for",
    "subscribe to",
    "follow us",
    "share on ",
    "share this",
    "read more:",
    "related:",
    "click here",
    "copyright",
    "©",
    "all rights reserved",
    "get the latest",
    "download the app",
    "listen to this article",
    "continue reading",
    "already a subscriber",
    "we use cookies",
)
"""Short lines that begin with these are furniture too."""

_FURNITURE_MAX_WORDS = 12
_BLOCK_TAGS = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "blockquote",
        "pre",
        "tr",
        "figcaption",
        "section",
        "article",
        "header",
        "footer",
        "table",
        "ul",
        "ol",
        "dd",
        "dt",
    ]
)
_DROP_TAGS = ("script", "style", "noscript", "nav", "aside", "form", "iframe", "template")


class ArticleInputError(ValueError):
    """The input cannot be read as an article; the message says what and the limit.

    Example
    -------
    >>> try:
    ...     clean_article(b"x" * (MAX_BYTES + 1))
    ... except ArticleInputError as error:
    ...     print(str(error)[:40])
    The article is 1,048,577 bytes; the limi
    """


def _check_size(size: int, what: str) -> None:
    if size > MAX_BYTES:
        raise ArticleInputError(
            f"{what} is {size:,} bytes; the limit is 1 MB ({MAX_BYTES:,} bytes). "
            "Paste or upload the article text alone."
        )


def _format_of(filename: str | None, text: str) -> Format:
    if filename:
        suffix = PurePath(filename).suffix.lower()
        if suffix not in SUFFIXES:
            accepted = ", ".join(sorted(SUFFIXES))
            raise ArticleInputError(
                f"{filename!r} is a {suffix or 'suffix-less'} file; "
                f"the app reads {accepted}. Save the article as .txt, .md or .html."
            )
        return SUFFIXES[suffix]
    looks_like_markup = text.lstrip().startswith("<") and "</" in text
    return "html" if looks_like_markup else "text"


def _control_share(text: str) -> float:
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    return controls / max(len(text), 1)


def decode_article(raw: bytes | str, filename: str | None = None) -> str:
    """Check size and content, and decode bytes to text (UTF-8, else Windows-1252).

    Offsets the linker reports index this text, so nothing else is changed here.

    Example
    -------
    >>> decode_article("Xi met Putin.".encode())
    'Xi met Putin.'
    """
    what = f"The file {filename!r}" if filename else "The article"
    if isinstance(raw, str):
        _check_size(len(raw.encode("utf-8", "surrogatepass")), what)
        text = raw
    elif isinstance(raw, bytes | bytearray):
        _check_size(len(raw), what)
        for magic, kind in _MAGIC.items():
            if raw.startswith(magic):
                raise ArticleInputError(
                    f"{what} looks like {kind}, not text; save the article as .txt, .md or .html."
                )
        if b"\x00" in raw[:8192]:
            raise ArticleInputError(
                f"{what} is binary (it holds NUL bytes); the app reads text: .txt, .md or .html."
            )
        try:
            text = bytes(raw).decode("utf-8-sig")
        except UnicodeDecodeError:
            text = bytes(raw).decode("cp1252", errors="replace")
    else:
        raise TypeError(f"raw should be bytes or str, got {type(raw).__name__}")
    if _control_share(text) > 0.01:
        raise ArticleInputError(
            f"{what} is binary (control characters throughout); "
            "the app reads text: .txt, .md or .html."
        )
    return text


def _html_blocks_to_text(html: str) -> str:
    """Markup to text with a line per block, for Markdown and short HTML fragments."""
    root = lxml.html.document_fromstring(html)
    for tag in _DROP_TAGS:
        for element in root.iter(tag):
            element.drop_tree()
    for element in root.iter():
        if element.tag in _BLOCK_TAGS or element.tag == "br":
            element.tail = "\n" + (element.tail or "")
    return root.text_content()


def _html_to_text(html: str) -> str:
    extracted = trafilatura.extract(html, include_comments=False, include_tables=False)
    if extracted and len(extracted.split()) >= 20:
        return extracted
    return _html_blocks_to_text(html)


def _markdown_to_text(markdown: str) -> str:
    # Raw HTML inside Markdown stays HTML here, so the lxml pass strips it like any tag.
    html = MarkdownIt("commonmark").render(markdown)
    return _html_blocks_to_text(f"<html><body>{html}</body></html>")


def is_furniture(line: str) -> bool:
    """Whether a line is page furniture rather than the article.

    Example
    -------
    >>> is_furniture("Sign up for our newsletter"), is_furniture("Xi met Putin.")
    (True, False)
    """
    key = line.strip().lower().rstrip(".:!›»> ")
    if not key:
        return False
    if key in FURNITURE_LINES:
        return True
    return len(key.split()) <= _FURNITURE_MAX_WORDS and key.startswith(FURNITURE_STARTS)


def _tidy(text: str, *, line_is_paragraph: bool) -> str:
    """Paragraphs apart by one blank line; furniture and control characters removed.

    Text from markup has a line per block, so each line is a paragraph; plain text
    keeps its own line breaks.
    """
    lines: list[str] = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = "".join(ch for ch in line if ch == "\t" or unicodedata.category(ch) != "Cc")
        line = " ".join(line.split())
        if is_furniture(line):
            continue
        if not line:
            if not line_is_paragraph and lines and lines[-1]:
                lines.append("")
            continue
        if line_is_paragraph and lines:
            lines.append("")
        lines.append(line)
    return "\n".join(lines).strip()


def clean_article(raw: bytes | str, filename: str | None = None) -> str:
    """The plain text of an article from pasted text or an uploaded file.

    Parameters
    ----------
    raw : bytes or str
        The upload's bytes or the pasted text; at most 1 MB.
    filename : str, optional
        Decides the format by suffix (.txt, .md, .html); without it, text that starts
        like a web page is read as HTML.

    Returns
    -------
    str
        Plain text, one paragraph per line, without markup or page furniture.

    Raises
    ------
    ArticleInputError
        Over 1 MB, binary, an unsupported file type, or no text left after cleaning.

    Example
    -------
    >>> clean_article("# Forum\\n\\nXi met **Putin**.\\n\\nShare this article", "a.md")
    'Forum\\n\\nXi met Putin.'
    """
    text = decode_article(raw, filename)
    fmt = _format_of(filename, text)
    if fmt == "html":
        text = _html_to_text(text)
    elif fmt == "markdown":
        text = _markdown_to_text(text)
    cleaned = _tidy(text, line_is_paragraph=fmt != "text")
    if not cleaned:
        what = f"The file {filename!r}" if filename else "The article"
        raise ArticleInputError(f"{what} has no readable text after cleaning.")
    return cleaned
