"""Which countries a passage names, from the mentions the place linker finds in it.

A mention of a region ("Central Asia", "the Middle East", "Europe") points to many
countries but names none of them, so it does not tie the passage to each member: picking
Cyprus should not light up a passage about the Middle East. Peoples and provinces that
belong to one state ("Uygurs", "Xinjiang") do tie it to that state.

Example
-------
>>> [m.text for m in link_text("Xi met Putin in Beijing.")]
['Xi', 'Putin', 'Beijing']
>>> passage_countries(link_text("Xi met Putin in Central Asia."))
('CHN', 'RUS')
"""

from __future__ import annotations

from collections.abc import Iterable

from explainers.text.places import Mention, find_mentions

# A name that points to more countries than this is a region, not a country's name.
MAX_COUNTRIES_PER_NAME = 2


def link_text(text: str) -> tuple[Mention, ...]:
    """The places, people and organisations named in ``text``, in reading order."""
    return tuple(find_mentions(text))


def passage_countries(
    mentions: Iterable[Mention], add: Iterable[str] = (), drop: Iterable[str] = ()
) -> tuple[str, ...]:
    """Countries named, first mention first, with an editor's additions and removals."""
    dropped = set(drop)
    codes: list[str] = []
    for mention in mentions:
        if len(mention.iso3) > MAX_COUNTRIES_PER_NAME:
            continue
        codes += [code for code in mention.iso3 if code not in codes]
    codes += [code for code in add if code not in codes]
    return tuple(code for code in codes if code not in dropped)
