"""The three Belt and Road Forums: the 2019 and 2023 explainers, their attendance tables
(a source and a role per row, the counts of the communiqué and the Chair's Statement),
their stars, their cards and their place in the app's list of explainers.
"""

from __future__ import annotations

import csv
import re
import shutil

import pytest

from explainers import paths
from explainers.data import datasets
from explainers.data.checks import read_source, schema_problems
from explainers.data.schemas import ATTENDANCE_FILES, ROLES, SCHEMAS
from explainers.data.shapes import country_table
from explainers.explainer import ExplainerError, load_explainer, validate_all
from explainers.map.country_card import card_lines, country_card
from explainers.map.figures import story_map
from explainers.map.layers import LAYER_IDS

NEW = ("bri-forum-2019", "bri-forum-2023")
TABLES = {"bri-forum-2019": "forum_2019.csv", "bri-forum-2023": "forum_2023.csv"}


def _rows(folder, filename: str) -> list[dict[str, str]]:
    with open(folder / filename, newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


@pytest.fixture(scope="module")
def data():
    return datasets.load_map_data()


@pytest.fixture(scope="module")
def table():
    return country_table()


# -- the tables -------------------------------------------------------------------------


@pytest.mark.parametrize("folder", [paths.SOURCES_DIR, paths.PROCESSED_DIR], ids=["src", "out"])
@pytest.mark.parametrize("filename", ["forum_2019.csv", "forum_2023.csv"])
def test_every_row_has_a_source_a_valid_role_and_the_2017_columns(folder, filename):
    rows = _rows(folder, filename)
    columns_2017 = list(_rows(paths.PROCESSED_DIR, "forum_2017.csv")[0])
    assert list(rows[0]) == [*columns_2017[:4], "role", *columns_2017[4:]]
    for row in rows:
        assert row["role"] in ROLES, row
        assert re.match(r"https?://\S+ \(.+\)", row["source"]), row  # an address, then what
        assert row["delegation"] == "foreign", row
    assert len({row["country_iso3"] for row in rows}) == len(rows)


def test_the_2019_table_is_the_communiques_37_with_nazarbayev_and_a_vice_president():
    rows = {row["country_iso3"]: row for row in _rows(paths.PROCESSED_DIR, "forum_2019.csv")}
    assert len(rows) == 37
    assert (rows["KAZ"]["leader"], rows["KAZ"]["role"]) == ("Nursultan Nazarbayev", "other")
    assert (rows["IDN"]["leader"], rows["IDN"]["role"]) == ("Jusuf Kalla", "vice_president")
    assert rows["ARE"]["role"] == "head_of_government"  # Vice President and Prime Minister
    assert all("88230.htm" in row["source"] for row in rows.values())  # the communiqué
    assert "CHN" not in rows and not {"USA", "IND", "TUR"} & set(rows)


def test_the_2023_table_is_the_chairs_statements_23():
    rows = {row["country_iso3"]: row for row in _rows(paths.PROCESSED_DIR, "forum_2023.csv")}
    assert len(rows) == 23
    assert (rows["NGA"]["leader"], rows["NGA"]["role"]) == ("Kashim Shettima", "vice_president")
    assert rows["TKM"]["role"] == "other"  # National Leader, not head of state
    roles = [row["role"] for row in rows.values()]
    assert roles.count("head_of_state") + roles.count("head_of_government") == 21
    assert all("Chair's Statement" in row["source"] for row in rows.values())
    # France, Greece and the UAE sent representatives, not leaders; the US and India nobody
    assert not {"FRA", "GRC", "ARE", "USA", "IND"} & set(rows)


def test_a_bad_role_or_a_missing_source_is_named_by_row_and_column(tmp_path):
    shutil.copy(paths.SOURCES_DIR / "forum_2023.csv", tmp_path / "forum_2023.csv")
    text = (tmp_path / "forum_2023.csv").read_text(encoding="utf-8").splitlines()
    text[1] = text[1].replace(",head_of_state,", ",president,")
    text[2] = re.sub(r',"http[^"]*",', ",,", text[2])
    (tmp_path / "forum_2023.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    frame = read_source("forum_2023.csv", tmp_path)
    said = [str(problem) for problem in schema_problems(frame, "forum_2023.csv")]
    assert any("row 2" in line and "role" in line and "head_of_state" in line for line in said)
    assert any("row 3" in line and "source" in line for line in said), said


def test_the_build_knows_every_attendance_table():
    assert set(ATTENDANCE_FILES) <= set(SCHEMAS)
    assert list(ATTENDANCE_FILES.values()) == ["2017", "2019", "2023"]


# -- the explainers ---------------------------------------------------------------------


def test_the_new_explainers_validate():
    found = validate_all()
    for explainer_id in NEW:
        assert found[explainer_id].ok, (explainer_id, found[explainer_id])


@pytest.mark.parametrize("explainer_id", NEW)
def test_each_new_explainer_draws_its_forums_stars(explainer_id, data, table):
    story = load_explainer(explainer_id)
    assert story.event.attendance == TABLES[explainer_id]
    assert [step.id for step in story.steps] == [
        "who-came", "who-counts", "announced", "what-changed", "projects-then",
    ]  # fmt: skip
    fig = story_map(story, table, data=data, layers=LAYER_IDS)
    [stars] = [trace for trace in fig.data if (trace.meta or {}).get("layer") == "forum"]
    rows = _rows(paths.PROCESSED_DIR, TABLES[explainer_id])
    assert set(stars.customdata) == {table.loc[row["country_iso3"], "name"] for row in rows}
    assert all(text.endswith(f"came to the {explainer_id[-4:]} forum") for text in stars.text)
    for step in story.steps:  # every step draws
        story_map(story, table, step.countries[0] if step.countries else None, data, LAYER_IDS)


def _foreign(year: str) -> set[str]:
    rows = _rows(paths.PROCESSED_DIR, f"forum_{year}.csv")
    return {row["country_iso3"] for row in rows if row["delegation"] == "foreign"}


SPELLED = {6: "six", 8: "eight", 14: "fourteen", 19: "nineteen"}


@pytest.mark.parametrize(
    ("explainer_id", "step", "counts"),
    [
        ("bri-forum-2019", "who-came", lambda now, last: [len(now), len(now) - len(last)]),
        ("bri-forum-2019", "what-changed", lambda now, last: [len(now - last), len(last - now)]),
        ("bri-forum-2023", "who-came", lambda now, last: [len(now), len(last) - len(now)]),
        ("bri-forum-2023", "what-changed", lambda now, last: [len(last - now)]),
    ],
)
def test_the_captions_counts_are_the_tables(explainer_id, step, counts):
    """Each count a caption gives (in figures or in words) is the one the tables give:
    who came, and who came or stayed away since the last forum."""
    year = explainer_id[-4:]
    now, last = _foreign(year), _foreign({"2019": "2017", "2023": "2019"}[year])
    caption = load_explainer(explainer_id).step(step).caption.lower()
    for count in counts(now, last):
        said = [str(count), SPELLED.get(count, str(count))]
        assert any(re.search(rf"\b{word}\b", caption) for word in said), (count, caption)


@pytest.mark.parametrize("explainer_id", NEW)
def test_each_group_is_what_the_two_tables_say(explainer_id):
    year = explainer_id[-4:]
    now, before = _foreign(year), _foreign({"2019": "2017", "2023": "2019"}[year])
    story = load_explainer(explainer_id)
    groups = {}
    for country in story.countries:
        groups.setdefault(country.group, set()).add(country.iso3)
    assert groups["host"] == {"CHN"}
    assert groups["both"] == now & before
    assert groups["new"] == now - before
    assert groups["gone"] == before - now


def test_an_event_naming_an_unknown_attendance_table_is_refused(tmp_path):
    folder = tmp_path / "bri-forum-2019"
    shutil.copytree(paths.EXPLAINERS_DIR / "bri-forum-2019", folder)
    meta = folder / "explainer.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace("attendance: forum_2019.csv", "attendance: forum_2021.csv"))
    with pytest.raises(ExplainerError) as error:
        load_explainer("bri-forum-2019", folder)
    assert "event.attendance" in str(error.value) and "forum_2019.csv" in str(error.value)


# -- the cards --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("explainer_id", "code", "event_line"),
    [
        ("bri-forum-2019", "IDN", "Vice President Jusuf Kalla came to the 2019 forum."),
        ("bri-forum-2019", "TUR", "Its leader did not come to the 2019 forum."),
        ("bri-forum-2023", "KAZ", "President Kassym-Jomart Tokayev came to the 2023 forum."),
        ("bri-forum-2023", "CHN", "China hosted the 2023 forum."),
    ],
)
def test_a_card_speaks_of_its_explainers_forum(explainer_id, code, event_line, data):
    story = load_explainer(explainer_id)
    assert card_lines(country_card(code, story, data), story.event)[2] == event_line


@pytest.mark.parametrize(
    ("code", "line"),
    [
        (
            "KAZ",
            "At the Belt and Road Forums: President Nursultan Nazarbayev in 2017; First "
            "President Nursultan Nazarbayev in 2019; President Kassym-Jomart Tokayev in 2023.",
        ),
        ("RUS", "At the Belt and Road Forums: President Vladimir Putin in 2017, 2019 and 2023."),
        (
            "GRC",
            "At the Belt and Road Forums: Prime Minister Alexis Tsipras in 2017 and 2019; "
            "no leader in 2023.",
        ),
        (
            "NGA",
            "At the Belt and Road Forums: Vice President Kashim Shettima in 2023; "
            "no leader in 2017 and 2019.",
        ),
    ],
)
@pytest.mark.parametrize("explainer_id", ["bri-forum-2017", *NEW])
def test_a_card_says_which_forums_its_leader_came_to(explainer_id, code, line, data):
    story = load_explainer(explainer_id)
    assert card_lines(country_card(code, story, data), story.event)[-1] == line


def test_no_forums_line_where_no_leader_ever_came_or_for_the_host(data):
    story = load_explainer("bri-forum-2023")
    for code in ("USA", "IND", "CHN", "HKG"):
        lines = card_lines(country_card(code, story, data), story.event)
        assert not any(line.startswith("At the Belt and Road Forums") for line in lines)


def test_an_unreadable_attendance_table_never_says_nobody_came(tmp_path, monkeypatch):
    processed = tmp_path / "processed"
    shutil.copytree(paths.PROCESSED_DIR, processed)
    (processed / "forum_2019.csv").write_bytes(b"leader\n\xff\xfe")
    monkeypatch.setattr(paths, "PROCESSED_DIR", processed)
    data, errors = datasets.load_map_data_or_less()
    assert [error.name for error in errors] == ["forum_2019.csv"]
    story = load_explainer("bri-forum-2017")
    lines = card_lines(country_card("KAZ", story, data), story.event)
    assert lines[-1] == "Its leader, President Nursultan Nazarbayev, came to the 2017 forum."


@pytest.mark.parametrize("explainer_id", NEW)
def test_the_download_and_the_sources_row_are_the_explainers_forum(explainer_id):
    event = load_explainer(explainer_id).event
    downloads = {name: label for name, label, _ in datasets.explainer_downloads(event)}
    assert downloads[TABLES[explainer_id]] == f"{explainer_id[-4:]} forum leaders (CSV)"
    assert "forum_2017.csv" not in downloads
    assert (event.name, event.source, "as each source") in datasets.explainer_sources(event)


# -- the app ----------------------------------------------------------------------------


def test_the_app_lists_and_opens_the_new_explainers():
    from streamlit.testing.v1 import AppTest

    app = AppTest.from_file(str(paths.ROOT / "app.py"), default_timeout=90).run()
    assert not app.exception
    links = {link.proto.query_string: link.label for link in app.get("page_link")}
    assert links.get("explainer=bri-forum-2019", "").startswith(
        "The second Belt and Road Forum, 2019"
    ), links
    assert links.get("explainer=bri-forum-2023", "").startswith(
        "The third Belt and Road Forum, 2023"
    ), links

    app = AppTest.from_file(str(paths.ROOT / "app.py"), default_timeout=90)
    app.query_params["explainer"] = "bri-forum-2023"
    app.query_params["step"] = "who-came"
    app.run()
    assert not app.exception
    assert app.title[0].value == "The third Belt and Road Forum, 2023"  # the page's h1
    assert not app.error, [e.value for e in app.error]
    shown = " ".join(m.value for m in app.markdown).replace("\\", "")
    assert "17 October 2023" in shown and "Your article" not in shown
