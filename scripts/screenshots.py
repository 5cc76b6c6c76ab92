"""Screenshot the app at a laptop and a phone width, and list any off-host request.

Run: ``python scripts/screenshots.py [QUERY] [OUTDIR] [PREFIX]``, e.g. ``python
scripts/screenshots.py "?country=KAZ" docs pick``. Writes laptop.png, tablet.png (768 px) and
phone.png (``pick-laptop.png``… with a prefix), so a person can look at the page as a reader
sees it. ``docs/`` holds ``opening`` (no query), ``step`` (``?step=indonesia``) and ``pick``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support import LAPTOP, PHONE, launch_chromium, running_app, wait_for_map


def _recorder(host: str, elsewhere: list[str]):
    def record(request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme not in ("blob", "data") and parts.netloc != host:
            elsewhere.append(request.url)

    return record


def main(query: str = "", outdir: str = "build/screenshots", prefix: str = "") -> int:
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    with running_app() as base, sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        host = urlsplit(base).netloc
        tablet = {"width": 768, "height": 1024}
        for name, size in (("laptop", LAPTOP), ("tablet", tablet), ("phone", PHONE)):
            page = browser.new_page(viewport=size)
            elsewhere: list[str] = []
            page.on("request", _recorder(host, elsewhere))
            page.goto(f"{base}/{query}")
            # A cold server links the story first: allow it two minutes on a busy machine.
            page.wait_for_selector(
                ".bri-viewer[data-ready=true]", state="attached", timeout=120_000
            )
            wait_for_map(page, 60_000)
            page.wait_for_timeout(1500)
            shot = out / (f"{prefix}-{name}.png" if prefix else f"{name}.png")
            page.screenshot(path=shot)
            print(f"{name}: {shot}; off-host requests: {elsewhere or 'none'}")
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:]))
