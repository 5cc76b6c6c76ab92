"""Benchmark the place linker: milliseconds per 1,000-word article, cold and warm, and
words per second on a long text. A script that prints figures, not a test.

Run: ``python bench/places.py`` (from any folder). The target from issue 4 is a
1,000-word article linked in under 20 ms once warm.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from explainers.paths import ROOT

ARTICLES_DIR = ROOT / "tests" / "articles"
ARTICLE_WORDS = 1_000
LONG_WORDS = 100_000
WARM_RUNS = 50


def corpus_words() -> list[str]:
    """The labelled articles' words, in order: realistic density of names."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES_DIR.glob("*.txt"))]
    return " ".join(texts).split(" ")


def text_of(words: list[str], n: int) -> str:
    repeated = words * (n // len(words) + 1)
    return " ".join(repeated[:n])


def main() -> None:
    words = corpus_words()
    article = text_of(words, ARTICLE_WORDS)
    long_text = text_of(words, LONG_WORDS)

    started = time.perf_counter()
    from explainers.text.places import find_mentions

    found = find_mentions(article)
    cold_ms = (time.perf_counter() - started) * 1000

    timings = []
    for _ in range(WARM_RUNS):
        started = time.perf_counter()
        find_mentions(article)
        timings.append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    long_found = find_mentions(long_text)
    long_seconds = time.perf_counter() - started

    print(f"1,000-word article: {len(found)} mentions")
    print(f"cold (import, build tables and pipeline, link): {cold_ms:8.1f} ms")
    print(
        f"warm, median of {WARM_RUNS}:                        {statistics.median(timings):8.2f} ms"
    )
    print(f"warm, slowest of {WARM_RUNS}:                       {max(timings):8.2f} ms")
    print(
        f"long text: {LONG_WORDS:,} words, {len(long_found):,} mentions in {long_seconds:.2f} s"
        f" = {LONG_WORDS / long_seconds:,.0f} words/s"
    )


if __name__ == "__main__":
    main()
