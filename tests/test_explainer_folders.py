"""Hostile explainer folders: each bad file is named, with the fix, quickly, by the loader,
by ``validate`` and by the page; nothing outside the folder is ever read.
"""

from __future__ import annotations

import os
import shutil
import time

import pytest

from explainers import paths
from explainers.__main__ import main
from explainers.explainer import ExplainerError, checked_explainer, list_explainers
from explainers.explainer.files import MAX_STORY_BYTES

BUILT_IN = paths.EXPLAINERS_DIR / "bri-forum-2017"
LAUGHS = 'id: demo\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
)


def story_link(folder, target) -> None:
    (folder / "story.md").unlink()
    (folder / "story.md").symlink_to(target)


def meta_link(folder, target) -> None:
    (folder / "explainer.yaml").unlink()
    (folder / "explainer.yaml").symlink_to(target)


def fifo(folder) -> None:
    (folder / "story.md").unlink()
    os.mkfifo(folder / "story.md")


def huge(folder) -> None:
    with (folder / "story.md").open("a", encoding="utf-8") as story:
        story.write("{#padding}\n" + "Kazakhstan. " * (MAX_STORY_BYTES // 12 + 1) + "\n")


def laughs(folder) -> None:
    (folder / "explainer.yaml").write_text(LAUGHS, encoding="utf-8")


HOSTILE = {
    "passwd": (
        lambda f: meta_link(f, "/etc/passwd"),
        "explainer.yaml: is a link to a file outside",
    ),
    "zero": (lambda f: story_link(f, "/dev/zero"), "story.md: is a link to a file outside"),
    "fifo": (fifo, "story.md: is not a regular file (a pipe, a device or a folder)"),
    "huge": (huge, f"story.md: is over {MAX_STORY_BYTES:,} bytes"),
    "laughs": (laughs, "more than 50 aliases (*name); an explainer needs none"),
}


@pytest.fixture
def folder(tmp_path, monkeypatch):
    copy = tmp_path / "demo"
    shutil.copytree(BUILT_IN, copy)
    meta = copy / "explainer.yaml"
    meta.write_text(meta.read_text().replace("id: bri-forum-2017", "id: demo"), encoding="utf-8")
    monkeypatch.setattr(paths, "EXPLAINERS_DIR", tmp_path)
    return copy


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_a_hostile_file_is_named_with_its_fix_in_well_under_a_second(folder, kind):
    spoil, words = HOSTILE[kind]
    spoil(folder)
    started = time.perf_counter()
    with pytest.raises(ExplainerError) as refused:
        checked_explainer("demo", folder)
    assert time.perf_counter() - started < 2
    problems = "\n".join(refused.value.problems)
    assert words in problems
    assert "root:" not in problems  # nothing of /etc/passwd reaches the message


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_validate_names_the_hostile_file_and_exits_1(folder, kind, capsys):
    spoil, words = HOSTILE[kind]
    spoil(folder)
    assert main(["validate"]) == 1
    out = capsys.readouterr().out
    assert "demo: " in out and words in out and "root:" not in out


def test_the_explainer_list_skips_a_hostile_folder_s_metadata(folder):
    meta_link(folder, "/etc/passwd")
    assert [(item.id, item.title) for item in list_explainers()] == [("demo", "demo")]


def test_a_link_to_a_file_in_the_same_folder_is_read(folder):
    (folder / "story.md").rename(folder / "story-v2.md")
    (folder / "story.md").symlink_to(folder / "story-v2.md")
    assert checked_explainer("demo", folder)[0].passages
