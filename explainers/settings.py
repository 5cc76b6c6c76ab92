"""Every setting the app reads from the environment, declared once.

Each module reads its own setting by the name given here, and the README's table of
settings is checked against this one (``tests/test_settings.py``), so a new setting is one
record here, one read where it acts and one row in the README.

Example
-------
>>> [setting.name for setting in SETTINGS][:2]
['BRI_DATA_DIR', 'BRI_CACHE_DIR']
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    """An environment variable: its name, what it does left unset, and what it changes."""

    name: str
    default: str
    meaning: str


DATA_DIR = Setting(
    "BRI_DATA_DIR",
    "the project's `data/` and `static/`",
    "a folder whose `processed/` and `static/` the app reads instead",
)
CACHE_DIR = Setting(
    "BRI_CACHE_DIR",
    "`~/.cache/bri-explainer/`",
    "where the linked story, its payload and the gazetteer are kept between runs",
)
ARTICLE_WORKERS = Setting(
    "BRI_ARTICLE_WORKERS",
    "1 on 2 cores or fewer, else 2",
    "worker processes (1 to 8) that link readers' articles and check newsroom files",
)
ARTICLE_TIME_LIMIT = Setting(
    "BRI_ARTICLE_TIME_LIMIT",
    "20",
    "seconds one article, file or payload may take before it is stopped",
)
FRAME_ANCESTORS = Setting(
    "BRI_FRAME_ANCESTORS",
    "any page may embed the app",
    "the pages that may embed the app (CSP `frame-ancestors`), such as `'self' https://...`",
)
WARM = Setting(
    "BRI_WARM",
    "1",
    "`0`: the page does not start the article worker at the first page view",
)
CHROMIUM_PATH = Setting(
    "CHROMIUM_PATH",
    "`/usr/bin/chromium`",
    "the Chromium the export's preview images (and the tests) start",
)
SETTINGS = (
    DATA_DIR,
    CACHE_DIR,
    ARTICLE_WORKERS,
    ARTICLE_TIME_LIMIT,
    FRAME_ANCESTORS,
    WARM,
    CHROMIUM_PATH,
)
