"""Linked passages show untrusted text literally, with only our own marks around names."""

from __future__ import annotations

import pytest
from markdown_it import MarkdownIt

from explainers.linked_text import passage_markdown
from explainers.linking import link_text, passage_countries

RENDER = MarkdownIt("commonmark").render


def test_picked_country_names_are_marked_and_others_coloured():
    text = "Xi met Putin in Beijing."
    marked = passage_markdown(text, link_text(text), picked="RUS")
    assert ":orange-background[**Putin**]" in marked
    assert ":blue[Xi]" in marked and ":blue[Beijing]" in marked


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert('China')</script> Russia",
        "[China](javascript:alert(1)) and ![x](http://example.com/Russia.png)",
        "**Kazakhstan** `code` :red[Turkey] <img src=x onerror=alert(1)>",
    ],
)
def test_markup_in_an_article_stays_text(text):
    html = RENDER(passage_markdown(text, link_text(text), picked="CHN"))
    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert "<code>" not in html


def test_regions_do_not_tie_a_passage_to_every_member():
    mentions = link_text("Uygurs from Xinjiang joined militants in the Middle East.")
    assert passage_countries(mentions) == ("CHN",)


def test_editor_corrections_add_and_drop():
    mentions = link_text("He met Putin in Beijing.")
    assert passage_countries(mentions, add=["KAZ"], drop=["CHN"]) == ("RUS", "KAZ")
