"""Step 3, the story's head: the headline and the kicker above it, the dateline that
opens the first paragraph; and pull quotes, repeated from the paragraphs below."""

from __future__ import annotations

import re

from explainers.text.article.model import _Notes
from explainers.text.article.rules import _RULES_BY_NAME, _SECTION_LABEL

_MAX_HEADLINE_WORDS = 25
_KICKER_WORDS = 4


def _headline_like(text: str) -> bool:
    return len(text.split()) <= _MAX_HEADLINE_WORDS and not text.endswith((".", ",", ";", ":"))


def _kicker_like(text: str) -> bool:
    """A section label or a short tag above a headline: 'Analysis', 'BELT AND ROAD'."""
    return (
        len(text.split()) <= _KICKER_WORDS
        or text.isupper()
        or _SECTION_LABEL.fullmatch(text) is not None
        or any(mark in text for mark in (" | ", " › ", " · ", " / "))
    )


def _same(a: str, b: str) -> bool:
    return a.casefold().strip(" .") == b.casefold().strip(" .")


def _guess_headline(paragraphs: list[tuple[str, bool]]) -> int | None:
    """Plain text: the headline is a short first line without final punctuation followed by
    a blank line; when two such lines open the text, a kicker-like first one is the kicker."""
    candidates = []
    for number, (text, one_line) in enumerate(paragraphs[:4]):
        if not (one_line and _headline_like(text)) or number == len(paragraphs) - 1:
            break
        candidates.append(number)
    if not candidates:
        return None
    texts = [paragraphs[n][0] for n in candidates]
    return next(
        (n for n, t in zip(candidates, texts, strict=True) if not _kicker_like(t)), candidates[-1]
    )


def _split_headline(
    title: str, paragraphs: list[tuple[str, bool]], notes: _Notes, guess: bool
) -> tuple[str, list[str]]:
    """The headline, and the paragraphs below it; what stood above it was its kicker."""
    texts = [text for text, _ in paragraphs]
    if title:
        at = next((n for n, text in enumerate(texts[:6]) if _same(text, title)), None)
    else:
        at = _guess_headline(paragraphs) if guess else None
        title = texts[at] if at is not None else ""
    if at is None:
        return title, texts
    notes.dropped += [("kicker", text) for text in texts[:at]] + [("headline", texts[at])]
    return title, texts[at + 1 :]


def _take_dateline(texts: list[str], notes: _Notes) -> None:
    """'BEIJING, May 14 (Reuters) - China said…' -> 'China said…', and the place kept."""
    rule = _RULES_BY_NAME["dateline"]
    for number, text in enumerate(texts[:2]):
        found = rule.match(text)
        if found:
            notes.take(rule.name, text[: found.end()].strip(), found.groupdict())
            texts[number] = text[found.end() :]
            return


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _drop_pull_quotes(texts: list[str], notes: _Notes) -> list[str]:
    """A short quotation repeated word for word in a longer paragraph is a pull quote."""
    plain = [_plain(text) for text in texts]
    kept = []
    for number, text in enumerate(texts):
        quoted = re.match(r"[\"“‘']([^\"”’]{20,300})[\"”’']", text)
        core = _plain(quoted[1]) if quoted else ""
        repeated = core and any(
            other != number and core in plain[other] and len(plain[other]) > len(plain[number])
            for other in range(len(texts))
        )
        if repeated and len(text.split()) <= 40:
            notes.dropped.append(("pull_quote", text))
            continue
        kept.append(text)
    return kept
