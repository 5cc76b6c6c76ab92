"""The new site built beside the old one and swapped in whole: the folder it replaces (only an
earlier export or an empty one), the lock a running export holds, and what killed exports
left behind."""

from __future__ import annotations

import contextlib
import fcntl
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from explainers.export.model import ExportError

MARKER = ".bri-export"
"""A file every export holds: only a folder with it (or an empty one) is ever replaced."""
LOCK = ".bri-export.lock"
"""Held (``flock``) in a new site's folder for as long as its export runs."""


@contextlib.contextmanager
def replacing(out: Path) -> Iterator[Path]:
    """Yield a new folder next to ``out``; on success swap it in, on failure delete it.

    ``out`` is replaced only if it is missing, empty or an earlier export (it holds
    ``.bri-export``), so a mistyped ``--out`` never deletes someone's folder. An export
    killed outright (no chance to clean up) leaves its ``.<name>.new-…`` folder behind:
    the next export next to it removes such folders, unless another export still holds
    the folder's lock.
    """
    out = out.resolve()
    if out.exists() and not (out.is_dir() and (not any(out.iterdir()) or (out / MARKER).exists())):
        raise ExportError(
            f"{out}: exists and is not an earlier export (no {MARKER} file in it); "
            "choose a new or empty folder for --out"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(out)
    new = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        with _locked(new):
            yield new
        (new / MARKER).write_text("Written by python -m explainers export.\n", encoding="utf-8")
        (new / LOCK).unlink(missing_ok=True)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
    new.chmod(0o755)  # mkdtemp makes it private; a site is for serving
    old = None
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
        old.rmdir()
        out.rename(old)
    try:
        new.rename(out)
    except BaseException:
        if old is not None:
            old.rename(out)
        shutil.rmtree(new, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    with (folder / LOCK).open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def remove_stale(out: Path) -> list[Path]:
    """Clear what killed exports of ``out`` left beside it; return the folders removed.

    A ``.<name>.new-…`` folder whose lock no running export holds is a killed export's
    unfinished site: removed. An ``.<name>.old-…`` folder is the previous site, left by a
    kill during the swap: put back as ``out`` if ``out`` is gone, else removed.
    """
    removed = []
    for folder in sorted(out.parent.glob(f".{out.name}.new-*")):
        lock = folder / LOCK
        if not lock.exists() and time.time() - folder.stat().st_mtime < 60:
            continue  # just made by an export that has not taken its lock yet
        if lock.exists():
            with lock.open("r") as handle:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # another export is writing it
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    for folder in sorted(out.parent.glob(f".{out.name}.old-*")):
        if not out.exists() and (folder / MARKER).exists():
            folder.rename(out)
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed
