"""Shared fixtures: the real app server and a headless Chromium, started once per session."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from tests.support import launch_chromium, running_app

# The property tests (tests/test_properties.py) try the same examples on every run, so CI
# is repeatable; `HYPOTHESIS_PROFILE=explore pytest tests/test_properties.py` draws new
# ones to hunt for bugs (each one found becomes a plain test, as in test_explainer.py).
settings.register_profile("repeatable", derandomize=True, database=None)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@pytest.fixture(scope="session")
def app_url():
    with running_app() as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()
