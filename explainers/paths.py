"""Where the project's files live, resolved once from this file.

Nothing else in the project builds a path from the working directory: the app, the
build scripts, the tests and the command line all ask this module, so
``streamlit run /anywhere/app.py`` and ``pytest`` from any folder read the same files.

Example
-------
>>> from explainers import paths
>>> paths.SOURCES_DIR.name
'sources'
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
ROOT = PACKAGE_DIR.parent
DATA_DIR = ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
SOURCES_DIR = DATA_DIR / "sources"
PROCESSED_DIR = DATA_DIR / "processed"
STATIC_DIR = ROOT / "static"
EXPLAINERS_DIR = PACKAGE_DIR
