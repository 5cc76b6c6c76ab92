"""The hand-labelled evaluation set under ``tests/eval_places/``: read it, score a linker.

Each ``*.ann`` file is an article written for the project with its place mentions marked
inline, labelled by hand before any linker was run on it (see that folder's README):

- ``[[Gwadar|PAK|town]]``: a place the linker must find (text, ISO-3 codes, kind);
- ``[[Central Asia|-|ignore]]``: neither required nor counted (regions, seas, bodies
  named after a place); a link there is not scored;
- ``{{Morgan Stanley|company}}``: a false-link trap; any country link on it is wrong.

Scoring is by (span, country): a labelled code counts as found when a predicted mention
overlapping its span carries that code; a predicted code counts as right when it overlaps
a labelled span with that code. Predictions of more than two countries (regions) and of
people and organisations are not scored, so the peers and the linker meet on the same keys.

Example
-------
>>> art = parse("x", "In [[Lamu|KEN|town]] and {{Morgan Stanley|company}}.")
>>> art.text, art.gold[0].start, art.traps[0].kind
('In Lamu and Morgan Stanley.', 3, 'company')
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

EVAL_DIR = Path(__file__).resolve().parent.parent / "tests" / "eval_places"
_MARK = re.compile(r"\[\[(.+?)\|([A-Z -]+)\|([a-z-]+)\]\]|\{\{(.+?)\|([a-z-]+)\}\}", re.S)
MAX_CODES = 2
"""A prediction naming more countries than this is a region: not scored."""


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str
    iso3: tuple[str, ...]
    kind: str


@dataclass(frozen=True)
class Article:
    name: str
    text: str
    gold: tuple[Span, ...]
    ignored: tuple[Span, ...]
    traps: tuple[Span, ...]

    @property
    def words(self) -> int:
        return len(self.text.split())


def parse(name: str, annotated: str) -> Article:
    """Strip the marks, keeping each marked span's offsets into the plain text."""
    out: list[str] = []
    pos = 0
    length = 0
    gold, ignored, traps = [], [], []
    for m in _MARK.finditer(annotated):
        out.append(annotated[pos : m.start()])
        length += m.start() - pos
        text = m.group(1) if m.group(1) is not None else m.group(4)
        start, end = length, length + len(text)
        out.append(text)
        length = end
        pos = m.end()
        if m.group(4) is not None:
            traps.append(Span(start, end, text, (), m.group(5)))
        elif m.group(3) == "ignore":
            ignored.append(Span(start, end, text, (), "ignore"))
        else:
            gold.append(Span(start, end, text, tuple(m.group(2).split()), m.group(3)))
    out.append(annotated[pos:])
    return Article(name, "".join(out), tuple(gold), tuple(ignored), tuple(traps))


def load(folder: Path = EVAL_DIR) -> list[Article]:
    return [parse(p.stem, p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.ann"))]


@dataclass
class Score:
    """Counts for one text or one pool: found/labelled and right/predicted."""

    found: int = 0
    labelled: int = 0
    right: int = 0
    predicted: int = 0
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.labelled if self.labelled else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 1.0

    def add(self, other: Score) -> None:
        self.found += other.found
        self.labelled += other.labelled
        self.right += other.right
        self.predicted += other.predicted
        self.misses += other.misses
        self.wrong += other.wrong


def _overlaps(a: tuple[int, int], b: Span) -> bool:
    return a[0] < b.end and b.start < a[1]


def score(article: Article, predicted: Iterable[tuple[int, int, tuple[str, ...]]]) -> dict:
    """Score one article: ``{"all": Score, kind: Score, "trap:<kind>": Score}``.

    ``predicted`` holds (start, end, ISO-3 codes) of each place or country link.
    """
    preds = [(s, e, codes) for s, e, codes in predicted if 0 < len(codes) <= MAX_CODES]
    scores: dict[str, Score] = defaultdict(Score)
    for g in article.gold:
        for code in g.iso3:
            hit = any(code in codes and _overlaps((s, e), g) for s, e, codes in preds)
            for key in ("all", g.kind):
                scores[key].labelled += 1
                scores[key].found += hit
            if not hit:
                scores["all"].misses.append(f"{g.text!r} {code} ({g.kind})")
    for s, e, codes in preds:
        if any(_overlaps((s, e), i) for i in article.ignored):
            continue
        text = article.text[s:e]
        trap = next((t for t in article.traps if _overlaps((s, e), t)), None)
        for code in codes:
            ok = trap is None and any(code in g.iso3 and _overlaps((s, e), g) for g in article.gold)
            scores["all"].predicted += 1
            scores["all"].right += ok
            if not ok:
                why = f" trap:{trap.kind}" if trap else ""
                scores["all"].wrong.append(f"{text!r} {code}{why}")
                if trap:
                    scores[f"trap:{trap.kind}"].predicted += 1
    return scores
