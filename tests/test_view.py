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
