"""Hostile text is linked in bounded time, on the command line and the app's article path.

A 200 KB Markdown file of punctuation runs once kept ``python -m explainers places``
busy for 657 s: spaCy strips a token's prefixes one at a time, each a copy of the rest,
and markdown-it reads a long run of ``[`` at tens of microseconds a character.
"""

from __future__ import annotations

import io
import json
import random
import time

import pytest

from explainers.explainer.from_article import link_here
from explainers.text.article import ArticleInputError
from explainers.text.places import find_mentions
from explainers.text.places_cli import main

SIZE = 200_000
BUDGET_SECONDS = 5.0
"""Minutes before the fix; well under a second each on a quiet machine after it."""


def _punctuation_with_words(size: int) -> str:
    """Runs of Markdown marks, some lines, and now and then a country's name."""
    rng = random.Random(22)
    parts, length = [], 0
    while length < size:
        run = "".join(rng.choice("*_[]()#>!-") for _ in range(rng.randint(1, 60)))
        roll = rng.random()
        part = run + (" Kenya " if roll < 0.03 else "\n" if roll < 0.1 else " " * (roll < 0.5))
        parts.append(part)
        length += len(part)
    return "".join(parts)[:size]


HOSTILE = {
    "punctuation runs with words": _punctuation_with_words(SIZE),
    "one line of dots": "." * SIZE,
    "one line of dashes": "-" * SIZE,
    "one line of stars": "*" * SIZE,
    "one line of underscores": "_" * SIZE,
    "open brackets": "[" * SIZE,
    "empty links": "[](" * (SIZE // 3),
    "nested brackets": "[" * (SIZE // 2) + "]" * (SIZE // 2),
}


@pytest.fixture(scope="module", autouse=True)
def _warm():
    find_mentions("Xi met Putin in Beijing.")  # start-up is not what is measured here


def _timed(work):
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


@pytest.mark.parametrize("name", HOSTILE)
def test_the_command_line_links_a_hostile_file_in_seconds(name, tmp_path, capsys):
    path = tmp_path / "hostile.md"
    path.write_text(HOSTILE[name], encoding="utf-8")
    status, seconds = _timed(lambda: main([str(path), "--json"], stdin=io.BytesIO()))
    records = json.loads(capsys.readouterr().out)
    assert status == 0
    assert seconds < BUDGET_SECONDS, f"{name}: {seconds:.1f} s"
    if "words" in name:
        assert {r["text"] for r in records} == {"Kenya"}
        assert all(HOSTILE[name][r["start"] : r["end"]] == r["text"] for r in records)


@pytest.mark.parametrize("name", HOSTILE)
def test_the_article_page_reads_a_hostile_file_in_seconds(name):
    raw = HOSTILE[name].encode()

    def read():
        try:
            return link_here(raw, "hostile.md")[0]
        except ArticleInputError as error:  # no text or no places: said, not stalled
            return error

    story, seconds = _timed(read)
    assert seconds < BUDGET_SECONDS, f"{name}: {seconds:.1f} s"
    if "words" in name:
        assert [c.iso3 for c in story.countries] == ["KEN"]
    else:
        assert isinstance(story, ArticleInputError)


def test_long_runs_blanked_keep_the_names_and_offsets_around_them():
    text = "Xi" + "*" * 300 + "[Kenya](" + "x/" * 80 + ") and Sino-Russian... ties."
    found = [(m.text, m.iso3) for m in find_mentions(text)]
    assert found == [("Xi", ("CHN",)), ("Kenya", ("KEN",)), ("Sino-Russian", ("CHN", "RUS"))]
