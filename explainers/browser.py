"""Debian's headless Chromium, started one way for the export's previews, the tests and the
benchmarks.

The package needs a browser for one thing, the export's preview images; the tests and
``bench/`` drive the same browser to see pages as a reader does. Keeping the executable
and its flags here means the package never imports its tests, and every caller starts
Chromium the way this machine allows (Playwright's own browser download needs the
network; ``--no-sandbox`` because CI runs as root).

Example
-------
>>> from playwright.sync_api import sync_playwright  # doctest: +SKIP
>>> with sync_playwright() as playwright:  # doctest: +SKIP
...     browser = launch_chromium(playwright)
...     browser.new_page().goto("file:///tmp/site/index.html")
"""

from __future__ import annotations

import os

from explainers import settings

CHROMIUM = os.environ.get(settings.CHROMIUM_PATH.name, "/usr/bin/chromium")
"""The browser's executable: Debian's ``chromium`` unless ``CHROMIUM_PATH`` names another."""
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
"""No sandbox (root in CI), no GPU, and none of the browser's own calls home."""


def launch_chromium(playwright):
    """Start headless Chromium through Playwright; the caller closes it."""
    if not os.path.exists(CHROMIUM):
        raise FileNotFoundError(
            f"{CHROMIUM}: no Chromium there; install Debian's chromium (make setup-test) "
            "or set CHROMIUM_PATH to a Chromium executable"
        )
    return playwright.chromium.launch(executable_path=CHROMIUM, args=list(CHROMIUM_ARGS))
