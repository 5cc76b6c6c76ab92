"""An article a reader brings becomes an explainer, or a clear reason why it cannot."""

from __future__ import annotations

import pytest

from explainers.article_text import ArticleInputError
from explainers.paths import ROOT
from explainers.user_article import NoPlacesError, article_explainer

HTML = b"""<html><head><title>x</title><script>alert(1)</script></head><body>
<nav>Home | World</nav><h1>Port deal signed</h1>
<p>Pakistan and China signed a new deal for Gwadar port on Monday.</p>
<p>Advertisement</p>
<p>Officials in Islamabad said the Chinese loan would be repaid over 20 years.</p>
</body></html>"""


def test_a_labelled_article_is_linked_and_grouped():
    text = (ROOT / "tests/articles/gwadar_port.txt").read_text(encoding="utf-8")
    story = article_explainer(text)
    codes = [c.iso3 for c in story.countries]
    assert codes[:2] == ["PAK", "CHN"]
    assert story.country("PAK").group == "main"
    assert story.original is None
    assert all(p.text for p in story.passages)


def test_html_is_cleaned_before_linking():
    story = article_explainer(HTML, "page.html")
    text = " ".join(p.text for p in story.passages)
    assert "alert" not in text and "Advertisement" not in text and "<p>" not in text
    assert {"PAK", "CHN"} <= {c.iso3 for c in story.countries}


@pytest.mark.parametrize(
    ("raw", "filename", "message"),
    [
        ("A quiet afternoon with friends and tea.", None, "No countries or places were found"),
        (b"%PDF-1.7 binary", "story.pdf", "looks like a PDF document, not text"),
        (b"\x00\x01\x02" * 100, "story.txt", "binary"),
        ("x" * (1024 * 1024 + 1), None, "the limit is 1 MB"),
    ],
)
def test_bad_input_says_what_is_wrong(raw, filename, message):
    with pytest.raises(ArticleInputError, match=message):
        article_explainer(raw, filename)


def test_no_places_is_its_own_error():
    assert issubclass(NoPlacesError, ArticleInputError)
