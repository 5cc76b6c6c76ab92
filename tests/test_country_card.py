"""A country's card: its story role, passages, projects, partnership and forum leader."""

from __future__ import annotations

import pytest

from explainers.data import datasets
from explainers.explainer import load_explainer
from explainers.map.country_card import country_card, partnership


@pytest.fixture(scope="module")
def data():
    return datasets.load_map_data()


def test_kazakhstan_card(data):
    card = country_card("KAZ", load_explainer("bri-forum-2017"), data)
    assert card.name == "Kazakhstan"
    assert "Nazarbayev" in card.why
    assert [p.id for p in card.passages] == ["kazakhstan"]
    assert any(p.id == "khorgos-gateway-sez" for p in card.projects)
    assert card.partner_since is not None
    assert card.forum_leader == "President Nursultan Nazarbayev"


def test_italy_left_the_initiative(data):
    card = country_card("ITA", load_explainer("bri-forum-2017"), data)
    assert card.why is None
    assert (card.partner_since, card.partner_left) == (2019, 2023)


def test_a_country_outside_the_story_and_the_initiative(data):
    card = country_card("USA", load_explainer("bri-forum-2017"), data)
    assert card.partner_since is None and card.forum_leader is None and card.projects == ()


def _project_rows():
    import csv

    from explainers.paths import PROCESSED_DIR

    with open(PROCESSED_DIR / "projects.csv", newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def test_each_country_of_a_cross_border_project_lists_it_oldest_first(data):
    """Read from the CSV as a reader would: every country a project names lists it."""
    story = load_explainer("bri-forum-2017")
    rows = _project_rows()
    crossing = [row for row in rows if ";" in row["countries"]]
    assert crossing, "projects.csv has a project in several countries"
    for row in crossing:
        for code in row["countries"].split(";"):
            card = country_card(code.strip(), story, data)
            assert row["id"] in [p.id for p in card.projects], (row["id"], code)
    years = [p.start_year for p in country_card("KAZ", story, data).projects]
    dated = [year for year in years if year is not None]
    assert dated == sorted(dated) and years[: len(dated)] == dated


def _partner_rows():
    import csv

    from explainers.paths import PROCESSED_DIR

    with open(PROCESSED_DIR / "partners.csv", newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


@pytest.mark.parametrize("row", _partner_rows(), ids=lambda row: row["iso3"])
def test_every_partner_card_says_what_its_row_says(row, data):
    """Read from the CSV as a reader of the source would, not through the card's code."""
    sentence = partnership(country_card(row["iso3"], load_explainer("bri-forum-2017"), data))
    caveat = row["caveat"].rstrip(".")
    if row["status"] == "unclear":
        assert caveat, f"{row['iso3']}: an unclear status must say why (caveat column)"
        assert "status is unclear" in sentence and caveat in sentence
        assert row["country"] not in sentence or "not published" in caveat
    elif row["status"] == "exited":
        assert (
            f"in {row['joined_year']}" in sentence
            and f"left the initiative in {row['left_year']}" in sentence
        )
    elif caveat:  # signed, with a date the source itself flags
        assert sentence.startswith("Signed") and caveat in sentence
        assert f"in {row['joined_year']}" not in sentence, "a flagged date is not stated as fact"
    else:
        assert sentence == f"Signed a Belt and Road cooperation document in {row['joined_year']}."


def test_the_four_unclear_partners_are_not_called_non_partners(data):
    """Russia, Austria, Niger and Congo are listed with an unclear status, not absent."""
    story = load_explainer("bri-forum-2017")
    for code in ("RUS", "AUT", "NER", "COG"):
        sentence = partnership(country_card(code, story, data))
        assert "unclear" in sentence and "Not on" not in sentence, code
    assert "Not on" in partnership(country_card("USA", story, data))
    assert "December 2013" in partnership(country_card("PAK", story, data))
