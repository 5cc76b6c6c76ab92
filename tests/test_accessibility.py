"""axe-core in headless Chromium: every view a link can open passes WCAG 2 A and AA.

Each test opens one view of the real app and runs axe (axe-playwright-python, which
carries axe-core's script and injects it into the page: nothing is fetched) with the
WCAG 2.0, 2.1 and 2.2 A/AA rules, plus ``heading-order`` because the page's headings
come from two places (Streamlit's h1/h2, the viewer's h2/h3) that must fit together.
A failure lists each problem: rule, impact, the node's selector and axe's summary.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from explainers.explainer import load_explainer
from tests.support import LAPTOP
from tests.test_browser import contrast, off_host, open_viewer

pytestmark = pytest.mark.browser

AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"],
    },
    "rules": {"heading-order": {"enabled": True}},
    "resultTypes": ["violations", "incomplete"],
}
STEPS = [step.id for step in load_explainer("bri-forum-2017").steps]
ARTICLE = (
    "Pakistan and China opened a new berth at Gwadar port.\n\n"
    "Officials in Islamabad said Kazakhstan wants a rail link to the sea."
)

# The colours axe could not settle, as the page computes them: the text's colour and the
# first opaque background behind it (the page's white if none).
COLOURS = """selector => {
  const node = document.querySelector(selector);
  if (!node || node instanceof SVGElement) return null;
  const fg = getComputedStyle(node).color;
  for (let at = node; at; at = at.parentElement) {
    const bg = getComputedStyle(at).backgroundColor;
    if (!/^rgba\\(.*, 0\\)$/.test(bg) && bg !== 'transparent') return [fg, bg];
  }
  return [fg, 'rgb(255, 255, 255)'];
}"""


@pytest.fixture
def page(browser, app_url):
    """A fresh page that must make no request off the app's server and raise no script error."""
    context = browser.new_context(viewport=LAPTOP)
    page = context.new_page()
    host = urlsplit(app_url).netloc
    page.off_host, page.errors = [], []
    page.on("request", lambda r: off_host(r.url, host) and page.off_host.append(r.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    yield page
    assert page.off_host == [], f"requests left the app's server: {page.off_host}"
    assert page.errors == [], f"script errors in the page: {page.errors}"
    context.close()


def problems(page, view: str) -> list[str]:
    """Run axe on the whole page and describe what fails, one line per failing node.

    Streamlit scrolls its main area inside the window, and axe checks contrast only where
    it can see, so the window is first made as tall as the page.
    """
    height = page.evaluate("document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": LAPTOP["width"], "height": max(height, LAPTOP["height"])})
    page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    results = Axe().run(page, options=AXE_OPTIONS).response
    found = [
        f"{view}: {rule['id']} ({rule['impact']}) at {' '.join(node['target'])}: "
        + " ".join(node["failureSummary"].split())
        for rule in results["violations"]
        for node in rule["nodes"]
    ]
    # axe leaves contrast undecided where another element's box covers the text: plotly's
    # geo layers reach far below the map (an SVG clip-path hides them, which axe does not
    # follow), over the words and controls. Measure those here instead; plotly's own SVG
    # labels are skipped (their fills are set in explainers/map/figures.py).
    for rule in results["incomplete"]:
        if rule["id"] != "color-contrast":
            continue
        for node in rule["nodes"]:
            colours = page.evaluate(COLOURS, node["target"][-1])
            if colours and contrast(*colours) < 4.5:
                found.append(
                    f"{view}: color-contrast (serious) at {' '.join(node['target'])}: "
                    f"{contrast(*colours):.2f}:1 ({colours[0]} on {colours[1]}), "
                    "under 4.5:1 (axe could not decide; measured from computed styles)"
                )
    return found


def fail_on(found: list[str]) -> None:
    if found:
        lines = "\n".join(f"- {problem}" for problem in found)
        pytest.fail(f"{len(found)} accessibility problem(s):\n{lines}", pytrace=False)


@pytest.mark.parametrize(
    "query",
    ["", "?country=KAZ", *(f"?step={step}" for step in STEPS)],
    ids=["opening", "country=KAZ", *(f"step={step}" for step in STEPS)],
)
def test_every_view_of_the_explainer_passes_axe(page, app_url, query):
    open_viewer(page, f"{app_url}/{query}")
    fail_on(problems(page, query or "opening"))


def test_the_article_page_passes_axe_before_and_after_mapping(page, app_url):
    page.goto(f"{app_url}/your-article")
    page.get_by_label("Article text").wait_for()
    found = problems(page, "before mapping")

    page.get_by_label("Article text").fill(ARTICLE)
    page.get_by_role("button", name="Map this article").click()
    page.wait_for_selector(".bri-viewer[data-ready=true]", state="attached", timeout=60_000)
    found += problems(page, "after mapping")

    # With a country picked, the card's heading must follow the article's title in order.
    page.locator("button.bri-mention", has_text="Gwadar").first.click()
    page.locator(".bri-card-title").wait_for()
    found += problems(page, "a country picked")
    fail_on(found)
