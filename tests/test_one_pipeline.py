"""The command line and the article page link the same text the same way.

The command line links a file as it is; the page reads the article first (headline,
dateline, paragraphs, wrapped lines joined) and links it as one text
(:func:`explainers.explainer.from_article.article_links`). On the hand-labelled evaluation
set, every name one door links the other links too, to the same countries: line-broken
names, datelines and towns vouched for paragraphs away included.
"""

from __future__ import annotations

import importlib.util
import io
import json
import sys
from collections import Counter

import pytest

from explainers import paths
from explainers.explainer.from_article import article_links, drawn_passages, link_here
from explainers.text.article import read_article
from explainers.text.places_cli import main


def _eval_set():
    spec = importlib.util.spec_from_file_location("eval_set", paths.ROOT / "bench" / "eval_set.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("eval_set", module)  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module.load()


ARTICLES = _eval_set()


def _key(text: str, iso3) -> tuple[str, tuple[str, ...]]:
    return " ".join(text.split()), tuple(iso3)


def cli_links(text: str, capsys) -> Counter:
    assert main(["--json", "-"], stdin=io.BytesIO(text.encode())) == 0
    return Counter(_key(r["text"], r["iso3"]) for r in json.loads(capsys.readouterr().out))


def page_links(text: str) -> Counter:
    article = read_article(text)
    head, passages = article_links(article, drawn_passages(article.paragraphs)[0])
    mentions = [*head, *(m for passage in passages for m in passage.mentions)]
    return Counter(_key(m.text, m.iso3) for m in mentions)


@pytest.mark.parametrize("article", ARTICLES, ids=lambda article: article.name)
def test_the_command_line_and_the_page_link_the_same_names(article, capsys):
    assert page_links(article.text) == cli_links(article.text, capsys)


def test_the_page_draws_what_it_links():
    story, _ = link_here(
        "ATHENS - Greece's port grew.\n\n"
        "Talks with the Democratic Republic of the\nCongo and Sri\nLankan firms went on."
    )
    assert [c.iso3 for c in story.countries] == ["GRC", "COD", "LKA"]
    assert story.summary == "Athens"
    assert [m.text for m in story.passages[1].mentions] == [
        "Democratic Republic of the Congo",
        "Sri Lankan",
    ]
