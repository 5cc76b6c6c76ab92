"""A passage as Markdown that Streamlit shows literally, with the names the linker found marked.

Every character of the text is escaped (see :mod:`explainers.markup`); only the marks
we add around a mention are Markdown. So a pasted article full of links, HTML or
Markdown shows exactly as typed, and nothing in it can become a link, an image or a
script.

Example
-------
>>> from explainers.linking import link_text
>>> passage_markdown("Xi met *Putin*.", link_text("Xi met *Putin*."), picked="RUS")
':blue[Xi] met \\\\*:orange-background[**Putin**]\\\\*\\\\.'
"""

from __future__ import annotations

from collections.abc import Sequence

from explainers.markup import escape_markdown
from explainers.places import Mention


def passage_markdown(text: str, mentions: Sequence[Mention], picked: str | None = None) -> str:
    """Escaped ``text`` with each mention coloured, and those of the ``picked`` country marked."""
    parts: list[str] = []
    cursor = 0
    for mention in sorted(mentions, key=lambda m: m.start):
        if mention.start < cursor:
            continue
        parts.append(escape_markdown(text[cursor : mention.start]))
        name = escape_markdown(text[mention.start : mention.end])
        if picked and picked in mention.iso3:
            parts.append(f":orange-background[**{name}**]")
        elif mention.iso3:
            parts.append(f":blue[{name}]")
        else:
            parts.append(name)
        cursor = mention.end
    parts.append(escape_markdown(text[cursor:]))
    return "".join(parts)
