"""Step 2 for Markdown and plain text: Markdown into blocks (through the web-page
reader), plain text into paragraphs with its hard-wrapped lines joined; both sifted."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

from explainers.text.article.model import _Notes, _sift
from explainers.text.article.rules import _SENTENCE_END, _one_line
from explainers.text.article.web_page import _first_heading, _markup_lines, _prune, parse_html

_MARK_RUN = re.compile(r"[\[\]()!*_<>`~#|\\]{8,}")
"""Eight Markdown marks in a row open no construct a story needs, and a long run of them
(``[[[[…``) costs markdown-it tens of microseconds a character: 200 KB took seconds."""


def _calm_marks(markdown: str) -> str:
    """The Markdown with each run of eight marks or more blanked (a rule line stays
    a break between paragraphs); hostile input parses in linear time.

    >>> _calm_marks("Xi[[[[[[[[[[met **Putin**.")
    'Xi          met **Putin**.'
    """
    return _MARK_RUN.sub(lambda m: " " * len(m.group()), markdown)


def _markdown_parts(markdown: str, notes: _Notes) -> tuple[str, list[str]]:
    """Headline (the first ``#`` heading) and blocks of a Markdown file."""
    # Raw HTML inside Markdown stays HTML here, so the lxml pass strips it like any tag.
    html = MarkdownIt("commonmark").render(_calm_marks(markdown))
    root = parse_html(f"<html><body>{html}</body></html>")
    _prune(root, notes)
    lines, headings = _markup_lines(root)
    h1 = next((text for tag, text in headings if tag == "h1"), "")
    return h1 or _first_heading(lines, headings), _sift(lines, notes)


def _wrap_width(lines: list[str]) -> int:
    lengths = sorted(len(line) for line in lines)
    return lengths[int(0.8 * (len(lengths) - 1))]


def _hard_wrapped(lines: list[str]) -> bool:
    """Lines cut at a column (a PDF, a narrow column), not one paragraph per line."""
    open_ended = sum(not line.endswith(_SENTENCE_END) for line in lines)
    return len(lines) >= 3 and _wrap_width(lines) <= 100 and 2 * open_ended >= len(lines)


def _join_wrapped(lines: list[str]) -> str:
    """Join hard-wrapped lines: 'New' + 'Zealand' -> 'New Zealand'; 'state-' + 'owned' ->
    'state-owned' (a hyphen at a line's end is kept: it may be the word's own)."""
    text = lines[0]
    for line in lines[1:]:
        if text.endswith("\u00ad"):
            text = text[:-1] + line
        elif text.endswith("-") and text[-2:-1].isalpha() and line[:1].isalpha():
            text += line
        else:
            text += " " + line
    return text


def _reflow(lines: list[str], only_group: bool) -> list[tuple[str, bool]]:
    """A run of lines between blank lines, as paragraphs; True marks a one-line run."""
    if len(lines) == 1:
        return [(lines[0], True)]
    if _hard_wrapped(lines):
        short = 0.8 * _wrap_width(lines)
        chunks: list[list[str]] = [[]]
        for line in lines:
            chunks[-1].append(line)
            if line.endswith(_SENTENCE_END) and len(line) < short:
                chunks.append([])
        return [(_join_wrapped(chunk), False) for chunk in chunks if chunk]
    if only_group:
        return [(line, False) for line in lines]
    return [(_join_wrapped(lines), False)]


def _text_paragraphs(text: str, notes: _Notes) -> list[tuple[str, bool]]:
    """Plain text: furniture lines out (a dropped line does not break its paragraph),
    then blank lines part paragraphs and hard wraps are joined."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    groups: list[list[str]] = [[]]
    for line in _sift(lines, notes):
        if line.strip():
            groups[-1].append(_one_line(line))
        elif groups[-1]:
            groups.append([])
    groups = [group for group in groups if group]
    return [part for group in groups for part in _reflow(group, len(groups) == 1)]
