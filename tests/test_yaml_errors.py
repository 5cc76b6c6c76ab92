"""A journalist's YAML mistakes, each named in plain words with its line and fix."""

from __future__ import annotations

import pytest

from explainers.explainer import ExplainerError, load_explainer
from explainers.paths import EXPLAINERS_DIR

# (what the journalist did, the explainer.yaml's first lines after it, the words they read)
MISTAKES = [
    ("a tab", "title:\tBelt and Road\n", ["line 2", "tab character", "spaces"]),
    ("no colon", "title Belt and Road\ndate: 2017-05-14\n", ["line 2", "no colon", "field: value"]),
    ("a colon in a value", "title: Xi: the forum\n", ["line 2", "colon where a value", "quotes"]),
    ("an open quote", 'title: "Belt and Road\ndate: 2017-05-14\n', ["line 2", "never closed"]),
    ("an open list", "layers: [projects, corridors\ndate: 2017-05-14\n", ["line 2", "']'"]),
    ("an open group", "original: {publisher: SCMP\n", ["line 2", "'}'"]),
    ("an @ first", "title: @home\n", ["line 2", "cannot start with @", "quotes"]),
    ("a field twice", "title: a\ntitle: b\n", ["line 3", "'title' is given twice", "line 2"]),
    ("a stray indent", "title: a\n  date: 2017-05-14\n", ["line 3", "indented like the fields"]),
]


@pytest.mark.parametrize(("mistake", "lines", "words"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_a_yaml_mistake_is_named_with_its_line_and_fix(tmp_path, mistake, lines, words):
    import shutil

    folder = tmp_path / "bri-forum-2017"
    shutil.copytree(EXPLAINERS_DIR / "bri-forum-2017", folder)
    meta = folder / "explainer.yaml"
    meta.write_text(f"id: bri-forum-2017\n{lines}groups: {{named: Named}}\n", encoding="utf-8")
    with pytest.raises(ExplainerError) as caught:
        load_explainer(folder.name, folder)
    [message] = caught.value.problems
    assert "explainer.yaml: line" in message
    for word in words:
        assert word in message, message
    assert "mapping values" not in message and "scalar" not in message  # no parser jargon
