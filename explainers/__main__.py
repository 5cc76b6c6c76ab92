"""Command line: ``python -m explainers validate | places FILE | export --out DIR``.

* ``validate`` checks every explainer folder and prints each problem as
  ``path: field: what is wrong; how to fix it``; it exits 1 if there is any.
* ``places FILE [--json]`` lists the countries, places, people and organisations an
  article names (``-`` reads standard input); see :mod:`explainers.places_cli`.
* ``export --out DIR [--no-previews] [--base-url URL] [--explainer ID]`` writes every
  explainer as static pages; see :mod:`explainers.export`.
"""

from __future__ import annotations

import argparse
import sys

from explainers.explainer import validate_all

USAGE = "usage: python -m explainers {validate | places FILE [--json] | export --out DIR}"


def validate() -> int:
    results = validate_all()
    for explainer_id, problems in results.items():
        if problems:
            print(f"{explainer_id}: {len(problems)} problem(s)")
            for problem in problems:
                print(f"  {problem}")
        else:
            print(f"{explainer_id}: ok")
    return 1 if any(results.values()) else 0


def export(argv: list[str]) -> int:
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
    args = parser.parse_args(argv)
    try:
        summary = export_site(
            args.out,
            explainer_ids=args.explainer,
            previews=not args.no_previews,
            base_url=args.base_url,
        )
    except ExportError as error:
        print(f"export: {error}", file=sys.stderr)
        return 1
    except ExplainerError as error:
        print("export: an explainer has problems (nothing was written):", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(
        f"wrote {len(summary.pages)} pages, {summary.files()} files, "
        f"{summary.bytes() / 1e6:.1f} MB to {summary.out}"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["validate"]:
        return validate()
    if argv[:1] == ["places"]:
        from explainers import places_cli  # spaCy loads only for this command

        return places_cli.main(argv[1:])
    if argv[:1] == ["export"]:
        return export(argv[1:])
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
