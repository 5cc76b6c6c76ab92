"""Recall and precision of the place linker on the hand-labelled evaluation set, beside
two peers on the same keys: pooled, per text and by kind. A script that prints figures.

Run: ``python bench/places_eval.py [--show]`` (``--show`` lists each miss and wrong link).

Peers, installed for the benchmark only (``pip install -r requirements-bench.txt``):

- ``geotext`` (0.4): its own candidate pattern and tables, re-run here with offsets;
- spaCy's small English NER (``en_core_web_sm``) with a country lookup of each GPE/LOC/NORP
  entity through our gazetteer's country and place names. The model is not on PyPI under
  its own name, so it runs only where it is installed; otherwise the row says so.

Targets (issue 19): pooled recall >= 0.95, no text below 0.85; precision >= 0.99, no text
below 0.97.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_set import Article, Score, load, score

Prediction = tuple[int, int, tuple[str, ...]]
KINDS = (
    "country",
    "demonym",
    "capital",
    "city",
    "town",
    "subdivision",
    "island",
    "old-name",
    "short-form",
)


def ours() -> Callable[[str], list[Prediction]]:
    """The project's linker as the CLI runs it on the file's text."""
    from explainers.text.places import find_mentions

    def link(text: str) -> list[Prediction]:
        return [
            (m.start, m.end, m.iso3) for m in find_mentions(text) if m.kind in ("country", "place")
        ]

    return link


def geotext_peer() -> Callable[[str], list[Prediction]] | None:
    try:
        from geotext import GeoText
    except ImportError:
        return None
    import pycountry

    index = GeoText.index
    pattern = re.compile(r"[A-ZÀ-Ú]+[a-zà-ú]+[ \-]?(?:d[a-u].)?(?:[A-ZÀ-Ú]+[a-zà-ú]+)*")

    def iso3(code: str) -> tuple[str, ...]:
        country = pycountry.countries.get(alpha_2=code)
        return (country.alpha_3,) if country else ()

    def link(text: str) -> list[Prediction]:
        found = []
        for m in pattern.finditer(text):
            word = m.group().strip().lower()
            table = (
                index.countries
                if word in index.countries
                else index.cities
                if word in index.cities
                else index.nationalities
                if word in index.nationalities
                else None
            )
            if table is not None:
                found.append((m.start(), m.start() + len(m.group().strip()), iso3(table[word])))
        return found

    return link


def spacy_peer() -> Callable[[str], list[Prediction]] | None:
    try:
        import en_core_web_sm
    except ImportError:
        return None
    from explainers.text.gazetteer import load_gazetteer
    from explainers.text.gazetteer_forms import fold

    nlp = en_core_web_sm.load()
    entries = load_gazetteer().entries

    def link(text: str) -> list[Prediction]:
        found = []
        for ent in nlp(text).ents:
            if ent.label_ not in ("GPE", "LOC", "NORP"):
                continue
            name = fold(ent.text.removeprefix("the ").strip())
            entry = entries.get(name) or entries.get(name.removesuffix("'s"))
            if entry is not None and entry.kind in ("country", "place"):
                found.append((ent.start_char, ent.end_char, entry.iso3))
        return found

    return link


def run(articles: list[Article], link: Callable[[str], list[Prediction]]) -> dict:
    per_text: dict[str, dict] = {}
    pooled: dict[str, Score] = defaultdict(Score)
    started = time.perf_counter()
    for article in articles:
        scores = score(article, link(article.text))
        per_text[article.name] = scores
        for key, value in scores.items():
            pooled[key].add(value)
    return {"texts": per_text, "pooled": pooled, "seconds": time.perf_counter() - started}


def _cell(s: Score) -> str:
    return f"{s.recall:5.3f} {s.precision:5.3f}"


def report(results: dict[str, dict | None], show: bool) -> None:
    names = list(results)
    head = "".join(f"{n:>14}" for n in names)
    print(f"{'(recall precision)':34}{head}")
    live = {n: r for n, r in results.items() if r is not None}

    def row(label: str, pick: Callable[[dict], Score | None]) -> None:
        cells = []
        for n in names:
            r = results[n]
            s = pick(r) if r is not None else None
            cells.append(f"{_cell(s):>14}" if s is not None else f"{'-':>14}")
        print(f"{label:34}{''.join(cells)}")

    first = next(iter(live.values()))
    row("pooled", lambda r: r["pooled"]["all"])
    print("per text")
    for text in first["texts"]:
        row(f"  {text}", lambda r, t=text: r["texts"][t]["all"])
    print("by kind (recall; labelled count)")
    for kind in KINDS:
        labelled = first["pooled"][kind].labelled
        cells = "".join(
            f"{r['pooled'][kind].recall:>14.3f}" if r else f"{'-':>14}" for r in results.values()
        )
        print(f"{'  ' + kind + ' (' + str(labelled) + ')':34}{cells}")
    traps = sorted({k for r in live.values() for k in r["pooled"] if k.startswith("trap:")})
    for trap in traps:
        counts = "".join(
            f"{(r['pooled'][trap].predicted if r else '-'):>14}" for r in results.values()
        )
        print(f"  false links on {trap[5:]:18}{counts}")
    totals = "".join(
        f"{r['pooled']['all'].found:>7}/{r['pooled']['all'].labelled:<6}" if r else f"{'-':>14}"
        for r in results.values()
    )
    print(f"{'found/labelled':34}{totals}")
    for n in names:
        if results[n] is None:
            print(f"{n}: not installed (see requirements-bench.txt)")
    if show:
        for n, r in live.items():
            print(f"\n== {n}: misses and wrong links")
            for text, scores in r["texts"].items():
                s = scores["all"]
                if s.misses or s.wrong:
                    print(f"  {text}")
                    for miss in s.misses:
                        print(f"    miss  {miss}")
                    for wrong in s.wrong:
                        print(f"    wrong {wrong}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="list every miss and wrong link")
    parser.add_argument("--only", default="", help="comma-separated linkers to run")
    options = parser.parse_args()
    articles = load()
    words = sum(a.words for a in articles)
    labelled = sum(len(a.gold) for a in articles)
    print(f"{len(articles)} texts, {words:,} words, {labelled} labelled mentions\n")
    linkers = {"ours": ours, "geotext": geotext_peer, "spacy-sm": spacy_peer}
    chosen = [n for n in options.only.split(",") if n] or list(linkers)
    results = {}
    for name in chosen:
        link = linkers[name]()
        results[name] = run(articles, link) if link is not None else None
    report(results, options.show)


if __name__ == "__main__":
    main()
