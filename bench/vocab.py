"""What linking readers' articles leaves in the server: spaCy's vocabulary, per article.

A script that prints figures, not a test. It links ``--articles`` (200) articles of about
600 words (the test articles, each with 60 names no other article uses, as each reader's
article brings its own) with :func:`explainers.text.places.find_mentions`, in one
process, and prints how much spaCy's string store, its lexemes and the Python heap
(tracemalloc) grew. A server keeps whatever grows here for as long as it runs.

Run: ``python bench/vocab.py`` (a minute).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from memory import article_text

from explainers.text.places import _pipeline, find_mentions


def new_words(index: int, count: int = 60) -> str:
    """``count`` made-up names, different for each ``index``."""
    rng = random.Random(f"words {index}")
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = ("".join(rng.choice(letters) for _ in range(rng.randint(5, 10))) for _ in range(count))
    return "Also quoted: " + ", ".join(word.capitalize() for word in words) + "."


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=200)
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    for index in range(10):  # the test articles' own words, once
        find_mentions(article_text(index))
    nlp, _ = _pipeline()
    strings, lexemes = len(nlp.vocab.strings), len(nlp.vocab)
    tracemalloc.start()
    heap = tracemalloc.get_traced_memory()[0]
    started = time.perf_counter()
    for index in range(args.articles):
        find_mentions(f"{article_text(index)}\n\n{new_words(index)}")
    seconds = time.perf_counter() - started
    grown = (tracemalloc.get_traced_memory()[0] - heap) / 1e6
    print(f"{args.articles} articles of about 660 words, 60 of them new names each:")
    print(f"  spaCy strings  {strings:,} -> {len(nlp.vocab.strings):,}")
    print(f"  spaCy lexemes  {lexemes:,} -> {len(nlp.vocab):,} (len(vocab))")
    print(
        f"  Python heap    +{grown:.2f} MB ({grown * 1000 / args.articles:.0f} kB per "
        f"article), {seconds * 1000 / args.articles:.0f} ms per article traced"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
