"""Broken data files and failing builds: the page says which file and how to fix it.

Each processed file is broken four ways (missing, 0 bytes, cut at half its length,
overwritten with random bytes) in a copy of ``data/processed`` and ``static`` that the app
is pointed at (``paths.PROCESSED_DIR``/``STATIC_DIR``, which ``BRI_DATA_DIR`` sets for a
server), never in the committed files. The page must name the file and the fix (never
Streamlit's generic error) and still draw what does not need it.
"""

from __future__ import annotations

import importlib.util
import json
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from explainers import paths
from explainers.data import shapes as geometry

ROOT = paths.ROOT
APP = str(ROOT / "app.py")
PROCESSED = sorted(p.name for p in (ROOT / "data" / "processed").iterdir())
FILES = [*PROCESSED, "world_50m.json"]
FAULTS = ("missing", "empty", "half", "random")
WHAT_IS_WRONG = {
    "missing": "is missing",
    "empty": "is empty",
    "half": ("is cut short", "is not valid JSON"),
    "random": "is not UTF-8 text",
}
# What the page still draws when each file is broken: every file but the country table.
# The story (its text, passages, links and the map's countries) needs neither the
# projects nor the forum's leaders; without them it loses only their layers and names.
MAP_STILL_DRAWN = {
    "corridors.csv",
    "partners.csv",
    "projects.csv",
    "forum_2017.csv",
    "projects.geojson",
    "corridors.geojson",
    "timeline.csv",
    "world_50m.json",
}
TITLE = "Xi and Putin at the Belt and Road Forum"


def break_file(path: Path, fault: str) -> None:
    good = path.read_bytes()
    if fault == "missing":
        path.unlink()
    elif fault == "empty":
        path.write_bytes(b"")
    elif fault == "half":
        path.write_bytes(good[: len(good) // 2])
    else:
        path.write_bytes(random.Random(len(good)).randbytes(max(1024, len(good) // 4)))


def copy_data(folder: Path) -> Path:
    """``processed/`` and ``static/`` copied into ``folder`` (Streamlit serves no symlink)."""
    shutil.copytree(ROOT / "data" / "processed", folder / "processed")
    shutil.copytree(ROOT / "static", folder / "static")
    return folder


def data_path(folder: Path, name: str) -> Path:
    return folder / ("static" if name.endswith(".json") else "processed") / name


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of the data that the app in this process reads, with fresh caches."""
    folder = copy_data(tmp_path)
    monkeypatch.setattr(paths, "PROCESSED_DIR", folder / "processed")
    monkeypatch.setattr(paths, "STATIC_DIR", folder / "static")
    # The loaders' caches are keyed by the files' size and time, so they miss on a new
    # copy; the country table's and the explainer's are not, and are cleared here.
    _clear_caches()
    yield folder
    _clear_caches()


def _clear_caches() -> None:
    geometry.country_table.cache_clear()
    # Imported here only if a page already did: explainers.ui builds its st.Page list on
    # import, which must happen inside a script run.
    state = sys.modules.get("explainers.ui.state")
    if state is not None:
        state._builtin_explainer.clear()


def shown(element) -> str:
    return element.value.replace("\\", "").replace("\u2060", "")


def components(app: AppTest) -> list[str]:
    return [c.proto.component_name for c in app.get("bidi_component")]


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("name", FILES)
def test_a_broken_data_file_is_named_with_its_fix_and_the_rest_still_draws(data_copy, name, fault):
    break_file(data_path(data_copy, name), fault)
    app = AppTest.from_file(APP, default_timeout=300).run()

    assert not app.exception, "Streamlit's generic error"
    errors = [shown(e) for e in app.error if name in shown(e)]
    assert errors, f"no message names {name}: {[shown(e) for e in app.error]}"
    wrong = WHAT_IS_WRONG[fault]
    assert any(w in errors[0] for w in ((wrong,) if isinstance(wrong, str) else wrong))
    assert "make data" in errors[0] and "git checkout" in errors[0]
    assert len(app.get("page_link")) >= 2, "the page links are drawn"
    if name in MAP_STILL_DRAWN:
        assert app.title[0].value == TITLE
        assert "bri_viewer" in components(app), "the viewer is still drawn"
        assert_the_story_is_told(viewer_payload(app))
    if name == "countries.csv":  # no map without it, but the story's page and its data
        assert app.title and "bri_viewer" not in components(app)
        assert app.get("download_button")


def viewer_payload(app: AppTest) -> dict:
    viewer = [c for c in app.get("bidi_component") if c.proto.component_name == "bri_viewer"]
    return json.loads(viewer[0].proto.json)


def assert_the_story_is_told(payload: dict) -> None:
    """The story's passages with their linked names, and its countries on the map."""
    passages = {passage["id"]: passage for passage in payload["passages"]}
    assert len(passages) >= 18, "every passage of story.md"
    kazakhstan = passages["kazakhstan"]
    assert "Kazakhstan" in kazakhstan["text"]
    assert any("KAZ" in m.get("iso3", ()) for m in kazakhstan["mentions"]), "names are linked"
    shaded = {
        code
        for trace in payload["figure"]["data"]
        if trace.get("type") == "choropleth"
        for code in trace.get("locations") or ()
    }
    assert {"CHN", "RUS", "KAZ", "IDN", "TUR"} <= shaded, "the story's countries are drawn"


def test_without_corridors_the_map_draws_the_other_layers(data_copy):
    (data_copy / "processed" / "corridors.csv").unlink()
    app = AppTest.from_file(APP, default_timeout=300).run()
    traces = viewer_payload(app)["figure"]["data"]
    points = {}
    for trace in traces:
        layer = (trace.get("meta") or {}).get("layer")
        points[layer] = points.get(layer, 0) + len(trace.get("lon") or ())
    assert points["corridors"] == 0
    assert points["projects"] > 50 and points["forum"] > 20
    downloads = [button.proto.label for button in app.get("download_button")]
    assert "Corridor waypoints (CSV)" not in downloads and "Projects (CSV)" in downloads


def test_a_file_rebuilt_after_a_fault_is_read_again_without_a_restart(data_copy):
    path = data_copy / "processed" / "partners.csv"
    good = path.read_bytes()
    path.write_bytes(b"")
    app = AppTest.from_file(APP, default_timeout=300).run()
    assert any("partners.csv" in shown(e) for e in app.error)
    path.write_bytes(good)  # what `git checkout data/processed/partners.csv` does
    app.run()
    assert not [e for e in app.error if "partners.csv" in shown(e)]


def _article_page():
    from explainers.ui import article_page

    article_page()


def test_the_article_page_maps_an_article_without_the_projects_file(data_copy):
    (data_copy / "processed" / "projects.csv").write_bytes(b"id,name\n")
    app = AppTest.from_function(_article_page, default_timeout=300).run()
    app.text_area[0].input("Xi Jinping met Vladimir Putin in Beijing before flying to Kazakhstan.")
    app.button[0].click().run()
    assert not app.exception
    assert any("projects.csv" in shown(e) for e in app.error)
    assert "bri_viewer" in components(app)


def _projects_page():
    from explainers.ui import projects_page

    projects_page()


@pytest.mark.parametrize("name", ["forum_2017.csv", "corridors.csv"])
def test_the_projects_page_draws_a_newsroom_layer_over_a_map_missing_one_file(data_copy, name):
    break_file(data_path(data_copy, name), "random")
    app = AppTest.from_function(_projects_page, default_timeout=300).run()
    app.button[-1].click().run()  # the sample table
    assert not app.exception, "Streamlit's generic error"
    errors = [shown(e) for e in app.error if name in shown(e)]
    assert errors and "make data" in errors[0]
    assert "bri_viewer" in components(app)
    assert TITLE in [header.value for header in app.header]


@pytest.mark.parametrize("fault", ["missing", "half"])
def test_without_the_country_table_the_article_page_names_it_and_offers_no_export(data_copy, fault):
    break_file(data_copy / "processed" / "countries.csv", fault)
    app = AppTest.from_function(_article_page, default_timeout=300).run()
    app.text_area[0].input("Xi Jinping met Vladimir Putin in Beijing before flying to Kazakhstan.")
    app.button[0].click().run()

    assert not app.exception, "Streamlit's generic error"
    errors = [shown(e) for e in app.error if "countries.csv" in shown(e)]
    assert errors and all("make data" in error for error in errors)
    assert any("cannot be exported as a web page" in error for error in errors)
    headers = [header.value for header in app.header]
    assert headers[-1] == "Publish this map" and len(headers) > 1, "the article is still shown"
    downloads = [button.proto.label for button in app.get("download_button")]
    assert "Projects (CSV)" in downloads, "the data is still offered"
    assert not [label for label in downloads if ".zip" in label], "no zip of a map not drawn"


def test_without_the_leaders_the_linker_loses_only_their_names(tmp_path, monkeypatch):
    """A damaged forum file costs the linker the leaders' names, nothing else."""
    from explainers.text import gazetteer, gazetteer_forms

    folder = copy_data(tmp_path)
    monkeypatch.setattr(paths, "PROCESSED_DIR", folder / "processed")
    officials = {row["name"] for row in gazetteer_forms._read_csv("officials.csv")}
    leaders = {line.split(",")[0] for line in (folder / "processed" / "forum_2017.csv").open()}
    only_in_forum = sorted(leaders - officials - {"leader"})
    assert only_in_forum, "some leaders are named by the forum's file alone"
    whole = gazetteer.load_gazetteer.__wrapped__()
    break_file(folder / "processed" / "forum_2017.csv", "random")
    without = gazetteer.load_gazetteer.__wrapped__()

    assert all(gazetteer_forms.fold(name) in whole.entries for name in only_in_forum)
    assert not any(gazetteer_forms.fold(name) in without.entries for name in only_in_forum)
    assert set(whole.entries) - set(without.entries) <= {
        gazetteer_forms.fold(form) for name in leaders for form in (name, name.split()[-1])
    }, "only the leaders' names and surnames are lost"
    assert without.entries["Kazakhstan"].iso3 == ("KAZ",)
    assert without.entries["Putin"].kind == "person"  # an official, kept by hand
    [error] = without.unread
    assert error.name == "forum_2017.csv" and "make data" in str(error)
    assert not whole.unread


# ---------------------------------------------------------------- the command line


def run_cli(folder: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, paths.DATA_DIR_ENV: str(folder)}
    return subprocess.run(
        [sys.executable, "-m", "explainers", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("projects.csv", ["validate"]),
        ("forum_2017.csv", ["validate"]),
        ("countries.csv", ["export", "--no-previews", "--out", "{out}"]),
        ("world_50m.json", ["export", "--no-previews", "--out", "{out}"]),
        ("forum_2017.csv", ["places", "-"]),
    ],
)
def test_the_command_line_names_a_broken_file_and_exits_1(tmp_path, name, command):
    folder = copy_data(tmp_path / "data")
    break_file(data_path(folder, name), "random")
    args = [part.replace("{out}", str(tmp_path / "site")) for part in command]
    result = run_cli(folder, *args, stdin="Xi Jinping met Vladimir Putin.")
    assert result.returncode == 1, result.stderr
    assert name in result.stderr and "make data" in result.stderr
    assert "Traceback" not in result.stderr


# ---------------------------------------------------------------- the build


def load_build(name: str):
    spec = importlib.util.spec_from_file_location(name, paths.DATA_DIR / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_build_that_fails_half_way_leaves_the_previous_files_intact(tmp_path, monkeypatch):
    build = load_build("build_datasets")
    folder = tmp_path / "processed"
    shutil.copytree(ROOT / "data" / "processed", folder)
    # Older files than the build would write, so a half-done build would show.
    for path in folder.iterdir():
        path.write_bytes(path.read_bytes() + b"old\n")
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    monkeypatch.setattr(paths, "PROCESSED_DIR", folder)
    writes = []
    real_write_csv = build.write_csv

    def write_then_fail(frame, path):
        if writes:
            raise OSError("disk full")
        writes.append(path)
        real_write_csv(frame, path)

    monkeypatch.setattr(build, "write_csv", write_then_fail)
    with pytest.raises(OSError, match="disk full"):
        build.main()
    assert writes, "the first file was written before the failure"
    after = {path.name: path.read_bytes() for path in folder.iterdir()}
    assert after == before, "every previous file byte for byte, and no temporary file left"


def test_a_build_that_succeeds_replaces_every_file(tmp_path, monkeypatch):
    build = load_build("build_datasets")
    folder = tmp_path / "processed"
    shutil.copytree(ROOT / "data" / "processed", folder)
    for path in folder.iterdir():
        path.write_bytes(b"old\n")
    monkeypatch.setattr(paths, "PROCESSED_DIR", folder)
    assert build.main() == 0
    written = {path.name: path.read_bytes() for path in folder.iterdir()}
    committed = {n: (ROOT / "data" / "processed" / n).read_bytes() for n in written}
    assert written.pop("countries.csv") == b"old\n"  # build_shapes.py writes that one
    committed.pop("countries.csv")
    assert written == committed


# ---------------------------------------------------------------- in the browser


@pytest.mark.browser
@pytest.mark.parametrize("fault", ["missing", "half"])
def test_without_the_shapes_the_reader_sees_why_not_a_blank_map(tmp_path, browser, fault):
    """A copy of the app served from a folder whose ``static/world_50m.json`` is broken."""
    from tests.support import running_app

    folder = copy_data(tmp_path)
    shutil.copy(ROOT / "app.py", folder / "app.py")
    shutil.copytree(ROOT / ".streamlit", folder / ".streamlit")
    break_file(folder / "static" / "world_50m.json", fault)
    python_path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    env = {paths.DATA_DIR_ENV: str(folder), "PYTHONPATH": python_path}
    with running_app(script=folder / "app.py", env=env) as url:
        page = browser.new_page()
        try:
            page.goto(url)
            in_map = page.locator(".bri-error")
            in_map.wait_for(timeout=60_000)
            assert "world_50m.json" in in_map.inner_text()
            assert "The story and its steps still work" in in_map.inner_text()
            alert = page.locator("[data-testid='stAlertContentError']", has_text="world_50m.json")
            assert "make data" in alert.first.inner_text()
            assert page.locator(".bri-passage").count() > 5, "the story is still there"
            assert not page.get_by_text("This app has encountered an error").count()
        finally:
            page.close()


NAME_AT = """name => {
  const button = [...document.querySelectorAll('button.bri-mention')]
    .find(b => b.textContent === name);
  button.scrollIntoView({block: 'center', behavior: 'instant'});
  const box = button.getClientRects()[0];
  return {x: box.x + box.width / 2, y: box.y + box.height / 2};
}"""


@pytest.mark.browser
def test_without_the_projects_a_name_in_the_story_still_picks_its_country(tmp_path, browser):
    """A copy of the app whose ``projects.csv`` is cut in half: the page says so, and a
    country named in the story's text still picks that country on the map."""
    from tests.support import running_app, wait_for_map

    folder = copy_data(tmp_path)
    shutil.copy(ROOT / "app.py", folder / "app.py")
    shutil.copytree(ROOT / ".streamlit", folder / ".streamlit")
    break_file(folder / "processed" / "projects.csv", "half")
    python_path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    env = {paths.DATA_DIR_ENV: str(folder), "PYTHONPATH": python_path}
    with running_app(script=folder / "app.py", env=env) as url:
        page = browser.new_page()
        try:
            page.goto(url)
            wait_for_map(page, timeout=90_000)
            alert = page.locator("[data-testid='stAlertContentError']", has_text="projects.csv")
            assert "make data" in alert.first.inner_text()
            assert page.get_by_role("heading", name=TITLE, level=1).count() == 1
            point = page.evaluate(NAME_AT, "Kazakhstan")
            page.mouse.click(point["x"], point["y"])
            page.wait_for_url("**country=KAZ**", timeout=60_000)
            card = page.locator(".bri-card-title", has_text="Kazakhstan")
            card.first.wait_for(timeout=30_000)
            assert not page.get_by_text("This app has encountered an error").count()
        finally:
            page.close()


@pytest.mark.browser
def test_a_session_whose_script_raises_does_not_stop_the_others(tmp_path, browser):
    """One reader's run raises (a copy of the app that raises on ``?raise=1``); another
    reader, before and after, still picks and the server still writes the URL."""
    from tests.support import running_app, wait_for_map

    folder = copy_data(tmp_path)
    source = (ROOT / "app.py").read_text(encoding="utf-8")
    raising = "import streamlit as st\n\nif st.query_params.get('raise'):\n"
    raising += "    raise RuntimeError('this session raised')\n"
    (folder / "app.py").write_text(raising + source, encoding="utf-8")
    shutil.copytree(ROOT / ".streamlit", folder / ".streamlit")
    python_path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    env = {paths.DATA_DIR_ENV: str(folder), "PYTHONPATH": python_path}
    with running_app(script=folder / "app.py", env=env) as url:
        failing, reader = browser.new_context(), browser.new_context()
        try:
            other = reader.new_page()
            other.goto(url)
            wait_for_map(other, timeout=90_000)
            broken = failing.new_page()
            broken.goto(f"{url}/?raise=1")
            broken.get_by_text("This app has encountered an error").wait_for(timeout=60_000)
            for name, code in (("Kazakhstan", "KAZ"), ("Indonesia", "IDN")):
                point = other.evaluate(NAME_AT, name)
                other.mouse.click(point["x"], point["y"])
                other.wait_for_url(f"**country={code}**", timeout=60_000)
                broken.reload()  # the failing session raises again between the picks
                broken.get_by_text("This app has encountered an error").wait_for(timeout=60_000)
            assert not other.get_by_text("This app has encountered an error").count()
        finally:
            failing.close()
            reader.close()


@pytest.mark.parametrize("fault", ["missing", "half"])
def test_without_the_country_table_the_projects_page_names_it(data_copy, fault):
    break_file(data_copy / "processed" / "countries.csv", fault)
    app = AppTest.from_function(_projects_page, default_timeout=300).run()
    app.button[-1].click().run()  # the sample table
    assert not app.exception, "Streamlit's generic error"
    errors = [shown(e) for e in app.error if "countries.csv" in shown(e)]
    assert errors and "make data" in errors[0]
