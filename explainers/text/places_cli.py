"""``python -m explainers places FILE [FILE ...] [--json]``: list what articles name.

FILE is a .txt, .md or .html file, or ``-`` for standard input; give many to batch
them. Offsets index the
file's text as read (UTF-8); for HTML they index the cleaned text, since the markup
is not the article. With ``--json`` the output is one JSON list of objects with the
keys start, end, text, kind and iso3; without it, a tab-separated table. With several
files, ``--json`` prints one list of ``{"file": ..., "mentions": [...]}`` and the table
starts each row with the file's name; a file that cannot be read is named on standard
error, the others are still listed, and the exit status is 2.

Example
-------
>>> import io, contextlib
>>> out = io.StringIO()
>>> with contextlib.redirect_stdout(out):
...     status = main(["--json", "-"], stdin=io.BytesIO(b"Xi met Putin."))
>>> status
0
>>> out.getvalue()[:45]
'[{"start": 0, "end": 2, "text": "Xi", "kind":'
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import BinaryIO

from explainers.text.article import ArticleInputError, clean_article, decode_article
from explainers.text.gazetteer import load_gazetteer
from explainers.text.places import Mention, find_mentions

EXIT_OK = 0
EXIT_BAD_INPUT = 2
EXIT_BAD_DATA = 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m explainers places",
        description="List the countries, places, people and organisations an article names.",
    )
    parser.add_argument(
        "files", nargs="+", metavar="file", help="a .txt, .md or .html file; '-' reads stdin"
    )
    parser.add_argument(
        "--json", action="store_true", help="print a JSON list (start, end, text, kind, iso3)"
    )
    return parser


def _read(name: str, stdin: BinaryIO) -> str:
    if name == "-":
        return decode_article(stdin.read())
    path = Path(name)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ArticleInputError(f"cannot read {name!r}: {error.strerror or error}") from error
    if path.suffix.lower() in (".html", ".htm"):
        return clean_article(raw, path.name)
    return decode_article(raw, path.name)


def _unread_leaders() -> list[str]:
    """The gazetteer reads the forum's leaders from ``forum_2017.csv`` if it is there; a
    damaged copy is named (the file, what is wrong, the fix) rather than linked without
    them. Read from the tables' disk cache, the check costs nothing: a copy that could
    not be read is never cached as read."""
    return [str(error) for error in load_gazetteer().unread]


def main(argv: list[str] | None = None, stdin: BinaryIO | None = None) -> int:
    """Run the command; return its exit status (2 for input that cannot be read).

    ``argv`` may start with the subcommand name ``places``, as the package's
    ``__main__`` may pass it on whole.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) > 1 and args[0] == "places":
        args = args[1:]
    options = _parser().parse_args(args)
    unread = _unread_leaders()
    for error in unread:
        print(f"places: {error}", file=sys.stderr)
    if unread:
        return EXIT_BAD_DATA
    status, batch = EXIT_OK, []
    for name in options.files:
        try:
            text = _read(name, stdin or sys.stdin.buffer)
        except ArticleInputError as error:
            print(f"places: {error}", file=sys.stderr)
            status = EXIT_BAD_INPUT
            continue
        batch.append((name, find_mentions(text)))
    if len(options.files) == 1:
        for name, mentions in batch:
            _print_one(name, mentions, options.json, prefix="")
    elif options.json:
        records = [{"file": n, "mentions": [m.to_json() for m in ms]} for n, ms in batch]
        print(json.dumps(records, ensure_ascii=False))
    else:
        for name, mentions in batch:
            _print_one(name, mentions, False, prefix=f"{name}\t")
    return status


def _print_one(name: str, mentions: list[Mention], as_json: bool, prefix: str) -> None:
    if as_json:
        print(json.dumps([m.to_json() for m in mentions], ensure_ascii=False))
        return
    if not mentions:
        print(f"places: no places found in {name}", file=sys.stderr)
    for m in mentions:
        print(f"{prefix}{m.start}\t{m.end}\t{m.kind}\t{' '.join(m.iso3) or '-'}\t{m.text}")


if __name__ == "__main__":
    sys.exit(main())
