"""The page set: invented stories laid out as news pages, and what a newsroom takes from each.

``expected.yaml`` says, for every page in this folder, the headline, how each passage
starts, the byline and dateline, and the countries the story names. The tests in
``tests/test_article_text.py`` and ``tests/test_user_article.py`` check each page;
``python -m tests.pages.pageset`` prints how many pages come out right, measure by measure
(the figures before and after the page set was written are in ``README.md`` here).

Example
-------
>>> pages = load_pages()
>>> len(pages) >= 15 and all(page.path.exists() for page in pages)
True
"""

from __future__ import annotations

import functools
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from explainers.explainer.from_article import article_explainer
from explainers.text.article import read_article

PAGES_DIR = Path(__file__).resolve().parent
EXPECTED_FILE = PAGES_DIR / "expected.yaml"
MEASURES = ("title", "passages", "metadata", "links")


@dataclass(frozen=True)
class Page:
    """One page of the set and what should come out of it."""

    name: str
    title: str
    passages: tuple[str, ...]
    byline: str
    dateline: str
    countries: frozenset[str]
    linked: tuple[str, ...] = ()
    not_linked: tuple[str, ...] = ()
    date: str = ""

    @property
    def path(self) -> Path:
        return PAGES_DIR / self.name


@dataclass(frozen=True)
class Outcome:
    """What the app made of a page, in the shape the expectations take."""

    title: str
    passages: tuple[str, ...]
    byline: str
    dateline: str
    date: str
    countries: frozenset[str]
    mentions: frozenset[str] = field(default_factory=frozenset)


@functools.cache
def load_pages() -> tuple[Page, ...]:
    """Every page named in ``expected.yaml``, in file-name order."""
    raw = yaml.safe_load(EXPECTED_FILE.read_text(encoding="utf-8"))
    pages = []
    for name, spec in sorted(raw.items()):
        pages.append(
            Page(
                name=name,
                title=spec["title"],
                passages=tuple(spec["passages"]),
                byline=spec["byline"],
                dateline=spec["dateline"],
                countries=frozenset(spec["countries"]),
                linked=tuple(spec.get("linked", ())),
                not_linked=tuple(spec.get("not_linked", ())),
                date=str(spec.get("date", "")),
            )
        )
    return tuple(pages)


@functools.cache
def observe(page: Page) -> Outcome:
    """Run the page through the app's reading of an uploaded article (once per page)."""
    raw = page.path.read_bytes()
    article = read_article(raw, page.name)
    story = article_explainer(raw, page.name)
    return Outcome(
        title=story.title,
        passages=tuple(passage.text for passage in story.passages),
        byline=article.byline,
        dateline=article.dateline,
        date=article.date,
        countries=frozenset(country.iso3 for country in story.countries),
        mentions=frozenset(m.text for p in story.passages for m in p.mentions),
    )


def problems(page: Page, got: Outcome) -> dict[str, list[str]]:
    """What is wrong with the outcome, measure by measure (an empty list: right)."""
    found: dict[str, list[str]] = {measure: [] for measure in MEASURES}
    if got.title != page.title:
        found["title"].append(f"title {got.title!r}, expected {page.title!r}")
    if len(got.passages) != len(page.passages):
        found["passages"].append(
            f"{len(got.passages)} passages, expected {len(page.passages)}: "
            + " | ".join(text[:40] for text in got.passages)
        )
    for number, (text, start) in enumerate(zip(got.passages, page.passages, strict=False), 1):
        if not text.startswith(start):
            found["passages"].append(f"passage {number} starts {text[:40]!r}, expected {start!r}")
    for name in ("byline", "dateline", "date"):
        want, have = getattr(page, name), getattr(got, name)
        if (want or name != "date") and have != want:
            found["metadata"].append(f"{name} {have!r}, expected {want!r}")
    if got.countries != page.countries:
        missing = sorted(page.countries - got.countries)
        extra = sorted(got.countries - page.countries)
        found["links"].append(f"countries missing {missing}, extra {extra}")
    unlinked = [name for name in page.linked if name not in got.mentions]
    if unlinked:
        found["links"].append(f"not linked: {unlinked}")
    wrong = [name for name in page.not_linked if name in got.mentions]
    if wrong:
        found["links"].append(f"linked but should not be: {wrong}")
    return found


def main() -> int:
    """Print each page's problems, then the figures: pages fully right and per measure."""
    pages = load_pages()
    right = dict.fromkeys(MEASURES, 0)
    whole = 0
    for page in pages:
        found = problems(page, observe(page))
        for measure, issues in found.items():
            right[measure] += not issues
            for issue in issues:
                print(f"{page.name}: {measure}: {issue}")
        whole += not any(found.values())
    print()
    print(f"pages fully right: {whole}/{len(pages)}")
    for measure in MEASURES:
        print(f"{measure + ' right:':17} {right[measure]}/{len(pages)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
