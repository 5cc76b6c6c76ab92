"""Shared fixtures: the real app server and a headless Chromium, started once per session."""

from __future__ import annotations

import pytest

from tests.support import launch_chromium, running_app


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
