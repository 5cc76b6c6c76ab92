"""Step 1, decoding: the input checked at the edge (size, binary content, file type by
suffix) and bytes decoded to text (a BOM, UTF-16 by its NULs, UTF-8, else Windows-1252)."""

from __future__ import annotations

import codecs
import re
from pathlib import PurePath
from typing import Literal

from explainers.text.article.limits import ArticleInputError, _check_size

Format = Literal["text", "markdown", "html"]
SUFFIXES: dict[str, Format] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
"""Byte-order marks, longest first (UTF-32 LE starts with UTF-16 LE's mark)."""

_MAGIC = {
    b"%PDF": "a PDF document",
    b"PK\x03\x04": "a ZIP archive (a .docx or .odt file is one)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document",
}


def _format_of(filename: str | None, text: str) -> Format:
    if filename:
        suffix = PurePath(filename).suffix.lower()
        if suffix not in SUFFIXES:
            accepted = ", ".join(sorted(SUFFIXES))
            raise ArticleInputError(
                f"{filename!r} is a {suffix or 'suffix-less'} file; "
                f"the app reads {accepted}. Save the article as .txt, .md or .html."
            )
        return SUFFIXES[suffix]
    looks_like_markup = text.lstrip().startswith("<") and "</" in text
    return "html" if looks_like_markup else "text"


_BINARY_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
"""Control characters (Unicode's Cc) but the tab, newline, form feed and return of text."""


def _control_share(text: str) -> float:
    controls = len(_BINARY_CONTROLS.findall(text))
    return controls / max(len(text), 1)


def _unicode_text(raw: bytes) -> str | None:
    """Text saved as UTF-16 or UTF-32 (Windows' "Unicode" save), by its BOM or its NULs.

    Without a byte-order mark, UTF-16 text in a Latin script has a NUL in every other
    byte: NULs at even offsets only is big-endian, at odd offsets only little-endian.

    Example
    -------
    >>> _unicode_text("Xi met Putin.".encode("utf-16"))
    'Xi met Putin.'
    >>> _unicode_text("Xi met Putin.".encode("utf-16-le"))
    'Xi met Putin.'
    """
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError:
                return None
    sample = raw[:8192]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    codec = "utf-16-be" if even > len(sample) // 4 and not odd else None
    codec = "utf-16-le" if odd > len(sample) // 4 and not even else codec
    if codec is None:
        return None
    try:
        return raw.decode(codec)
    except UnicodeDecodeError:
        return None


def decode_article(raw: bytes | str, filename: str | None = None) -> str:
    """Check size and content, and decode bytes to text (UTF-8, else Windows-1252).

    Offsets the linker reports index this text, so nothing else is changed here.

    Example
    -------
    >>> decode_article("Xi met Putin.".encode())
    'Xi met Putin.'
    """
    what = f"The file {filename!r}" if filename else "The article"
    if isinstance(raw, str):
        _check_size(len(raw.encode("utf-8", "surrogatepass")), what)
        text = raw
    elif isinstance(raw, bytes | bytearray):
        _check_size(len(raw), what)
        for magic, kind in _MAGIC.items():
            if raw.startswith(magic):
                raise ArticleInputError(
                    f"{what} looks like {kind}, not text; save the article as .txt, .md or .html."
                )
        text = _unicode_text(bytes(raw))
        if text is None and b"\x00" in raw[:8192]:
            raise ArticleInputError(
                f"{what} is binary (it holds NUL bytes); the app reads text: .txt, .md or .html."
            )
        if text is None:
            try:
                text = bytes(raw).decode("utf-8-sig")
            except UnicodeDecodeError:
                text = bytes(raw).decode("cp1252", errors="replace")
    else:
        raise TypeError(f"raw should be bytes or str, got {type(raw).__name__}")
    if _control_share(text) > 0.01:
        raise ArticleInputError(
            f"{what} is binary (control characters throughout); "
            "the app reads text: .txt, .md or .html."
        )
    return text
