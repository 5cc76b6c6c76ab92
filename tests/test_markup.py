"""Untrusted text is shown literally: no Markdown, no links, no HTML."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from explainers.markup import escape_markdown, quoted, shown_text

RENDER = MarkdownIt("commonmark").render


@pytest.mark.parametrize(
    "text",
    [
        "[click](javascript:alert(1))",
        "![img](http://example.com/x.png)",
        "<script>alert(1)</script>",
        "**bold** _it_ `code` # heading",
        ":red[colour] :material/home:",
        "1. list\n- item\n> quote",
    ],
)
def test_escaped_text_renders_as_the_same_text(text):
    html = RENDER(escape_markdown(text))
    assert "<a " not in html and "<img" not in html and "<script" not in html
    assert "<strong>" not in html and "<em>" not in html and "<h1>" not in html


def test_quoted_cuts_and_escapes():
    assert quoted("x" * 100, limit=10) == "“xxxxxxxxx…”"
    assert quoted("a*b") == "“a\\*b”"


@pytest.mark.parametrize(
    ("text", "pattern"),
    [
        ("http://evil.example/login", "://"),
        ("see www.evil.example", "www."),
        ("write to a@evil.example", "a@"),
        (":material/home: and :streamlit:", ":material/"),
        (":streamlit:", ":streamlit:"),
        ("a -> b", "->"),
    ],
)
def test_streamlit_after_parsing_patterns_are_broken_but_read_the_same(text, pattern):
    """Streamlit links, iconifies and arrows the parsed text; the escape leaves none whole."""
    escaped = escape_markdown(text)
    assert pattern not in escaped.replace("\\", "")
    assert shown_text(escaped) == text
