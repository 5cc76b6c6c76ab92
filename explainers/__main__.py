"""Command line: ``python -m explainers validate | places FILE | export --out DIR``.

* ``validate`` checks every explainer folder and prints each problem as
  ``path: field: what is wrong; how to fix it``; it exits 1 if there is any.
* ``places FILE [--json]`` lists the countries, places, people and organisations an
  article names (``-`` reads standard input); see :mod:`explainers.text.places_cli`.
* ``export --out DIR [--no-previews] [--base-url URL] [--explainer ID] [--layer FILE]``
  writes every explainer as static pages; see :mod:`explainers.export`.
* ``layer check FILE`` reads a newsroom's project table (CSV or GeoJSON), prints the
  columns it used, each broken cell and a summary; it exits 0 if every row passes, 1 if
  some fail, 2 if the file cannot be read. See :mod:`explainers.data.newsroom_layer`.

* ``serve [streamlit options]`` loads what the first page needs, then runs the app in
  the same process (``streamlit run app.py`` with those options), so the first reader
  after a restart does not wait for the imports.

A processed data file that cannot be read ends any command with exit status 1 and one
line naming the file, what is wrong and the fix (``make data``); so does a read or a write
that the disk refuses (full, read-only, no permission): the path, the cause, what to do.
"""

from __future__ import annotations

import argparse
import errno
import sys

from explainers.explainer import skipped_check, validate_all


def validate() -> int:
    """Print each explainer's problems; a data file a check could not read goes to
    standard error with its fix, and the explainer is not called ok (exit 1)."""
    results = validate_all()
    for explainer_id, found in results.items():
        if found.problems:
            print(f"{explainer_id}: {len(found.problems)} problem(s)")
            for problem in found.problems:
                print(f"  {problem}")
        elif found.unread:
            print(f"{explainer_id}: not fully checked (a data file cannot be read)")
        else:
            print(f"{explainer_id}: ok")
        for error in found.unread:
            print(
                f"validate: {explainer_id}: {skipped_check(error)}: {error}",
                file=sys.stderr,
            )
    return 0 if all(found.ok for found in results.values()) else 1


def export(argv: list[str]) -> int:
    from explainers.data.newsroom_layer import LayerInputError
    from explainers.explainer import ExplainerError
    from explainers.export import ExportError, export_site

    parser = argparse.ArgumentParser(
        prog="python -m explainers export",
        description="Write every explainer as a static site: an index, one page per view "
        "(opening, each step, each country the story names) and shared assets. The pages "
        "work from any static server and from disk (file://). A rerun replaces DIR whole, "
        "and only once the new site is complete.",
    )
    parser.add_argument(
        "--out", required=True, metavar="DIR", help="the site's folder (replaced whole)"
    )
    parser.add_argument(
        "--no-previews",
        action="store_true",
        help="skip the 1200x630 preview images (og:image); rendering them needs Playwright "
        "and Debian's chromium, so use this on a machine without a browser",
    )
    parser.add_argument(
        "--base-url",
        metavar="URL",
        help="where the site will be hosted (https://example.org/bri/): makes og:image, "
        "og:url and the embed snippets absolute",
    )
    parser.add_argument(
        "--explainer",
        action="append",
        metavar="ID",
        help="export only this explainer (repeatable; default: every explainer)",
    )
    parser.add_argument(
        "--layer",
        metavar="FILE",
        help="a newsroom's project table (CSV or GeoJSON) drawn over every map; its broken "
        "rows are left out and listed (check it first with `python -m explainers layer check`)",
    )
    args = parser.parse_args(argv)
    from explainers.data.shapes import check_shapes

    # Every page draws static/world_50m.json in the reader's browser: a broken copy is
    # named here (DataFileError, exit 1), not published as a site with a blank map.
    check_shapes()
    try:
        loaded = _with_layer(args.layer, args.explainer) if args.layer else None
        summary = export_site(
            args.out,
            explainer_ids=args.explainer,
            previews=not args.no_previews,
            base_url=args.base_url,
            loaded=loaded,
        )
    except LayerInputError as error:
        print(f"export: --layer: {error}", file=sys.stderr)
        return 2
    except ExportError as error:
        print(f"export: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        # Named by the folder the journalist gave: the file that failed is in a temporary
        # folder beside it, which the export has already removed.
        problem = os_problem(OSError(error.errno, error.strerror), args.out)
        print(f"export: {problem}; an earlier export there is unchanged", file=sys.stderr)
        return 1
    except ExplainerError as error:
        print("export: an explainer has problems (nothing was written):", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    for miss in summary.missed:
        print(f"export: warning: {miss}", file=sys.stderr)
    print(
        f"wrote {len(summary.pages)} pages, {summary.files()} files, "
        f"{summary.bytes() / 1e6:.1f} MB to {summary.out}"
    )
    return 0


def _with_layer(path: str, explainer_ids: list[str] | None) -> list[tuple]:
    """The explainers' payloads with the layer in ``path`` drawn over each map."""
    from explainers.data.newsroom_layer import load_file
    from explainers.export import load_explainers

    layer = load_file(path)
    print(f"layer {layer.filename}: {layer.summary()}", file=sys.stderr)
    return load_explainers(explainer_ids, layer=layer)


def layer(argv: list[str]) -> int:
    from explainers.data.newsroom_layer import check_command

    if len(argv) != 2 or argv[0] != "check":
        print("usage: python -m explainers layer check FILE", file=sys.stderr)
        return 2
    return check_command(argv[1])


def warm() -> float:
    """Import and load what the first page needs, before any reader arrives; seconds taken.

    Streamlit runs nothing of the app until a reader's session starts, so with
    ``streamlit run`` the first reader after a restart waits for the imports (pandas,
    geopandas, plotly, pydantic, spaCy), the gazetteer and the country table. ``serve``
    calls this first, in the server's own process, so that reader waits for none of it.
    """
    import time

    started = time.perf_counter()
    from explainers.data import datasets
    from explainers.data import shapes as geometry
    from explainers.explainer import available_explainers
    from explainers.text.places import find_mentions
    from explainers.viewer import payload  # noqa: F401 (imported to be ready)

    geometry.country_table()
    datasets.load_map_data_or_less()
    available_explainers()
    find_mentions("Xi Jinping met Vladimir Putin in Beijing.")  # spaCy and the gazetteer
    return time.perf_counter() - started


def serve(argv: list[str]) -> int:
    """``python -m explainers serve [streamlit options]``: warm, then serve ``app.py``.

    The same as ``streamlit run app.py [options]`` (``--server.port 8501`` and so on), in
    one process that has already loaded what the first page needs (see :func:`warm`).
    A data file that cannot be read is reported by the page, not here.
    """
    from streamlit.web import cli

    from explainers.data.datasets import DataFileError
    from explainers.paths import ROOT

    try:
        print(f"serve: warmed in {warm():.1f} s", file=sys.stderr)
    except (DataFileError, OSError) as error:  # the page will say what is wrong
        print(f"serve: not warmed ({error})", file=sys.stderr)
    launcher = ROOT / "explainers" / "server.py"  # app.py, with the deploy's headers
    return cli.main(["run", str(launcher), *argv], standalone_mode=False) or 0


def main(argv: list[str] | None = None) -> int:
    """Run one command; a data file that cannot be read is reported, never a traceback.

    Each command reads the processed data (``validate`` checks steps against the
    projects, ``export`` draws everything, ``places`` reads the forum's leaders); if one
    of those files is missing or damaged the command prints which, what is wrong and how
    to rebuild it, and exits 1.
    """
    argv = sys.argv[1:] if argv is None else argv
    try:
        return _run(argv)
    except _data_file_error() as error:
        print(f"{argv[0]}: {error}", file=sys.stderr)
        return 1
    except OSError as error:  # disk full, permission denied, a read-only folder...
        print(f"{argv[0]}: {os_problem(error)}", file=sys.stderr)
        return 1


def _data_file_error() -> type[Exception]:
    """The data layer's error, imported only once one is raised: pandas and the checks
    cost ``places`` (which needs neither) half a second of its start."""
    from explainers.data.datasets import DataFileError

    return DataFileError


def os_problem(error: OSError, where: str | None = None) -> str:
    """One line for a failed read or write: the path, the cause, what to do.

    Example
    -------
    >>> import errno
    >>> os_problem(OSError(errno.EROFS, "Read-only file system", "/mnt/site"))
    '/mnt/site: Read-only file system; the disk there is read-only: choose another folder'
    """
    path = error.filename or where or "a file"
    cause = error.strerror or str(error) or type(error).__name__
    fixes = {
        errno.ENOSPC: "free some space there (or choose another folder) and run it again",
        errno.EDQUOT: "free some space there (or choose another folder) and run it again",
        errno.EACCES: "choose a folder you may write to, or change its permissions",
        errno.EPERM: "choose a folder you may write to, or change its permissions",
        errno.EROFS: "the disk there is read-only: choose another folder",
        errno.ENOENT: "check the path",
    }
    fix = fixes.get(error.errno, "check the path and the disk, and run it again")
    return f"{path}: {cause}; {fix}"


def places(argv: list[str]) -> int:
    from explainers.text import places_cli  # spaCy loads only for this command

    return places_cli.main(argv)


COMMANDS = {
    "validate": ("validate", lambda argv: validate()),
    "places": ("places FILE... [--json]", places),
    "export": ("export --out DIR [--no-previews] [--layer FILE]", export),
    "layer": ("layer check FILE", layer),
    "serve": ("serve [streamlit options]", serve),
}
"""Each command: its usage line and what runs it (the README lists each one; a test checks)."""
USAGE = "usage: python -m explainers {" + " | ".join(u for u, _ in COMMANDS.values()) + "}"


def _run(argv: list[str]) -> int:
    if argv[:1] and argv[0] in COMMANDS:
        return COMMANDS[argv[0]][1](argv[1:])
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
