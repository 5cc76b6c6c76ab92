"""The explainer folder format: the shipped story loads, and broken files say what is wrong."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from explainers import paths
from explainers.countries import is_iso3
from explainers.data import datasets
from explainers.data.schemas import split_list
from explainers.data.shapes import country_table
from explainers.explainer import (
    ExplainerError,
    FrameBox,
    Step,
    Validation,
    available_explainers,
    checked_explainer,
    explainer_dir,
    load_explainer,
    validate_all,
)
from explainers.explainer.folder import parse_story, project_ids


@pytest.fixture
def folder(tmp_path):
    """A copy of the shipped explainer that a test may break."""
    target = tmp_path / "bri-forum-2017"
    shutil.copytree(explainer_dir("bri-forum-2017"), target)
    return target


def test_shipped_explainers_are_valid():
    assert "bri-forum-2017" in available_explainers()
    assert validate_all() == {explainer: Validation() for explainer in available_explainers()}


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
        ("explainer.yaml", "groups:\n", "groups: [\n", "a list opened with '['"),
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


# Guided steps --------------------------------------------------------------------------

SHIPPED_STEPS = [
    # id, passages, countries, layers (None: the reader's), frame ("box": a FrameBox)
    (
        "xi-and-putin",
        ("photo", "lead", "sidelines", "strategic-choice", "whatever-happens"),
        ("CHN", "RUS"),
        None,
        "box",
    ),
    ("forum", ("forum",), ("CHN",), ("forum",), "world"),
    (
        "russia-backing",
        ("putin-support", "timing", "new-mechanisms"),
        ("RUS",),
        ("projects",),
        "RUS",
    ),
    ("corridors-and-projects", ("five-projects",), (), ("corridors", "projects"), "box"),
    ("un-syria", ("veto", "globalisation"), ("CHN", "RUS", "USA", "SYR"), None, "world"),
    ("indonesia", ("indonesia",), ("IDN",), None, "IDN"),
    ("kazakhstan", ("kazakhstan",), ("KAZ",), None, "KAZ"),
    (
        "turkey-and-uygurs",
        (
            "turkey-terrorism",
            "turkey-strategic",
            "core-concerns",
            "uygurs-iraq-syria",
            "syria-ambassador",
        ),
        ("TUR", "CHN", "SYR", "IRQ"),
        None,
        "box",
    ),
]


def test_shipped_steps_load_in_order_and_resolve():
    story = load_explainer("bri-forum-2017")
    assert [s.id for s in story.steps] == [row[0] for row in SHIPPED_STEPS]
    assert len({s.id for s in story.steps}) == len(story.steps) == 8
    known_projects = project_ids()
    for step in story.steps:
        assert all(story.passage(pid) for pid in step.passages)
        assert all(is_iso3(code) for code in step.countries)
        assert set(step.projects) <= known_projects
        assert story.step(step.id) is step
    assert story.step("no-such-step") is None


@pytest.mark.parametrize(("step_id", "passages", "countries", "layers", "frame"), SHIPPED_STEPS)
def test_each_shipped_step_shows_what_its_part_of_the_story_needs(
    step_id, passages, countries, layers, frame
):
    step = load_explainer("bri-forum-2017").step(step_id)
    assert (step.passages, step.countries, step.layers) == (passages, countries, layers)
    if frame == "box":
        assert isinstance(step.frame, FrameBox)
    else:
        assert step.frame == frame


def _projects_where(keep) -> tuple[str, ...]:
    projects = datasets.load_projects()
    return tuple(projects.loc[projects.apply(keep, axis=1), "id"])


@pytest.mark.parametrize(
    ("step_id", "keep"),
    [
        # the projects in Russia, as the country card counts them
        ("russia-backing", lambda row: "RUS" in split_list(row["countries"])),
        # the newspaper's five, as far as the data confirms them ("related" rows left out)
        (
            "corridors-and-projects",
            lambda row: str(row["scmp_explainer_2017"]).startswith("yes"),
        ),
    ],
)
def test_step_projects_are_the_rows_the_data_marks(step_id, keep):
    assert load_explainer("bri-forum-2017").step(step_id).projects == _projects_where(keep)


def test_box_frames_show_the_step_countries_and_projects():
    table = country_table()
    projects = datasets.load_projects().set_index("id")
    for step in load_explainer("bri-forum-2017").steps:
        if not isinstance(step.frame, FrameBox):
            continue
        box = step.frame
        points = [(table.at[c, "lon"], table.at[c, "lat"]) for c in step.countries]
        points += [(projects.at[p, "lon"], projects.at[p, "lat"]) for p in step.projects]
        # about 360/scale degrees of longitude and 180/scale of latitude show on the map
        for lon, lat in points:
            assert abs(lon - box.lon) <= 180 / box.scale, (step.id, lon)
            assert abs(lat - box.lat) <= 90 / box.scale, (step.id, lat)


MONTHS = "January February March April May June July August September October November December"
YEAR = re.compile(rf"(?:\b({'|'.join(MONTHS.split())}) )?\b((?:19|20)\d\d)\b")


def test_every_year_a_step_mentions_is_a_timeline_event_in_its_countries():
    timeline = datasets.load_timeline()
    checked = 0
    for step in load_explainer("bri-forum-2017").steps:
        for month, year in YEAR.findall(f"{step.title} {step.caption}"):
            prefix = year if not month else f"{year}-{MONTHS.split().index(month) + 1:02d}"
            rows = timeline[
                timeline["date"].str.startswith(prefix) & timeline["iso3"].isin(step.countries)
            ]
            assert not rows.empty, f"{step.id}: nothing in timeline.csv for {month} {year}"
            checked += 1
    assert checked >= 3  # the forum, and the Jakarta and Astana speeches


def test_the_forum_step_counts_the_leaders_in_the_data():
    caption = load_explainer("bri-forum-2017").step("forum").caption
    forum = datasets.load_forum_2017()
    foreign = (forum["delegation"] == "foreign").sum()  # Hong Kong and Macao came as hosts
    assert f"{foreign} states" in caption


def test_step_quotes_are_the_story_quotes():
    story = load_explainer("bri-forum-2017")
    quoted = {q for p in story.passages for q in p.text.split('"')[1::2]}
    for step in story.steps:
        assert set(step.caption.split('"')[1::2]) <= quoted, step.id


def test_every_step_field_is_described_and_in_the_readme():
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    bullet = readme[readme.index("- Each explainer is a folder") :].split("\n- ")[0]
    for name, field in Step.model_fields.items():
        assert field.description, name
        assert f"`{name}`" in bullet, name


DROP = object()


def _edit_step(folder, number, changes):
    path = folder / "explainer.yaml"
    meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    for key, value in changes.items():
        if value is DROP:
            del meta["steps"][number][key]
        else:
            meta["steps"][number][key] = value
    path.write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize(
    ("number", "changes", "field", "expected"),
    [
        (
            1,
            {"passages": ["forums"]},
            "steps.1.passages.0",
            "'forums' is not a passage in story.md (did you mean 'forum'?); use one of photo,",
        ),
        (
            5,
            {"countries": ["INDO"]},
            "steps.5.countries.0",
            "'INDO' is not an ISO 3166-1 alpha-3 country code; use three capital letters",
        ),
        (
            1,
            {"layers": ["forums"]},
            "steps.1.layers.0",
            "'forums' is not a map layer (did you mean 'forum'?); use one of projects, "
            "corridors, partners, forum",
        ),
        (1, {"layers": "forum"}, "steps.1.layers", "; write layers as a list of map layer ids"),
        (
            6,
            {"frame": "Kazakhstan"},
            "steps.6.frame",
            "'Kazakhstan' is neither 'world' nor an ISO-3 country code; write 'world'",
        ),
        (
            7,
            {"frame": {"lon": 60, "lat": 37, "scale": 30}},
            "steps.7.frame",
            "the box is wrong (scale: Input should be less than or equal to 12); write",
        ),
        (
            0,
            {"frame": {"lon": 100, "scale": 2}},
            "steps.0.frame",
            "the box is wrong (lat: is required but missing); write",
        ),
        (
            6,
            {"id": "indonesia"},
            "steps.6.id",
            "'indonesia' is already the id of steps.5; give each step its own id",
        ),
        (4, {"id": "UN Syria"}, "steps.4.id", "is not a step id; use lower-case letters"),
        (
            2,
            {"caption": DROP},
            "steps.2.caption",
            "is required but missing; write caption as one or two sentences in our own words",
        ),
        (
            0,
            {"title": "A title far too long to sit above a step's caption on a phone screen"},
            "steps.0.title",
            "at most 60 characters; write title as a short heading",
        ),
        (
            3,
            {"projects": ["gwadar"]},
            "steps.3.projects.0",
            "'gwadar' is not a project in data/processed/projects.csv (did you mean "
            "'gwadar-port'?); use a value of its id column",
        ),
        (0, {"zoom": 3}, "steps.0.zoom", "is not a field a step has; use id, title, caption"),
    ],
)
def test_a_broken_step_gets_one_message_with_the_file_the_field_and_the_fix(
    folder, number, changes, field, expected
):
    _edit_step(folder, number, changes)
    with pytest.raises(ExplainerError) as caught:
        load_explainer(folder.name, folder)
    [problem] = caught.value.problems
    assert problem.startswith(f"{folder}/explainer.yaml: {field}: ")
    assert expected in problem


def test_steps_are_optional_and_must_be_a_list(folder):
    path = folder / "explainer.yaml"
    meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    del meta["steps"]
    path.write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")
    assert load_explainer(folder.name, folder).steps == ()

    meta["steps"] = {"forum": {"title": "The forum"}}
    path.write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")
    with pytest.raises(ExplainerError, match=r"explainer\.yaml: steps: expected a list of steps"):
        load_explainer(folder.name, folder)


def test_without_the_projects_file_the_steps_load_and_their_projects_go_unchecked(
    folder, tmp_path, monkeypatch
):
    """The story needs no project list: a broken one skips the check, named with its fix."""
    processed = tmp_path / "processed"
    shutil.copytree(paths.PROCESSED_DIR, processed)
    (processed / "projects.csv").write_bytes(b"id,name\n\xff\xfe")
    monkeypatch.setattr(paths, "PROCESSED_DIR", processed)
    _edit_step(folder, 3, {"projects": ["gwadar"]})  # unknown, but cannot be checked now

    story, [error] = checked_explainer(folder.name, folder)
    assert story.step(story.steps[3].id).projects == ("gwadar",)
    assert len(story.passages) >= 18 and story.passage("kazakhstan").countries
    assert error.name == "projects.csv" and "make data" in str(error)
    assert load_explainer(folder.name, folder) == story
    found = validate_all()
    assert set(found) == set(available_explainers()) and len(found) >= 3  # 2017, 2019, 2023
    for validation in found.values():  # each shipped explainer says the file went unread
        assert not validation.ok and validation.problems == ()
        assert [e.name for e in validation.unread] == ["projects.csv"]


def _cards_text(explainer) -> str:
    from explainers.data.datasets import load_map_data
    from explainers.data.shapes import country_table
    from explainers.viewer.payload import viewer_payload

    payload = viewer_payload(explainer, country_table(), load_map_data())
    lines = [line for card in payload["cards"].values() for line in card["lines"]]
    return " ".join(lines + payload["blankCard"]["lines"])


def _everything_said(explainer) -> str:
    """All the words a reader can meet for ``explainer``: viewer, sources, downloads, export."""
    import json

    from explainers.data.datasets import explainer_downloads, explainer_sources, load_map_data
    from explainers.data.shapes import country_table
    from explainers.viewer.payload import viewer_payload

    payload = viewer_payload(explainer, country_table(), load_map_data())
    return json.dumps(
        [
            payload,
            explainer_sources(explainer.event),
            [label for _, label, _ in explainer_downloads(explainer.event)],
        ]
    )


def test_a_copied_explainer_speaks_of_its_own_event_only(folder):
    """Each explainer owns its words: a 2023 story copied from the 2017 one and edited."""
    meta = folder / "explainer.yaml"
    text = meta.read_text(encoding="utf-8").replace("May 2017 forum", "October 2023 forum")
    text = text.replace("2017 forum", "2023 forum")
    meta.write_text(text.replace("id: bri-forum-2017", "id: bri-forum-2023"), encoding="utf-8")
    copied = load_explainer("bri-forum-2023", folder.rename(folder.with_name("bri-forum-2023")))
    said = _cards_text(copied)
    assert "2023 forum" in said and "2017 forum" not in said
    # The layer switch, the map key, the stars' hover text, the sources and the downloads.
    everything = _everything_said(copied)
    assert "2023 forum" in everything and "October 2023 forum" in everything
    assert "2017 forum" not in everything


def test_an_explainer_without_an_event_says_nothing_of_one(folder):
    meta = folder / "explainer.yaml"
    text = meta.read_text(encoding="utf-8").replace("layers: [forum]", "layers: [projects]")
    meta.write_text(text[: text.index("\nevent:")] + "\n", encoding="utf-8")
    explainer = load_explainer("bri-forum-2017", folder)
    said = _cards_text(explainer)
    assert "2017 forum" not in said and "did not attend" not in said
    everything = _everything_said(explainer)
    assert "leaders (CSV)" not in everything and "Its leader came" not in everything
    assert '"layer": "forum"' not in everything  # no event layer, key or stars


def test_the_event_layer_needs_an_event(folder):
    meta = folder / "explainer.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text[: text.index("\nevent:")] + "\n", encoding="utf-8")
    with pytest.raises(ExplainerError) as error:
        load_explainer("bri-forum-2017", folder)
    assert any("'forum' layer" in p and "event" in p for p in error.value.problems)


def test_an_explainer_opens_with_its_own_layers(folder):
    from explainers.map.layers import opening_layers

    meta = folder / "explainer.yaml"
    text = meta.read_text(encoding="utf-8").replace(
        "layers: [projects, corridors]", "layers: [partners, forum]"
    )
    meta.write_text(text, encoding="utf-8")
    assert opening_layers(load_explainer("bri-forum-2017", folder)) == ("partners", "forum")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("attended: Its leader came.", "event.attended: must name the leader once as {leader}"),
        ("host: XX", "event.host: 'XX' is not an ISO 3166-1 alpha-3 country code"),
    ],
)
def test_a_broken_event_is_named_with_its_field(folder, line, expected):
    meta = folder / "explainer.yaml"
    field = line.split(":")[0]
    lines = meta.read_text(encoding="utf-8").splitlines()
    block = lines.index("event:")
    at = next(i for i in range(block, len(lines)) if lines[i].strip().startswith(f"{field}:"))
    lines[at] = f"  {line}"
    meta.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ExplainerError) as error:
        load_explainer("bri-forum-2017", folder)
    assert any(expected in problem for problem in error.value.problems), error.value.problems


def test_a_correction_with_a_key_that_is_not_text_is_named(folder):
    """Found by tests/test_properties.py: ``add`` renamed to ``0`` raised a raw TypeError."""
    meta = folder / "explainer.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace("core-concerns: {add: [TUR]}", "core-concerns: {0: [TUR]}"))
    with pytest.raises(ExplainerError) as error:
        load_explainer("bri-forum-2017", folder)
    assert any("corrections.core-concerns.0" in p for p in error.value.problems)


def test_a_step_id_the_url_cannot_carry_is_refused_when_the_folder_is_read():
    """One rule for the YAML and the URL: a 65-character id would validate and never link."""
    from explainers.view import Choices, view_from_query

    longest, too_long = "a" * 64, "a" * 65
    assert Step(id=longest, title="t", caption="c").id == longest
    choices = Choices(frozenset({"x"}), None, (), "x", (), (2013, 2026))
    assert view_from_query({"step": longest}, choices)[0].step == longest
    with pytest.raises(ValueError, match="at most 64"):
        Step(id=too_long, title="t", caption="c")
