"""An article a reader brings becomes an explainer, or a clear reason why it cannot."""

from __future__ import annotations

import pytest

from explainers.explainer.from_article import NoPlacesError, article_explainer, dateline_countries
from explainers.paths import ROOT
from explainers.text.article import Article, ArticleInputError
from tests.pages.pageset import load_pages, observe, problems

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


def test_the_headline_is_the_title_not_a_passage_and_byline_dateline_make_the_summary():
    raw = (
        "BELT AND ROAD\n\nSign up for our newsletter\n\nPort deal signed in Gwadar\n\n"
        "By Jane Doe\n\nKARACHI (Reuters) - Pakistan and China signed a port deal.\n\nShare"
    )
    story = article_explainer(raw)
    assert story.title == "Port deal signed in Gwadar"
    assert [p.text for p in story.passages] == ["Pakistan and China signed a port deal."]
    assert story.summary == "By Jane Doe · Karachi"


def test_without_a_headline_the_first_passage_gives_the_title():
    story = article_explainer("Xi met Putin in Beijing on Sunday. " * 3)
    assert story.title.endswith("…") and story.passages[0].text.startswith(story.title[:-1])


@pytest.mark.parametrize(
    ("article", "codes"),
    [
        (Article("", ("x",), dateline="Trincomalee"), ("LKA",)),  # a town, under 500,000
        (Article("", ("x",), dateline="Hyderabad", dateline_region="Pakistan"), ("PAK",)),
        (Article("", ("x",), dateline="Nowhere Town", dateline_region="Kenya"), ("KEN",)),
        (Article("", ("x",), dateline="Nowhere Town"), ()),
        (Article("", ("x",)), ()),
    ],
)
def test_the_dateline_place_is_linked(article, codes):
    assert dateline_countries(article) == codes


def test_the_dateline_country_counts_for_the_first_passage():
    story = article_explainer("TRINCOMALEE (Reuters) - A Chinese ship docked.\n\nIt left.")
    assert story.passages[0].countries == ("CHN", "LKA")
    assert [c.iso3 for c in story.countries] == ["CHN", "LKA"]


@pytest.mark.parametrize("page", load_pages(), ids=lambda page: page.name)
def test_a_news_page_links_the_countries_it_names(page):
    found = problems(page, observe(page))
    assert not found["links"]
