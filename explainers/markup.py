"""Show untrusted text as text: never as Markdown, HTML or a link.

Streamlit renders the body of ``st.markdown``, ``st.warning`` and friends as Markdown.
Text that did not come from us (a URL parameter, a pasted article, a file name) could
otherwise turn into links, images or formatting there. Escaping every Markdown
punctuation character makes it render exactly as typed; Streamlit already refuses raw
HTML unless ``unsafe_allow_html`` is set, which this project never does.

Example
-------
>>> escape_markdown("[click](javascript:alert(1)) *now*")
'\\\\[click\\\\]\\\\(javascript\\\\:alert\\\\(1\\\\)\\\\) \\\\*now\\\\*'
"""

from __future__ import annotations

import re

# Every ASCII punctuation character may be backslash-escaped in CommonMark; ':' and '~'
# too, which Streamlit uses for :colour[...] and emoji shortcodes and strikethrough.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$&=\"'])")
_MAX_SHOWN = 60


def escape_markdown(text: str) -> str:
    """Backslash-escape Markdown so Streamlit shows ``text`` literally."""
    return _SPECIAL.sub(r"\\\1", text)


def quoted(value: object, limit: int = _MAX_SHOWN) -> str:
    """A short, escaped, quoted rendering of an untrusted value for a message."""
    text = str(value).replace("\n", " ")
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"“{escape_markdown(text)}”"
