"""Show untrusted text as text: never as Markdown, HTML, a link or an icon.

Streamlit renders the body of ``st.markdown``, ``st.warning`` and friends as Markdown.
Text that did not come from us (a URL parameter, a pasted article, a file name) could
otherwise turn into links, images, icons or formatting there. Two passes make it render
exactly as typed:

* every Markdown punctuation character is backslash-escaped, which stops CommonMark's
  syntax (links, images, emphasis, headings, ``:red[...]`` directives, ``$`` maths);
* an invisible WORD JOINER (U+2060) goes where Streamlit's later passes would still see
  something: those run on the parsed text, after the escapes are gone, and turn
  ``http://…``, ``www.…`` and ``name@host.tld`` into live links, ``:material/home:`` and
  ``:streamlit:`` into icons, and ``->`` into an arrow. A joiner after each ``:`` that text
  follows, before each ``@``, inside ``www.`` and between arrow characters breaks every one of those
  patterns, and the reader sees the same characters (the joiner has no width and allows
  no line break).

Streamlit already refuses raw HTML unless ``unsafe_allow_html`` is set, which this project
never does.

Example
-------
>>> escape_markdown("[click](javascript:alert(1)) *now*")
'\\\\[click\\\\]\\\\(javascript\\\\:\\u2060alert\\\\(1\\\\)\\\\) \\\\*now\\\\*'
>>> escape_markdown("see http://evil.example") == "see http\\\\:\\u2060//evil\\\\.example"
True
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

WORD_JOINER = "\u2060"
"""Invisible, no width, no line break: splits a pattern without changing what is seen."""

# Every ASCII punctuation character may be backslash-escaped in CommonMark; ':' and '~'
# too, which Streamlit uses for :colour[...] and emoji shortcodes and strikethrough.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$&=\"'])")
# What Streamlit's passes over the parsed text look for: a ':' (URL schemes, icons and
# emoji shortcodes), an '@' (e-mail autolinks), 'www.' (bare web autolinks) and the pairs
# of '-', '<', '>' and '=' it turns into arrows and dashes.
_AFTER_PARSING = re.compile(r"(?<=:)(?=\S)|(?=@)|(?<=www)(?=\\\.)|(?<=[-<>=])(?=\\[-<>=])", re.I)
_MAX_SHOWN = 60


def escape_markdown(text: str) -> str:
    """Escape ``text`` so Streamlit shows it literally: no markup, link, icon or arrow.

    Example
    -------
    >>> escape_markdown(":material/home:").replace(WORD_JOINER, "+")
    '\\\\:+material/home\\\\:'
    """
    return _AFTER_PARSING.sub(WORD_JOINER, _SPECIAL.sub(r"\\\1", text))


def shown_text(escaped: str) -> str:
    """What a reader sees of an escaped string: the text as typed (for tests and checks).

    Example
    -------
    >>> shown_text(escape_markdown("a -> http://b.example"))
    'a -> http://b.example'
    """
    return re.sub(r"\\(.)", r"\1", escaped.replace(WORD_JOINER, ""))


def quoted(value: object, limit: int = _MAX_SHOWN) -> str:
    """A short, escaped, quoted rendering of an untrusted value for a message."""
    text = str(value).replace("\n", " ")
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"“{escape_markdown(text)}”"


def markdown_link(label: str, url: str) -> str:
    """A Markdown link to an http(s) ``url`` that cannot break out of its parentheses.

    The label is escaped as text; the URL is percent-encoded except for the characters a
    URL needs, so ``)``, ``(``, spaces, ``<`` and brackets cannot end the link or start an
    image. Anything but http(s) is refused, so no ``javascript:`` link is ever made.

    Example
    -------
    >>> markdown_link("Story", "https://example.com/a)![i](http://evil.example/u.png)")
    '[Story](https://example.com/a%29%21%5Bi%5D%28http://evil.example/u.png%29)'
    """
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise ValueError(f"{url!r} is not an http(s) URL")
    safe = quote(url, safe="/:?#&=%+,;@~-._")
    return f"[{escape_markdown(label)}]({safe})"


PLOTLY_TEXT_KEYS = ("text", "hovertext", "customdata", "name")
"""The trace fields whose strings plotly.js renders as its own small HTML (``<b>``,
``<a href>``, ``<span style>``) in labels, hover labels, the legend and the PNG."""


def plotly_text(value):
    """``value`` with every string made plain for plotly.js: ``<``, ``>`` and ``&`` as
    entities, which plotly shows as the characters themselves. Lists are walked.

    A ``why:`` line, a project or leader's name, a newsroom's cell: text from a folder or
    a file would otherwise render as links, bold or styles in the map's labels and hover
    labels, and a ``cursor:url(…)`` style would make the reader's browser call that host.

    >>> plotly_text(["<b>Gwadar</b>", ["A & B", 3]])
    ['&lt;b&gt;Gwadar&lt;/b&gt;', ['A &amp; B', 3]]
    """
    if isinstance(value, str):
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if isinstance(value, list | tuple):
        return [plotly_text(item) for item in value]
    return value


def plain_traces(traces: list[dict]) -> list[dict]:
    """Copies of plotly trace dicts with :data:`PLOTLY_TEXT_KEYS` made plain.

    Templates (``hovertemplate``) are ours and keep their markup; what they show of the
    data comes through ``text`` and ``customdata``, made plain here.
    """
    return [
        {key: plotly_text(v) if key in PLOTLY_TEXT_KEYS else v for key, v in trace.items()}
        for trace in traces
    ]
