"""Views come from the URL alone; anything bad in it becomes a notice, never an error."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import pytest

from explainers.paths import ROOT
from explainers.view import PARAMETERS, Choices, view_from_query, view_to_query

# What a page offers, built here so each test reads what it is checked against.
CHOICES = Choices(
    explainers=frozenset({"bri-forum-2017", "cpec-2015"}),
    countries=frozenset({"CHN", "IDN", "KAZ", "PAK", "RUS"}),
    layers=("projects", "corridors", "partners", "forum"),
    default_explainer="bri-forum-2017",
    default_layers=("projects", "corridors"),
    years=(2013, 2026),
)
OPENING = CHOICES.opening()


def parse(query, choices=CHOICES):
    return view_from_query(query, choices)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, OPENING),
        ({"country": "KAZ"}, replace(OPENING, country="KAZ")),
        ({"country": " kaz "}, replace(OPENING, country="KAZ")),
        ({"country": ["RUS", "KAZ"]}, replace(OPENING, country="KAZ")),
        ({"utm_source": "newsletter"}, OPENING),
        ({"explainer": "cpec-2015"}, replace(OPENING, explainer="cpec-2015")),
        ({"layers": "Partners, projects"}, replace(OPENING, layers=("projects", "partners"))),
        ({"layers": "none"}, replace(OPENING, layers=())),
        ({"year": " 2017 "}, replace(OPENING, year=2017)),
        ({"step": "Kazakhstan"}, replace(OPENING, step="kazakhstan")),
    ],
)
def test_good_queries_make_views_without_notices(query, expected):
    assert parse(query) == (expected, [])


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({"country": "XYZ"}, "XYZ"),
        ({"country": "<script>alert(1)</script>"}, "\\<script\\>"),
        ({"country": "[x](javascript:alert(1))"}, "\\[x\\]\\(javascript\\:"),
        ({"explainer": "../../etc/passwd"}, "\\.\\./\\.\\./etc/passwd"),
        ({"layers": "projects,ports"}, "“ports”"),
        ({"year": "2030"}, "years run from 2013 to 2026"),
        ({"step": "a step"}, "not a step id"),
    ],
)
def test_bad_queries_fall_back_with_an_escaped_notice(query, shown):
    view, notices = parse(query)
    assert view.country is None and view.explainer == "bri-forum-2017" and view.year is None
    assert len(notices) == 1
    assert shown in notices[0]


def test_a_country_is_checked_against_the_pages_countries_not_a_file():
    only_china = replace(CHOICES, countries=frozenset({"CHN"}))
    assert parse({"country": "KAZ"}, only_china)[0].country is None
    assert parse({"country": "CHN"}, only_china) == (replace(OPENING, country="CHN"), [])


def test_a_country_that_cannot_be_checked_is_dropped_with_a_notice():
    view, notices = parse({"country": "KAZ", "year": "2017"}, replace(CHOICES, countries=None))
    assert view == replace(OPENING, year=2017)
    assert notices == ["The link's country cannot be checked: the country table is broken."]
    assert parse({}, replace(CHOICES, countries=None)) == (OPENING, [])


def test_a_layer_the_page_adds_stays_in_the_view_and_the_link():
    """The projects page adds a newsroom's layer: a reload of its link keeps it on."""
    with_newsroom = CHOICES.with_layers("newsroom")
    view, notices = parse({"layers": "newsroom,projects"}, with_newsroom)
    assert (view.layers, notices) == (("projects", "newsroom"), [])
    assert view_to_query(view, with_newsroom) == {"layers": "projects,newsroom"}
    assert parse(view_to_query(view, with_newsroom), with_newsroom) == (view, [])


def test_a_layer_the_page_does_not_have_is_dropped_with_a_notice():
    view, notices = parse({"layers": "projects,newsroom"})
    assert view.layers == ("projects",)
    assert len(notices) == 1 and "“newsroom”" in notices[0]
    assert "the layers are projects, corridors, partners, forum." in notices[0]


def test_adding_a_layer_twice_offers_it_once():
    assert CHOICES.with_layers("newsroom", "projects", "newsroom").layers == (
        "projects",
        "corridors",
        "partners",
        "forum",
        "newsroom",
    )


def test_long_values_are_cut_in_notices():
    _, notices = parse({"country": "A" * 5000})
    assert len(notices[0]) < 400


@pytest.mark.parametrize(
    "view",
    [
        OPENING,
        replace(OPENING, country="IDN"),
        replace(OPENING, explainer="cpec-2015", layers=(), year=2015, step="gwadar"),
    ],
)
def test_views_round_trip_through_the_url(view):
    assert parse(view_to_query(view, CHOICES)) == (view, [])


def test_the_url_module_imports_no_data_plotly_or_streamlit():
    """Parsing a link reads no file: importing view.py loads only the standard library."""
    code = (
        "import sys, explainers.view; "
        "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'explainers', 'pandas', 'plotly', 'streamlit', 'spacy', 'geopandas', 'yaml'})))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert loaded == ["explainers", "explainers.markup", "explainers.view"]


def _readme_table(heading: str, first_column: str) -> set[str]:
    """The first cells (code spans) of the README's table under ``heading``."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index(heading) :]
    rows = section[section.index(f"| {first_column} |") :].split("\n\n")[0].splitlines()
    return {row.split("|")[1].strip().strip("`") for row in rows[2:]}


def test_every_parameter_is_documented_in_the_readmes_table():
    documented = _readme_table("## Links that reproduce a view", "parameter")
    for parameter in PARAMETERS:
        assert parameter.name in documented, f"README.md's table does not give ?{parameter.name}="
    assert documented <= {p.name for p in PARAMETERS}, "README.md gives a parameter that is gone"


@pytest.mark.parametrize(
    ("value", "show"),
    [
        ("map", "map"),
        ("map,card", "map,card"),
        ("map,text", "map,text"),
        (" Text , MAP ", "map,text"),
        ("card", "map,card"),
        ("", "map,card"),
    ],
)
def test_show_takes_what_an_embed_shows_in_any_order(value, show):
    assert parse({"show": value}) == (replace(OPENING, show=show), [])


@pytest.mark.parametrize("value", ["card,text", "legend", "map,<b>x</b>"])
def test_an_unknown_show_falls_back_to_map_and_card_with_a_notice(value):
    view, notices = parse({"show": value, "country": "KAZ"})
    assert view == replace(OPENING, country="KAZ", show="map,card")
    assert len(notices) == 1
    assert "“map,text”" in notices[0] and "<b>" not in notices[0]


def test_show_survives_the_round_trip_and_the_default_is_left_out():
    kaz = replace(OPENING, country="KAZ")
    assert view_to_query(kaz, CHOICES) == {"country": "KAZ"}
    assert view_to_query(replace(kaz, show="map,text"), CHOICES) == {
        "country": "KAZ",
        "show": "map,text",
    }
    assert parse(view_to_query(replace(OPENING, show="map"), CHOICES))[0].show == "map"


@pytest.mark.parametrize("year", ["²", "²⁰¹⁷", "①", "2017²", "٢٠١٧", "9" * 5000, "-2017", "2017.0"])
def test_years_that_are_not_ascii_digits_give_a_notice_not_a_crash(year):
    view, notices = parse({"year": year})
    assert view.year is None
    assert len(notices) == 1 and "years run from" in notices[0]


def test_layers_that_name_nothing_say_so():
    view, notices = parse({"layers": "," * 10_000})
    assert view.layers == ()
    assert len(notices) == 1 and "names none" in notices[0]
    assert len(notices[0]) < 400


def _pick(query: dict, offered: tuple[str, ...]) -> None:
    """The viewer reporting a pick (``query``) on a page whose payload offers ``offered``."""
    import streamlit as st

    from explainers.ui import viewer

    st.session_state["viewer"] = {"view": {"query": query}}
    viewer._on_view("viewer", offered)


@pytest.mark.parametrize(
    ("offered", "written"),
    [
        (("projects", "corridors", "partners", "forum", "newsroom"), "projects,newsroom"),
        (("projects", "corridors", "partners", "forum"), "projects"),
    ],
)
def test_a_pick_on_the_projects_page_keeps_the_newsroom_layer_in_the_url(offered, written):
    """What the URL holds after a pick is what a reload shows: the newsroom's layer stays
    on where the page offers it (the projects page, with a file loaded)."""
    from streamlit.testing.v1 import AppTest

    query = {"layers": "projects,newsroom", "country": "KAZ"}
    app = AppTest.from_function(_pick, args=(query, offered), default_timeout=60).run()
    assert not app.exception
    assert app.query_params == {"country": "KAZ", "layers": written}
