"""The page as Streamlit runs it (AppTest): it draws, and bad input becomes a notice."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from explainers.paths import ROOT

APP = str(ROOT / "app.py")


def _article_page():
    from explainers.ui import article_page

    article_page()


def run_article(**query) -> AppTest:
    """The "Bring your own article" page, opened from a link with ``query``."""
    app = AppTest.from_function(_article_page, default_timeout=60)
    for key, value in query.items():
        app.query_params[key] = value
    return app.run()


def run(**query) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        app.query_params[key] = value
    return app.run()


def viewer_payload(app: AppTest) -> dict:
    """The payload the page sent to the browser viewer, as the browser receives it."""
    preload, viewer = app.get("bidi_component")  # the preloader comes first, to start early
    assert preload.proto.component_name == "bri_preload"
    assert json.loads(preload.proto.json)["preload"]["plotly"].endswith(".min.js")
    assert viewer.proto.component_name == "bri_viewer"
    return json.loads(viewer.proto.json)


def test_the_explainer_opens_with_title_credit_and_the_viewer():
    app = run()
    assert not app.exception
    assert app.title[0].value == "Xi and Putin at the Belt and Road Forum"
    assert any("South China Morning Post" in m.value for m in app.markdown)
    payload = viewer_payload(app)
    assert any("Nazarbayev" in passage["text"] for passage in payload["passages"])
    assert [step["id"] for step in payload["steps"]][:2] == ["xi-and-putin", "forum"]
    assert not app.get("plotly_chart"), "the map is drawn by the viewer, not st.plotly_chart"


def test_the_payload_does_not_change_with_the_view():
    """Streamlit re-sends an unchanged element by reference: a pick costs a few bytes."""
    plain = viewer_payload(run())
    assert viewer_payload(run(country="KAZ", step="kazakhstan", layers="none")) == plain


@pytest.mark.parametrize("bad", ["XYZ", "<script>alert(1)</script>", "%%%", "k" * 300])
def test_a_bad_country_gives_a_visible_notice_and_the_whole_story(bad):
    app = run(country=bad)
    assert not app.exception
    assert len(app.warning) == 1
    assert "not a country code" in app.warning[0].value
    assert "<script>" not in app.warning[0].value
    assert app.title[0].value.startswith("Xi and Putin")


@pytest.mark.parametrize("bad", ["no-such-step", "<b>x</b>"])
def test_an_unknown_step_gives_a_visible_notice(bad):
    app = run(step=bad)
    assert not app.exception
    assert len(app.warning) == 1
    assert "step" in app.warning[0].value
    assert "<b>" not in app.warning[0].value


def test_a_link_to_a_readers_article_says_the_server_keeps_none():
    app = run_article(country="PAK")
    assert not app.exception
    assert any("not kept" in i.value for i in app.info)
    assert app.text_area, "the form is offered"


def explainer_copy(tmp_path, monkeypatch, edit) -> None:
    """The built-in explainer copied to a folder the app reads, its YAML text edited."""
    import shutil

    from explainers import paths

    shutil.copytree(paths.EXPLAINERS_DIR / "bri-forum-2017", tmp_path / "bri-forum-2017")
    meta = tmp_path / "bri-forum-2017" / "explainer.yaml"
    meta.write_text(edit(meta.read_text(encoding="utf-8")), encoding="utf-8")
    monkeypatch.setattr(paths, "EXPLAINERS_DIR", tmp_path)


def test_a_broken_explainer_file_shows_its_problems_not_a_traceback(tmp_path, monkeypatch):
    explainer_copy(
        tmp_path,
        monkeypatch,
        lambda text: text.replace("passages: [forum]", 'passages: ["<script>alert(1)</script>"]'),
    )
    app = AppTest.from_file(APP, default_timeout=90).run()
    assert not app.exception
    message = next(e.value for e in app.error if "explainer" in e.value)
    shown = message.replace("\\", "")
    assert "cannot be shown because its files have problems" in shown
    assert "bri-forum-2017/explainer.yaml: steps.1.passages.0:" in shown
    assert "is not a passage in story.md" in shown
    assert "\\<script\\>" in message  # escaped: shown as text, never run


def test_a_missing_data_file_is_named(tmp_path, monkeypatch):
    import shutil

    from explainers import paths

    shutil.copytree(paths.PROCESSED_DIR, tmp_path / "processed")
    (tmp_path / "processed" / "projects.csv").unlink()
    monkeypatch.setattr(paths, "PROCESSED_DIR", tmp_path / "processed")
    app = run()
    assert not app.exception
    errors = [e.value.replace("\\", "") for e in app.error]
    assert any("projects.csv is missing" in error and "make data" in error for error in errors)


def test_explainers_added_or_edited_while_running_show_on_the_next_load(tmp_path, monkeypatch):
    """A journalist copies an explainer folder and edits it: no restart is needed."""
    import shutil

    from explainers import paths

    shutil.copytree(paths.EXPLAINERS_DIR / "bri-forum-2017", tmp_path / "bri-forum-2017")
    monkeypatch.setattr(paths, "EXPLAINERS_DIR", tmp_path)
    app = AppTest.from_file(APP, default_timeout=90)
    app.run()
    listed = " ".join(m.value for m in app.markdown).replace("\\", "")  # Markdown escapes
    assert "Xi and Putin at the Belt and Road Forum (14 May 2017)" in listed
    assert "The third forum" not in listed

    copy = tmp_path / "bri-forum-2023"
    shutil.copytree(tmp_path / "bri-forum-2017", copy)
    meta = copy / "explainer.yaml"
    text = meta.read_text(encoding="utf-8").replace("id: bri-forum-2017", "id: bri-forum-2023")
    text = text.replace("title: Xi and Putin at the Belt and Road Forum", "title: The third forum")
    meta.write_text(text.replace("date: 2017-05-14", "date: 2023-10-18", 1), encoding="utf-8")
    edited = tmp_path / "bri-forum-2017" / "explainer.yaml"
    edited.write_text(
        edited.read_text(encoding="utf-8").replace(
            "title: Xi and Putin at the Belt and Road Forum", "title: Xi and Putin in Beijing"
        ),
        encoding="utf-8",
    )
    app.run()
    assert not app.exception
    assert app.title[0].value == "Xi and Putin in Beijing"  # the edit, without a restart
    links = [
        (link.label.replace("\\", ""), link.proto.query_string) for link in app.get("page_link")
    ]
    assert ("The third forum (18 October 2023)", "explainer=bri-forum-2023") in links


def test_an_article_past_the_time_limit_is_a_notice_on_the_page(monkeypatch):
    from explainers import worker

    monkeypatch.setenv(worker.TIME_LIMIT_ENV, "0.05")
    app = run_article()
    app.text_area[0].input("Xi met Putin in Beijing. " * 4_000)
    app.button[0].click().run(timeout=120)
    assert not app.exception
    shown = [e.value.replace("\\", "") for e in app.error]  # as markdown renders it
    assert any("took longer than 0.05 seconds" in text for text in shown), shown


def test_a_mapped_article_is_offered_as_web_pages_and_as_an_explainer_folder():
    app = run_article()
    app.text_area[0].input("Xi met Putin in Beijing. Kazakhstan joined them in Astana.")
    app.button[0].click().run(timeout=120)
    assert not app.exception
    offered = [button.proto.label for button in app.get("download_button")]
    assert "Download as a web page (.zip)" in offered
    assert "Download as an explainer folder (.zip)" in offered
