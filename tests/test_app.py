"""The page as Streamlit runs it (AppTest): it draws, and bad input becomes a notice."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from explainers.explainer import ExplainerError
from explainers.geometry import MissingDataError
from explainers.paths import ROOT

APP = str(ROOT / "app.py")


def run(**query) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        app.query_params[key] = value
    return app.run()


def test_the_explainer_opens_with_title_credit_story_and_map():
    app = run()
    assert not app.exception
    assert app.title[0].value == "Xi and Putin at the Belt and Road Forum"
    assert any("South China Morning Post" in c.value for c in app.caption)
    text = " ".join(m.value for m in app.markdown)
    assert "Nazarbayev" in text
    assert app.get("plotly_chart")


def test_a_country_in_the_url_is_picked_and_its_passages_listed():
    app = run(country="KAZ")
    assert not app.exception
    assert app.selectbox[0].value == "Kazakhstan (KAZ)"
    assert any(h.value == "Kazakhstan" for h in app.subheader)
    assert any(":orange-background[" in m.value and "Nazarbayev" in m.value for m in app.markdown)


@pytest.mark.parametrize("bad", ["XYZ", "<script>alert(1)</script>", "%%%", "k" * 300])
def test_a_bad_country_gives_a_visible_notice_and_the_whole_story(bad):
    app = run(country=bad)
    assert not app.exception
    assert len(app.warning) == 1
    assert "not a country code" in app.warning[0].value
    assert "<script>" not in app.warning[0].value
    assert app.title[0].value.startswith("Xi and Putin")


def test_picking_in_the_selectbox_updates_the_url():
    app = run()
    app.selectbox[0].select("Indonesia (IDN)").run()
    assert app.query_params["country"] == "IDN"
    assert any(h.value == "Indonesia" for h in app.subheader)


def test_the_whole_story_button_clears_the_pick():
    app = run(country="TUR")
    next(b for b in app.button if b.label == "Show the whole story").click().run()
    assert "country" not in app.query_params
    assert all(h.value != "Turkey" for h in app.subheader)


def _page_where_loading_fails(loader: str, error: Exception):
    """The explainer page with ``state.<loader>`` replaced by one that raises ``error``."""
    from explainers.ui import state, story

    original = getattr(state, loader)

    def fail(*_args):
        raise error

    setattr(state, loader, fail)
    try:
        story.explainer_page()
    finally:
        setattr(state, loader, original)


def failing_page(loader: str, error: Exception) -> AppTest:
    return AppTest.from_function(
        _page_where_loading_fails, args=(loader, error), default_timeout=60
    ).run()


def test_a_broken_explainer_file_shows_its_problems_not_a_traceback():
    app = failing_page(
        "builtin_explainer",
        ExplainerError(
            ["explainers/x/explainer.yaml: date: <script>alert(1)</script> is not a date"]
        ),
    )
    assert not app.exception
    message = app.error[0].value  # the Markdown source Streamlit renders
    shown = message.replace("\\", "")
    assert "explainers/x/explainer.yaml: date:" in shown and "is not a date" in shown
    assert "\\<script\\>" in message  # escaped: shown as text, never run


def test_a_missing_data_file_is_named():
    app = failing_page(
        "map_data",
        MissingDataError("data/processed/projects.csv is missing; rebuild it with `make data`"),
    )
    assert not app.exception
    assert "projects.csv is missing" in app.error[0].value.replace("\\", "")


def test_the_map_is_described_in_words():
    app = run(country="KAZ")
    assert any(c.value.startswith("Map framed on Kazakhstan") for c in app.caption)
