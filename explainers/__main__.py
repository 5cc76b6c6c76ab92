"""Command line: ``python -m explainers validate`` and ``python -m explainers places FILE``.

* ``validate`` checks every explainer folder and prints each problem as
  ``path: field: what is wrong; how to fix it``; it exits 1 if there is any.
* ``places FILE [--json]`` lists the countries, places, people and organisations an
  article names (``-`` reads standard input); see :mod:`explainers.places_cli`.
"""

from __future__ import annotations

import sys

from explainers import places_cli
from explainers.explainer import validate_all

USAGE = "usage: python -m explainers {validate | places FILE [--json]}"


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


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["validate"]:
        return validate()
    if argv[:1] == ["places"]:
        return places_cli.main(argv[1:])
    print(USAGE, file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
