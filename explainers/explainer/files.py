"""Reading an explainer folder's files safely: regular files inside it, of bounded size,
and YAML without alias bombs.

An explainer folder is written by a journalist, or unzipped from someone else's, and the
server reads it for every reader. So a file is read only when it is a regular file that
lies in the folder (a symlink to ``/etc/passwd`` would print that file on the page, one to
``/dev/zero`` would read until memory ran out, a named pipe would block the reader's
thread for ever), and only up to a size cap (a 50 MB story took 7 minutes and 3.4 GB to
link). YAML aliases are limited: a "billion laughs" document of nested aliases is a few
hundred bytes that expand to gigabytes once anything walks it.

Example
-------
>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> (folder / "explainer.yaml").write_text("id: demo\\n", encoding="utf-8")
9
>>> read_folder_text(folder / "explainer.yaml", folder, 1000)
'id: demo\\n'
>>> (folder / "story.md").symlink_to("/etc/hostname")
>>> read_folder_text(folder / "story.md", folder, 1000)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
explainers.explainer.files.FolderFileError: is a link to a file outside the explainer's folder...
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import yaml

MAX_META_BYTES = 200_000
"""``explainer.yaml`` holds metadata and steps: the built-in one is 9 KB."""
MAX_STORY_BYTES = 1_000_000
"""``story.md``: 1 MB, as much as a reader's article may be (the built-in story is 8 KB)."""
MAX_ALIASES = 50
"""YAML aliases (``*name``) one document may use; an explainer needs none."""


class FolderFileError(ValueError):
    """The file cannot be read as part of an explainer; the message says why and the fix."""


def read_folder_text(path: Path, folder: Path, limit: int) -> str:
    """The UTF-8 text of ``path``, a regular file inside ``folder``, at most ``limit`` bytes.

    Raises :class:`FolderFileError` for a link out of the folder, anything but a regular
    file (a pipe, a device, a folder), or a file over ``limit``; and
    :class:`UnicodeDecodeError` for text that is not UTF-8.
    """
    path = _inside(path, folder)
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except OSError as error:
        if error.errno == errno.ELOOP:  # a link to a link
            raise FolderFileError("is a link; copy the file itself into the folder") from None
        raise
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise FolderFileError(
                "is not a regular file (a pipe, a device or a folder); put the text in a "
                "plain file of that name"
            )
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise FolderFileError(
            f"is over {limit:,} bytes; keep it under that (split a long story into a "
            "shorter retelling)"
        )
    return data.decode("utf-8")


def _inside(path: Path, folder: Path) -> Path:
    """``path``, or the file it links to if that lies in the same folder (a renamed copy)."""
    if not path.is_symlink():
        return path
    target = path.resolve()
    if target.parent != folder.resolve():
        raise FolderFileError(
            "is a link to a file outside the explainer's folder; copy the file itself "
            "into the folder"
        )
    return target


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader that stops after :data:`MAX_ALIASES` aliases."""

    aliases = 0

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_ALIASES:
                mark = self.peek_event().start_mark
                raise yaml.YAMLError(
                    f"line {mark.line + 1}: more than {MAX_ALIASES} aliases (*name); an "
                    "explainer needs none: write each value out"
                )
        return super().compose_node(parent, index)

    def construct_mapping(self, node, deep=False):
        """A field given twice is a mistake (YAML would keep the last one silently)."""
        seen: dict = {}
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=True)
            if isinstance(key, str | int) and key in seen:
                raise yaml.YAMLError(
                    f"line {key_node.start_mark.line + 1}: {key!r} is given twice (first on "
                    f"line {seen[key] + 1}); keep one of them"
                )
            if isinstance(key, str | int):
                seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


def load_yaml(text: str):
    """``yaml.safe_load`` with at most :data:`MAX_ALIASES` aliases.

    >>> load_yaml("a: &x [1, 2]\\nb: *x\\n")
    {'a': [1, 2], 'b': [1, 2]}
    """
    loader = _BoundedLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()
