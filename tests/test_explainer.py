"""The explainer folder format: the shipped story loads, and broken files say what is wrong."""

from __future__ import annotations

import shutil

import pytest

from explainers.explainer import (
    ExplainerError,
    available_explainers,
    explainer_dir,
    load_explainer,
    parse_story,
    validate_all,
)


@pytest.fixture
def folder(tmp_path):
    """A copy of the shipped explainer that a test may break."""
    target = tmp_path / "bri-forum-2017"
    shutil.copytree(explainer_dir("bri-forum-2017"), target)
    return target


def test_shipped_explainers_are_valid():
    assert "bri-forum-2017" in available_explainers()
    assert validate_all() == {explainer: [] for explainer in available_explainers()}


def test_story_has_the_article_countries_and_passages():
    story = load_explainer("bri-forum-2017")
    assert {c.iso3 for c in story.countries} == {
        "CHN", "RUS", "IDN", "KAZ", "TUR", "SYR", "IRQ", "USA",
    }  # fmt: skip
    assert len(story.passages) >= 18
    assert [p.id for p in story.passages_naming("KAZ")] == ["kazakhstan"]
    # the linker finds the countries; the editor's corrections add what "he" refers to
    assert story.passage("new-mechanisms").countries == ("RUS",)
    assert story.passage("turkey-terrorism").countries == ("CHN", "TUR")
    assert "TUR" not in story.passage("uygurs-iraq-syria").countries  # no region spill-over
    assert "scmp.com" in str(story.original.url)


def test_story_is_in_our_words_with_short_quotes_only():
    quotes = [q for p in load_explainer("bri-forum-2017").passages for q in p.text.split('"')[1::2]]
    assert quotes, "the leaders' quotes are attributed"
    assert all(len(q.split()) <= 8 for q in quotes), quotes


def _replace(path, old, new):
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "explainer.yaml",
            "{add: [RUS]}",
            "{add: [RUSS]}",
            "corrections.new-mechanisms.add.0: 'RUSS' is not an ISO 3166-1",
        ),
        (
            "explainer.yaml",
            "{add: [RUS]}",
            "{ad: [RUS]}",
            "corrections.new-mechanisms.ad: is not a field",
        ),
        (
            "explainer.yaml",
            "  CHN:\n",
            "  CHNA:\n",
            "countries.0.iso3: 'CHNA' is not an ISO 3166-1",
        ),
        (
            "explainer.yaml",
            "    group: named\n",
            "    group: nemed\n",
            "'nemed' is not one of the groups",
        ),
        ("explainer.yaml", "date: 2017-05-14\n", "date: 14th of May\n", "date:"),
        ("explainer.yaml", "title: Xi", "titel: Xi", "titel: is not a field an explainer has"),
        ("explainer.yaml", "id: bri-forum-2017", "id: other", "must match the folder name"),
        (
            "explainer.yaml",
            "corrections:\n",
            "corrections:\n  ghost: {add: [CHN]}\n",
            "corrections.ghost: no passage {#ghost} in story.md",
        ),
        ("explainer.yaml", "groups:\n", "groups: [\n", "not valid YAML"),
        ("story.md", "{#timing}", "{#Timing!}", "is not a passage marker"),
        ("story.md", "{#timing}", "{#lead}", "passage id 'lead' is used twice"),
        (
            "story.md",
            "{#photo}\n",
            "Loose words\n{#photo}\n",
            "text before the first passage marker",
        ),
    ],
)
def test_broken_files_name_the_file_the_field_and_the_fix(folder, file, old, new, expected):
    _replace(folder / file, old, new)
    with pytest.raises(ExplainerError) as caught:
        load_explainer(folder.name, folder)
    message = str(caught.value)
    assert expected in message
    assert file in message


def test_a_missing_file_is_named(folder):
    (folder / "story.md").unlink()
    with pytest.raises(ExplainerError, match=r"story\.md: file is missing"):
        load_explainer(folder.name, folder)


def test_parse_story_keeps_order_and_joins_lines():
    passages, problems = parse_story("{#a}\nOne\ntwo.\n\n{#b}\nThree.\n", "story.md")
    assert problems == []
    assert passages == {"a": "One two.", "b": "Three."}
