"""A country's card: its story role, passages, projects, partnership and forum leader."""

from __future__ import annotations

import pytest

from explainers.countries import country_name
from explainers.data import datasets
from explainers.explainer import load_explainer
from explainers.map.country_card import card_lines, country_card, partnership


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


def _rows(filename: str) -> list[dict[str, str]]:
    import csv

    from explainers.paths import PROCESSED_DIR

    with open(PROCESSED_DIR / filename, newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


MONTHS = "January February March April May June July August September October November December"


def _said(date: str, list_date: bool = False) -> str:
    """A date as the card should say it; the list of partners writes a month as its 1st."""
    year, *rest = date.split("-")
    if list_date and rest[1:] == ["01"]:
        rest = rest[:1]
    if not rest:
        return year
    month = MONTHS.split()[int(rest[0]) - 1]
    return f"{month} {year}" if len(rest) == 1 else f"{int(rest[1])} {month} {year}"


LIST = "the Green Finance & Development Center's list of partners"
PARTNERS = {row["iso3"]: row for row in _rows("partners.csv")}
LEADERS = {row["country_iso3"]: row for row in _rows("forum_2017.csv")}
FORUMS = {
    year: {row["country_iso3"]: row for row in _rows(f"forum_{year}.csv")}
    for year in ("2017", "2019", "2023")
}


def _forums_said(code: str, line: str) -> None:
    """The card's forums line names, for each forum, the leader that forum's table lists
    for the country, and says "no leader" for each forum whose table lists none."""
    came = {
        year: f"{rows[code]['title']} {rows[code]['leader']}"
        for year, rows in FORUMS.items()
        if code in rows and rows[code]["delegation"] == "foreign"
    }
    if not came or code == "CHN":
        assert line is None, (code, line)
        return
    assert line.startswith("At the Belt and Road Forums: "), line
    parts = line.removeprefix("At the Belt and Road Forums: ").removesuffix(".").split("; ")
    said = {}
    for part in parts:
        who, years = part.rsplit(" in ", 1)
        for year in years.replace(" and ", ", ").split(", "):
            said[year] = None if who == "no leader" else who
    assert said == {year: came.get(year) for year in FORUMS}, (code, line)


COUNTRIES = [row["iso3"] for row in _rows("countries.csv")]


def _check_partnership(code: str, name: str, sentence: str) -> None:
    """The partnership sentence against the country's rows, read from the CSVs."""
    row, leader = PARTNERS.get(code), LEADERS.get(code)
    if code == "CHN":
        assert sentence == "China leads the Belt and Road Initiative."
    elif row is None and leader and leader["delegation"] == "host":
        assert sentence.startswith("Part of China, the host country;"), code
        assert f"{LIST} does not list it separately" in sentence and "Not on" not in sentence
    elif row is None:
        assert sentence == f"Not on {LIST} of the Belt and Road Initiative.", code
    elif row["status"] == "unclear":
        caveat = row["caveat"].rstrip(".").replace("{name}", name)
        assert row["caveat"], f"{code}: an unclear status must say why (caveat column)"
        assert sentence == f"On {LIST}, but its status is unclear: {caveat}.", code
    elif row["first_document_date"]:
        first, listed = _said(row["first_document_date"]), _said(row["gfdc_join_date"], True)
        verb = "Had signed" if row["first_document_dating"] == "by" else "Signed"
        on = "by" if verb == "Had signed" else "on" if first[0].isdigit() else "in"
        assert sentence.startswith(
            f"{verb} a Belt and Road {row['first_document']} {on} {first}, "
            "according to reports at the time"
        ), code
        differs = not first.endswith(listed)
        assert (f"which the map follows, dates its joining to {listed}" in sentence) is differs
    elif row["caveat"]:  # signed, with a date the source itself flags
        assert sentence.startswith("Signed") and row["caveat"].rstrip(".") in sentence, code
        assert f"in {row['joined_year']}" not in sentence, "a flagged date is not stated as fact"
    else:
        assert sentence.startswith(
            f"Signed a Belt and Road cooperation document in {row['joined_year']}, "
            f"according to {LIST}"
        ), code
    if row is not None and row["status"] == "exited":
        assert sentence.endswith(f"It left the initiative in {row['left_year']}."), code


@pytest.mark.parametrize("code", COUNTRIES)
def test_every_country_card_says_what_its_rows_say(code, data):
    """Every row of countries.csv, host's territories included: each sentence of the card
    follows from the country's rows, read from the CSVs as a reader of the data would."""
    story = load_explainer("bri-forum-2017")
    card = country_card(code, story, data)
    name = country_name(code)
    why, partner_line, event_line, *forums = card_lines(card, story.event)
    _forums_said(code, forums[0] if forums else None)
    named = story.country(code)
    assert why == (named.why if named else f"{name} is not named in this story.")
    _check_partnership(code, name, partner_line)
    leader = LEADERS.get(code)
    if code == story.event.host:
        assert event_line == story.event.hosted
    elif leader:
        assert (
            event_line
            == f"Its leader, {leader['title']} {leader['leader']}, came to the 2017 forum."
        )
    else:
        assert event_line == "Its leader did not attend the 2017 forum."
    listed_as = PARTNERS.get(code, {}).get("country", name)
    for line in (why, partner_line, event_line, *forums):
        assert "{" not in line and "}" not in line, (code, line)
        if listed_as != name:  # the list's spelling never reaches the reader
            assert listed_as not in line, (code, line)


@pytest.mark.parametrize(
    ("code", "lines"),
    [
        (
            "HKG",
            [
                "Hong Kong is not named in this story.",
                f"Part of China, the host country; {LIST} does not list it separately.",
                "Its leader, Chief Executive Leung Chun-ying, came to the 2017 forum.",
            ],
        ),
        (
            "MAC",
            [
                "Macao is not named in this story.",
                f"Part of China, the host country; {LIST} does not list it separately.",
                "Its leader, Chief Executive Chui Sai On, came to the 2017 forum.",
            ],
        ),
        (
            "TWN",
            [
                "Taiwan is not named in this story.",
                f"Not on {LIST} of the Belt and Road Initiative.",
                "Its leader did not attend the 2017 forum.",
            ],
        ),
    ],
)
def test_the_cards_of_hong_kong_macao_and_taiwan(code, lines, data):
    """What is true of each, in neutral words: two parts of the host whose chief executives
    came, and Taiwan, which is on neither list."""
    story = load_explainer("bri-forum-2017")
    assert card_lines(country_card(code, story, data), story.event) == lines


@pytest.mark.parametrize(
    ("code", "first", "listed"),
    [
        (
            "PHL",
            "Signed a Belt and Road memorandum of understanding on 20 November 2018",
            "November 2017",
        ),
        (
            "CUB",
            "Signed a Belt and Road memorandum of understanding in November 2018",
            "20 June 2019",
        ),
        ("LAO", "Had signed a Belt and Road cooperation plan by 16 May 2017", "September 2018"),
        ("AFG", "Signed a Belt and Road memorandum of understanding in May 2016", "May 2023"),
        (
            "PAN",
            "Signed a Belt and Road memorandum of understanding on 17 November 2017",
            "June 2017",
        ),
    ],
)
def test_a_first_signing_the_list_dates_otherwise_shows_both(code, first, listed, data):
    """The fact-checker's four (and Panama): the reported signing, and the list's date."""
    sentence = partnership(country_card(code, load_explainer("bri-forum-2017"), data))
    assert sentence.startswith(first + ", according to reports at the time")
    assert f"which the map follows, dates its joining to {listed}" in sentence


def test_the_four_unclear_partners_are_not_called_non_partners(data):
    """Russia, Austria, Niger and Congo are listed with an unclear status, not absent."""
    story = load_explainer("bri-forum-2017")
    for code in ("RUS", "AUT", "NER", "COG"):
        sentence = partnership(country_card(code, story, data))
        assert "unclear" in sentence and "Not on" not in sentence, code
    assert "notes that Russia has not published" in partnership(country_card("RUS", story, data))
    assert "Not on" in partnership(country_card("USA", story, data))
    assert "December 2013" in partnership(country_card("PAK", story, data))
