r"""YAML mistakes in words a journalist understands: where, what, and the fix.

PyYAML says "mapping values are not allowed here" or "could not find expected ':'"; a
journalist who wrote ``title: Xi: the forum`` or forgot a colon needs the line, what it
holds, what went wrong in plain words and how to fix it. Each rule below matches one of
the parser's problems and says it so; anything else keeps the parser's words, with the
line and column.

Example
-------
>>> import yaml
>>> text = "id: x\ntitle Hello\ndate: 2017-05-14\n"
>>> try:
...     yaml.safe_load(text)
... except yaml.YAMLError as error:
...     print(yaml_problem(error, text))
line 2, column 1 ('title Hello'): no colon after the field name; write it as 'field: value'
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import yaml


@dataclass(frozen=True)
class Rule:
    """A parser problem (matched on its words and context) and what the journalist reads."""

    matches: Callable[[str, str], bool]
    says: str  # may name {char}, the character the parser stopped at
    at_opening: bool = False  # the mistake is where something began, not where it ran out


RULES = (
    Rule(
        lambda problem, context: "'\\t'" in problem,
        "a tab character; YAML indents with spaces only: replace the tab with spaces",
    ),
    Rule(
        lambda problem, context: "that cannot start any token" in problem,
        'a value cannot start with {char}; put the value in quotes, such as title: "{char}..."',
    ),
    Rule(
        lambda problem, context: "could not find expected ':'" in problem,
        "no colon after the field name; write it as 'field: value'",
        at_opening=True,
    ),
    Rule(
        lambda problem, context: problem == "mapping values are not allowed here",
        "a colon where a value was expected: a value with a colon in it needs quotes, such "
        'as title: "Xi: the forum"; a field of its own is indented like the fields around it',
    ),
    Rule(
        lambda problem, context: "quoted scalar" in context,
        "a quote opened here is never closed; end the value with the same quote mark",
        at_opening=True,
    ),
    Rule(
        lambda problem, context: "flow sequence" in context,
        "a list opened with '[' here is not closed; end it with ']' on this line",
        at_opening=True,
    ),
    Rule(
        lambda problem, context: "flow mapping" in context,
        "a group opened with '{' here is not closed; end it with '}' on this line",
        at_opening=True,
    ),
    Rule(
        lambda problem, context: problem.startswith("expected <block end>"),
        "this line is indented differently from the lines it belongs with; indent it with "
        "the same number of spaces as its neighbours, and start each item of a list with "
        "'- ' at the same depth",
    ),
)


def yaml_problem(error: yaml.YAMLError, text: str) -> str:
    """``error`` as 'line L, column C ('the line'): what is wrong; the fix'."""
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    if mark is None:  # one of the loader's own limits, already in plain words
        return problem
    context = getattr(error, "context", None) or ""
    rule = next((rule for rule in RULES if rule.matches(problem, context)), None)
    if rule is None:
        return f"{_where(mark, text)}: not valid YAML ({problem})"
    if rule.at_opening and getattr(error, "context_mark", None) is not None:
        mark = error.context_mark
    char = problem.split("'")[1] if problem.count("'") >= 2 else ""
    return f"{_where(mark, text)}: {rule.says.replace('{char}', char)}"


def _where(mark, text: str) -> str:
    lines = text.splitlines()
    shown = lines[mark.line].strip() if mark.line < len(lines) else ""
    where = f"line {mark.line + 1}, column {mark.column + 1}"
    return where + (f" ({shown[:60]!r})" if shown else " (the end of the file)")
