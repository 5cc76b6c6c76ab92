"""The preview pictures: each page opened from disk in Chromium, drawn, and taken at
1200×630 for its ``og:image``."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from explainers.export.model import PREVIEW_SIZE, Page

PREVIEW_TIMEOUT_MS = 60_000
"""How long one page may take to draw its map before its preview is given up."""


@dataclass(frozen=True)
class MissedPreview:
    """A page whose preview could not be taken: it is published without ``og:image``."""

    page: Page
    reason: str

    def __str__(self) -> str:
        return f"no preview for {self.page.path} ({self.reason}); it is published without one"


def render_previews(
    site: Path, pages: list[Page], tick: Callable[[], None], browser=None
) -> list[MissedPreview]:
    """Screenshot each page (opened from disk) at 1200×630 into ``<id>/previews/``.

    ``browser`` is a Playwright browser to use; without one, Debian's Chromium is started
    (and stopped) here. A page that does not draw in time, or a browser that cannot be
    started, costs only its previews: each page missed is returned, named with why.
    """
    if browser is None:
        try:  # the app's own packages (make run) leave it out: make setup-test installs it
            from playwright.sync_api import Error as PlaywrightError
            from playwright.sync_api import sync_playwright
        except ImportError:
            reason = (
                "Playwright is not installed; `make setup-test` installs it and Chromium, "
                "or pass --no-previews"
            )
            return [MissedPreview(page, reason) for page in pages]

        from explainers.browser import launch_chromium

        with contextlib.ExitStack() as stack:
            try:  # Playwright's sync API refuses to start inside a running asyncio loop
                playwright = stack.enter_context(sync_playwright())
                chromium = launch_chromium(playwright)
            except (OSError, PlaywrightError) as error:
                reason = f"Chromium could not start: {_first_line(error)}"
                return [MissedPreview(page, reason) for page in pages]
            try:
                return render_previews(site, pages, tick, chromium)
            finally:
                chromium.close()
    from playwright.sync_api import Error as PlaywrightError

    missed = []
    context = browser.new_context(viewport=PREVIEW_SIZE)
    try:
        for page in pages:
            try:
                _screenshot(context, site, page)
            except PlaywrightError as error:
                missed.append(MissedPreview(page, _first_line(error)))
            tick()
    finally:
        context.close()
    return missed


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _screenshot(context, site: Path, page: Page) -> None:
    """Wait for the viewer's own signal that its map is drawn, then take the picture.

    The viewer sets ``data-ready`` once plotly.js has drawn its first frame, whatever
    that frame holds (a page framed on Indonesia draws only a few countries' shapes).
    """
    tab = context.new_page()
    try:
        tab.goto((site / page.path).as_uri())
        tab.wait_for_selector(
            ".bri-viewer[data-ready=true]", state="attached", timeout=PREVIEW_TIMEOUT_MS
        )
        tab.evaluate("document.documentElement.classList.add('bri-preview'); window.scrollTo(0, 0)")
        out = site / page.explainer / "previews" / f"{page.stem}.png"
        out.parent.mkdir(exist_ok=True)
        tab.screenshot(path=str(out))
    finally:
        tab.close()
