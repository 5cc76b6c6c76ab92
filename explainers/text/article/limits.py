"""The limits an article meets at the edge, and the error any step raises: too big,
binary, an unsupported file type, or no text left after cleaning."""

from __future__ import annotations

MAX_BYTES = 1_000_000
"""Articles are a few thousand words; 1 MB leaves room for a whole saved web page.

One megabyte as the reader's browser counts it (Streamlit's uploader refuses a file over
``server.maxUploadSize`` = 1 MB, 1,000,000 bytes), and under spaCy's 1,000,000-character
limit: a text this size can never hold more characters than that.
"""
MAX_SIZE_SHOWN = "1 MB (1,000,000 bytes)"


class ArticleInputError(ValueError):
    """The input cannot be read as an article; the message says what and the limit.

    Example
    -------
    >>> from explainers.text.article import clean_article
    >>> try:
    ...     clean_article(b"x" * (MAX_BYTES + 1))
    ... except ArticleInputError as error:
    ...     print(str(error)[:40])
    The article is 1,000,001 bytes; the limi
    """


def _check_size(size: int, what: str) -> None:
    if size > MAX_BYTES:
        raise ArticleInputError(
            f"{what} is {size:,} bytes; the limit is {MAX_SIZE_SHOWN}. "
            "Paste or upload the article text alone."
        )
