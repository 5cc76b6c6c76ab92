"""The README's tables of settings and commands are the ones the code declares."""

from __future__ import annotations

import re

from explainers import __main__ as cli
from explainers import settings
from explainers.paths import ROOT
from explainers.settings import SETTINGS

README = (ROOT / "README.md").read_text(encoding="utf-8")


def table_rows(heading: str) -> list[list[str]]:
    """The body rows of the first table under ``## heading``, cell by cell."""
    section = README.split(f"\n## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows[2:]]


def test_every_setting_is_in_the_readme_with_its_default_and_meaning():
    documented = {row[0].strip("`"): row[1:] for row in table_rows("Settings")}
    declared = {s.name: [s.default, s.meaning] for s in SETTINGS}
    assert documented == declared


def test_every_setting_is_read_where_it_acts():
    code = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "explainers").rglob("*.py"))
    declared = {name: v for name, v in vars(settings).items() if isinstance(v, settings.Setting)}
    assert set(declared.values()) == set(settings.SETTINGS)
    unread = [v.name for name, v in declared.items() if f"settings.{name}." not in code]
    assert not unread, "declared but never read"


def test_every_command_is_in_the_readme_as_its_usage_says():
    documented = [
        re.sub(r"^`python -m explainers |`$", "", row[0]) for row in table_rows("Command line")
    ]
    assert documented == [usage for usage, _run in cli.COMMANDS.values()]


def test_an_unknown_command_prints_every_usage(capsys):
    assert cli.main(["serv"]) == 2
    printed = capsys.readouterr().err
    assert all(usage in printed for usage, _run in cli.COMMANDS.values())
