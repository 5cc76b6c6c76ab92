"""Where the project's files live, resolved once from this file.

Nothing else in the project builds a path from the working directory: the app, the
build scripts, the tests and the command line all ask this module, so
``streamlit run /anywhere/app.py`` and ``pytest`` from any folder read the same files.

One override, for operators and for the fault tests: set ``BRI_DATA_DIR`` to a folder
holding ``processed/`` and ``static/`` and the app reads its processed data and country
shapes from there instead of ``data/processed/`` and ``static/`` (the tests break copies
of them there, never the committed files). Streamlit itself still serves the browser the
``static/`` folder beside the script it runs, so a server started on a copy runs a copy
of ``app.py`` too (see ``tests/test_faults.py``).

Example
-------
>>> from explainers import paths
>>> paths.SOURCES_DIR.name
'sources'
>>> shown(ROOT / "data" / "processed" / "projects.csv")
'data/processed/projects.csv'
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from explainers import settings

DATA_DIR_ENV = settings.DATA_DIR.name
"""The environment variable that points the app at another copy of its data (see above)."""

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT = PACKAGE_DIR.parent
DATA_DIR = ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
SOURCES_DIR = DATA_DIR / "sources"
_OVERRIDE = os.environ.get(DATA_DIR_ENV, "").strip()
PROCESSED_DIR = Path(_OVERRIDE, "processed") if _OVERRIDE else DATA_DIR / "processed"
STATIC_DIR = Path(_OVERRIDE, "static") if _OVERRIDE else ROOT / "static"
EXPLAINERS_DIR = PACKAGE_DIR / "stories"


def stamp(files) -> tuple:
    """Each file's name, size and time of change (None for a missing one).

    A cache key that changes when a file is edited, rebuilt, restored or removed, so what
    is cached from it is read again on the next page load, without a restart.

    >>> stamp([ROOT / "no-such-file"])
    (('no-such-file', None, None),)
    """
    stamped = []
    for path in files:
        try:
            info = Path(path).stat()
            stamped.append((Path(path).name, info.st_size, info.st_mtime_ns))
        except OSError:
            stamped.append((Path(path).name, None, None))
    return tuple(stamped)


def shown(path: Path) -> str:
    """``path`` as a reader of a message knows it: from the project's root if inside it.

    >>> shown(Path("/elsewhere/x.csv"))
    '/elsewhere/x.csv'
    """
    try:
        return Path(path).resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


@contextlib.contextmanager
def replaced_together() -> Iterator[Callable[[Path], Path]]:
    """Write several files so that a failure half way leaves every old one as it was.

    Inside the block, ``staged(path)`` names a temporary file beside ``path`` (same folder,
    so the rename cannot cross file systems); write to that. When the block ends cleanly
    each one is renamed over its target with :func:`os.replace`, which is atomic, so a
    reader of any target sees the old file or the new one, never a part. If the block
    raises (or the process is killed) the targets are untouched and the stray temporary
    files are removed (or left with a ``.tmp-`` name no loader reads).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> with replaced_together() as staged:
    ...     _ = staged(folder / "a.csv").write_text("x\\n")
    >>> (folder / "a.csv").read_text()
    'x\\n'
    """
    pending: dict[Path, Path] = {}

    def staged(path: Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".tmp-{path.name}-", dir=path.parent)
        os.close(handle)
        pending[path] = Path(name)
        return Path(name)

    try:
        yield staged
    except BaseException:
        for temporary in pending.values():
            temporary.unlink(missing_ok=True)
        raise
    for path, temporary in pending.items():
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
