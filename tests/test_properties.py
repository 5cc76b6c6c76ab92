"""Properties that hold for any input, tried with hypothesis: the URL, any text, any edit.

Each test says what a reader or an editor relies on, whatever they type: a link never
breaks the page, the linker never raises and its offsets are true, and a broken explainer
file is reported by its path and field, never by a traceback.
"""

from __future__ import annotations

import shutil
import string
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explainers.data.shapes import country_table
from explainers.explainer import DEFAULT_EXPLAINER, ExplainerError, available_explainers
from explainers.explainer import load_explainer as load
from explainers.map.layers import FIRST_YEAR, LAST_YEAR, LAYER_IDS
from explainers.paths import EXPLAINERS_DIR
from explainers.text.linking import link_text, passage_countries
from explainers.ui.state import url_choices
from explainers.view import PARAMETERS, STEP_ID, View, view_from_query

NAMES = [p.name for p in PARAMETERS] + ["utm_source", "embed", ""]
# Text a reader might type, and what an attacker would: digits of other scripts, URLs,
# Streamlit's directives, direction overrides, lone surrogates are not str-able in a URL.
TRICKY = [
    "²",
    "①",
    "٢٠١٧",
    "2017",
    " 2017 ",
    "KAZ",
    "kaz",
    "none",
    "projects,partners",
    ",,,,",
    "http://evil.example/login",
    ":material/home:",
    ":streamlit:",
    "[x](javascript:alert(1))",
    "\u202eevil",
    "9" * 5000,
]
VALUES = st.one_of(st.text(max_size=300), st.sampled_from(TRICKY))
QUERY = st.dictionaries(
    st.one_of(st.sampled_from(NAMES), st.text(max_size=10)),
    st.one_of(VALUES, st.lists(VALUES, max_size=3)),
    max_size=8,
)


@settings(max_examples=300, deadline=1000)
@given(QUERY)
def test_any_query_string_gives_a_valid_view_and_short_safe_notices(query):
    """Against what the app offers, read from its data as the page reads it."""
    view, notices = view_from_query(query, url_choices())
    assert isinstance(view, View)
    assert view.explainer in available_explainers() or view.explainer == DEFAULT_EXPLAINER
    assert view.step is None or STEP_ID.fullmatch(view.step)
    assert view.country is None or view.country in country_table().index
    assert set(view.layers) <= set(LAYER_IDS)
    assert view.year is None or FIRST_YEAR <= view.year <= LAST_YEAR
    for notice in notices:
        assert isinstance(notice, str) and len(notice) < 600
        # What a link typed stays text: no live URL, no icon shortcode survives the escape.
        assert "://" not in notice and ":material/" not in notice and ":streamlit:" not in notice


NAMED = [
    "Xi",
    "Putin",
    "Beijing",
    "Kazakhstan",
    "Sino-Russian",
    "Turkey",
    "Georgia",
    "Chad",
    "Lamu, Kenya",
    "U.S.-backed",
    "Papua New Guinea",
    "Central Asia",
    "China’s",
    "Erdoğan",
]
TEXT = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(st.sampled_from(NAMED), st.text(max_size=12)), max_size=40).map(" ".join),
    st.lists(
        st.one_of(st.sampled_from(NAMED), st.sampled_from(list(string.punctuation + " \n-"))),
        max_size=60,
    ).map("".join),
)


@pytest.fixture(scope="module", autouse=True)
def warm_linker():
    """Build the linker's tables (a second or more) before the timed examples start."""
    link_text("Xi met Putin.")


@settings(max_examples=250, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_any_text_gives_mentions_whose_offsets_slice_back_to_their_text(text):
    mentions = link_text(text)
    previous_end = 0
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
        assert mention.start >= previous_end, "mentions overlap or are out of order"
        assert mention.text.strip(), "a mention of nothing"
        previous_end = mention.end
    assert all(len(code) == 3 for code in passage_countries(mentions))


# ---- explainer files: any edit loads, or is reported by file and field ------------------

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True),
    st.text(max_size=40),
    st.sampled_from(["KAZ", "xyz", "2017-05-14", "https://example.com/a)![i](http://e.x/u.png)"]),
)
VALUE = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=6,
)


def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*path, index))


@pytest.fixture(scope="module")
def original():
    folder = EXPLAINERS_DIR / DEFAULT_EXPLAINER
    return (
        yaml.safe_load((folder / "explainer.yaml").read_text(encoding="utf-8")),
        (folder / "story.md").read_text(encoding="utf-8"),
    )


@pytest.fixture(scope="module")
def copy_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mutated") / DEFAULT_EXPLAINER
    shutil.copytree(EXPLAINERS_DIR / DEFAULT_EXPLAINER, folder)
    return folder


def _loads_or_names_file_and_field(folder: Path, file: str) -> None:
    try:
        load(DEFAULT_EXPLAINER, folder=folder)
    except ExplainerError as error:
        assert error.problems, "an ExplainerError with no problem listed"
        for problem in error.problems:
            assert problem.startswith(str(folder)) or problem.startswith("explainers/"), problem
            assert ".md" in problem or ".yaml" in problem, f"no file named in {problem!r}"
            # After 'path:' comes the field (or line) and what is wrong: never an empty tail.
            assert len(problem.split(": ", 1)) == 2 and problem.split(": ", 1)[1].strip()


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_edit_of_explainer_yaml_loads_or_names_file_and_field(data, original, copy_dir):
    meta, _ = original
    mutated = yaml.safe_load(yaml.safe_dump(meta))
    paths = list(_paths(mutated))
    path = data.draw(st.sampled_from(paths), label="path")
    operation = data.draw(st.sampled_from(["delete", "replace", "rename"]), label="operation")
    if not path:
        mutated = data.draw(VALUE, label="whole file")
    else:
        parent = mutated
        for part in path[:-1]:
            parent = parent[part]
        key = path[-1]
        if operation == "delete":
            del parent[key]
        elif operation == "rename" and isinstance(parent, dict):
            parent[data.draw(st.one_of(st.text(max_size=8), st.integers()), label="key")] = (
                parent.pop(key)
            )
        else:
            parent[key] = data.draw(VALUE, label="value")
    (copy_dir / "explainer.yaml").write_text(yaml.safe_dump(mutated), encoding="utf-8")
    _loads_or_names_file_and_field(copy_dir, "explainer.yaml")


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_edit_of_story_md_loads_or_names_file_and_field(data, original, copy_dir):
    meta, story = original
    (copy_dir / "explainer.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    at = data.draw(st.integers(0, len(story)), label="at")
    cut = data.draw(st.integers(0, 200), label="cut")
    insert = data.draw(
        st.one_of(st.text(max_size=80), st.sampled_from(["{#lead}\n", "{#", "{#X}\n", "\n\n"])),
        label="insert",
    )
    raw = (story[:at] + insert + story[at + cut :]).encode("utf-8", "surrogatepass")
    if data.draw(st.booleans(), label="bad bytes"):
        raw = raw[:at] + data.draw(st.binary(max_size=8), label="bytes") + raw[at:]
    (copy_dir / "story.md").write_bytes(raw)
    _loads_or_names_file_and_field(copy_dir, "story.md")
