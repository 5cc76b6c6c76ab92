"""Views come from the URL alone; anything bad in it becomes a notice, never an error."""

from __future__ import annotations

import pytest

from explainers.view import PARAMETERS, View, view_from_query, view_to_query


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, View()),
        ({"country": "KAZ"}, View(country="KAZ")),
        ({"country": " kaz "}, View(country="KAZ")),
        ({"country": ["RUS", "KAZ"]}, View(country="KAZ")),
        ({"utm_source": "newsletter"}, View()),
    ],
)
def test_good_queries_make_views_without_notices(query, expected):
    assert view_from_query(query) == (expected, [])


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({"country": "XYZ"}, "XYZ"),
        ({"country": "<script>alert(1)</script>"}, "\\<script\\>"),
        ({"country": "[x](javascript:alert(1))"}, "\\[x\\]\\(javascript\\:"),
        ({"explainer": "../../etc/passwd"}, "\\.\\./\\.\\./etc/passwd"),
    ],
)
def test_bad_queries_fall_back_with_an_escaped_notice(query, shown):
    view, notices = view_from_query(query)
    assert view == View()
    assert len(notices) == 1
    assert shown in notices[0]


def test_long_values_are_cut_in_notices():
    _, notices = view_from_query({"country": "A" * 5000})
    assert len(notices[0]) < 400


@pytest.mark.parametrize("view", [View(), View(country="IDN")])
def test_views_round_trip_through_the_url(view):
    assert view_from_query(view_to_query(view)) == (view, [])


def test_every_parameter_is_documented_in_the_readme():
    from explainers.paths import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for parameter in PARAMETERS:
        assert f"`{parameter.name}`" in readme, f"README.md does not document ?{parameter.name}="


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
    assert view_from_query({"show": value}) == (View(show=show), [])


@pytest.mark.parametrize("value", ["card,text", "legend", "map,<b>x</b>"])
def test_an_unknown_show_falls_back_to_map_and_card_with_a_notice(value):
    view, notices = view_from_query({"show": value, "country": "KAZ"})
    assert view == View(country="KAZ", show="map,card")
    assert len(notices) == 1
    assert "“map,text”" in notices[0] and "<b>" not in notices[0]


def test_show_survives_the_round_trip_and_the_default_is_left_out():
    assert view_to_query(View(country="KAZ")) == {"country": "KAZ"}
    assert view_to_query(View(country="KAZ", show="map,text")) == {
        "country": "KAZ",
        "show": "map,text",
    }
    assert view_from_query(view_to_query(View(show="map")))[0] == View(show="map")


@pytest.mark.parametrize("year", ["²", "²⁰¹⁷", "①", "2017²", "٢٠١٧", "9" * 5000, "-2017", "2017.0"])
def test_years_that_are_not_ascii_digits_give_a_notice_not_a_crash(year):
    view, notices = view_from_query({"year": year})
    assert view.year is None
    assert len(notices) == 1 and "years run from" in notices[0]


def test_layers_that_name_nothing_say_so():
    view, notices = view_from_query({"layers": "," * 10_000})
    assert view.layers == ()
    assert len(notices) == 1 and "names none" in notices[0]
    assert len(notices[0]) < 400
