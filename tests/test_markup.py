"""Untrusted text is shown literally: no Markdown, no links, no HTML."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from explainers.markup import escape_markdown, quoted

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
