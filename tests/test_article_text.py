"""Cleaning what a reader pastes or uploads: markup, furniture, limits."""

from __future__ import annotations

import pytest

from explainers.article_text import (
    MAX_BYTES,
    ArticleInputError,
    clean_article,
    decode_article,
    is_furniture,
)

PAGE = """<!doctype html><html><head><title>Forum</title>
<script>window.track = 1;</script><style>p { color: red }</style></head>
<body><nav>Home | World | China</nav>
<article><h1>Xi and Putin meet at the forum</h1>
<p>Xi Jinping met Vladimir Putin in Beijing on Sunday, and the two leaders promised
closer ties between China and Russia whatever happens in the world.</p>
<div class="ad">Advertisement</div>
<p>Share this article</p>
<p>Putin said the forum came at a good time for the global economy, according to a
statement released by the Kremlin after the talks.</p></article>
<footer>Sign up for our newsletter</footer></body></html>"""


def test_html_page_keeps_the_story_and_drops_furniture():
    text = clean_article(PAGE.encode(), "story.html")
    assert "Xi Jinping met Vladimir Putin in Beijing" in text
    assert "the Kremlin after the talks" in text
    for furniture in ("Advertisement", "Share this article", "Sign up", "track", "color"):
        assert furniture not in text
    assert "<" not in text


def test_short_html_fragment_falls_back_to_lxml():
    assert clean_article(b"<p>Xi met Putin.</p><p>Advertisement</p>", "a.html") == "Xi met Putin."


def test_pasted_html_is_recognised_without_a_filename():
    assert clean_article("<script>alert(1)</script><p>Hi &amp; <b>bye</b></p>") == "Hi & bye"


def test_markdown_loses_its_syntax():
    raw = "# Forum\n\nXi met **Putin** in [Beijing](https://example.org).\n\nShare this article"
    assert clean_article(raw, "a.md") == "Forum\n\nXi met Putin in Beijing."


def test_markdown_raw_html_is_not_passed_through():
    assert "<script>" not in clean_article("Hi <script>x()</script>", "a.md")


def test_plain_text_keeps_paragraphs():
    raw = "Para one\nstill one.\r\n\n\n\nAdvertisement\n\nPara two."
    assert clean_article(raw, "a.txt") == "Para one\nstill one.\n\nPara two."


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        ("Advertisement", True),
        ("ADVERTISEMENT", True),
        ("Share this article", True),
        ("Sign up for our newsletter", True),
        ("Read more:", True),
        ("© 2017 South China Morning Post", True),
        ("Xi met Putin.", False),
        ("Advertisement revenue fell at Chinese papers this year, the report said.", False),
        ("", False),
    ],
)
def test_is_furniture(line, furniture):
    assert is_furniture(line) is furniture


def test_windows_1252_bytes_are_read():
    assert clean_article("Türkiye’s port".encode("cp1252"), "a.txt") == "Türkiye’s port"


def test_utf8_bom_is_dropped():
    assert decode_article("\ufeffXi".encode()) == "Xi"


@pytest.mark.parametrize("raw", [b"x" * (MAX_BYTES + 1), "x" * (MAX_BYTES + 1)])
def test_over_one_megabyte_is_refused_with_the_limit(raw):
    with pytest.raises(ArticleInputError, match=r"limit is 1 MB \(1,048,576 bytes\)"):
        clean_article(raw, "big.txt")


def test_exactly_one_megabyte_is_accepted():
    assert clean_article(b"x" * MAX_BYTES, "a.txt")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"%PDF-1.4\n...", "looks like a PDF document"),
        (b"PK\x03\x04rest", "ZIP archive"),
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
        (b"text\x00with\x00nuls", "binary"),
        (bytes(range(1, 32)) * 10, "binary"),
    ],
)
def test_binary_is_refused_with_a_reason(raw, message):
    with pytest.raises(ArticleInputError, match=message):
        clean_article(raw, "upload.txt")


def test_unsupported_suffix_names_the_accepted_ones():
    with pytest.raises(ArticleInputError, match=r"'story.docx' is a \.docx file.*\.txt"):
        clean_article(b"hello", "story.docx")


def test_nothing_left_after_cleaning_is_an_error():
    with pytest.raises(ArticleInputError, match="no readable text"):
        clean_article("Advertisement\n\nShare this article", "a.txt")


def test_error_is_a_value_error():
    assert issubclass(ArticleInputError, ValueError)


def test_wrong_type_is_a_type_error():
    with pytest.raises(TypeError, match="bytes or str, got int"):
        clean_article(3)  # type: ignore[arg-type]
