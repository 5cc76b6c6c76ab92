"""Read an explainer folder (the story and its metadata) and say exactly what is wrong with it.

An explainer is data, not code, so a journalist can write one without Python: a folder
inside ``explainers/`` holding

* ``story.md``: the story in our own words, one passage after each ``{#passage-id}`` line;
* ``explainer.yaml``: title, date, the original article's credit, the map's groups, why each
  country is in the story, and corrections to the countries the place linker finds in each
  passage (a passage about Russia that says only "he" needs ``add: [RUS]``).

Every problem is reported as ``path: field: what is wrong; how to fix it`` and collected, not
raised one at a time, so one run of ``python -m explainers validate`` lists them all.

Example
-------
>>> story = load_explainer("bri-forum-2017")
>>> story.passage("kazakhstan").countries
('CHN', 'KAZ')
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from pathlib import Path
from typing import Annotated

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl, ValidationError

from explainers import paths
from explainers.countries import is_iso3
from explainers.linking import link_text, passage_countries
from explainers.places import Mention

STORY_FILE = "story.md"
META_FILE = "explainer.yaml"
PASSAGE_MARKER = re.compile(r"^\{#([a-z0-9][a-z0-9-]*)\}\s*$")
DEFAULT_EXPLAINER = "bri-forum-2017"


class ExplainerError(ValueError):
    """An explainer folder has problems; ``problems`` lists one line per problem."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def _iso3(code: str) -> str:
    if not is_iso3(code):
        raise ValueError(
            f"{code!r} is not an ISO 3166-1 alpha-3 country code; use three capital letters "
            "such as 'CHN', 'RUS' or 'KAZ'"
        )
    return code


Iso3 = Annotated[str, AfterValidator(_iso3)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Original(_Frozen):
    """The article the explainer retells: credited and linked, never copied."""

    headline: str = Field(min_length=1)
    publisher: str = Field(min_length=1)
    date: dt.date
    url: HttpUrl
    note: str = ""


class StoryCountry(_Frozen):
    """A country the story names: its legend group and why it is in the story."""

    iso3: Iso3
    group: str
    why: str = Field(min_length=1)


class Passage(_Frozen):
    """One passage of the story, with what the linker found in it and the countries it names.

    ``countries`` are ISO-3 codes in reading order: the linker's, corrected by the editor.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    id: str
    text: str
    mentions: tuple[Mention, ...] = ()
    countries: tuple[Iso3, ...] = ()


class Correction(_Frozen):
    """An editor's fix to the countries the linker found in one passage."""

    add: tuple[Iso3, ...] = ()
    drop: tuple[Iso3, ...] = ()


class Explainer(_Frozen):
    """A whole explainer, validated: what the app draws."""

    id: str
    title: str = Field(min_length=1)
    summary: str = ""
    date: dt.date | None = None
    original: Original | None = None
    groups: dict[str, str] = Field(min_length=1)
    countries: tuple[StoryCountry, ...]
    passages: tuple[Passage, ...] = Field(min_length=1)

    def passage(self, passage_id: str) -> Passage:
        return next(p for p in self.passages if p.id == passage_id)

    def country(self, iso3: str) -> StoryCountry | None:
        return next((c for c in self.countries if c.iso3 == iso3), None)

    def passages_naming(self, iso3: str) -> tuple[Passage, ...]:
        return tuple(p for p in self.passages if iso3 in p.countries)


def explainer_dir(explainer_id: str) -> Path:
    return paths.EXPLAINERS_DIR / explainer_id


@cache
def available_explainers() -> tuple[str, ...]:
    """Ids of the explainer folders shipped with the app (those holding an explainer.yaml)."""
    return tuple(sorted(p.parent.name for p in paths.EXPLAINERS_DIR.glob(f"*/{META_FILE}")))


def parse_story(text: str, where: str) -> tuple[dict[str, str], list[str]]:
    """Split ``story.md`` into passages by their ``{#id}`` lines; return them and problems."""
    passages: dict[str, list[str]] = {}
    problems: list[str] = []
    current: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        marker = PASSAGE_MARKER.match(line.strip())
        if marker:
            current = marker.group(1)
            if current in passages:
                problems.append(f"{where}: line {number}: passage id {current!r} is used twice")
            passages[current] = []
        elif line.strip().startswith("{#"):
            problems.append(
                f"{where}: line {number}: {line.strip()!r} is not a passage marker; write "
                "'{#an-id}' with lower-case letters, digits and hyphens"
            )
        elif current is None:
            if line.strip():
                problems.append(
                    f"{where}: line {number}: text before the first passage marker; "
                    "start the file with a line such as '{#lead}'"
                )
        else:
            passages[current].append(line.strip())
    joined = {pid: " ".join(part for part in lines if part) for pid, lines in passages.items()}
    for pid, body in joined.items():
        if not body:
            problems.append(f"{where}: passage {pid!r} has no text")
    if not joined and not problems:
        problems.append(f"{where}: no passages; add a '{{#lead}}' line followed by text")
    return joined, problems


def _describe(error: dict) -> str:
    field = ".".join(str(part) for part in error["loc"]) or "(top level)"
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "missing":
        message = "is required but missing"
    elif error["type"] == "extra_forbidden":
        message = "is not a field an explainer has; remove it or fix its spelling"
    return f"{field}: {message}"


def _read_meta(path: Path, where: str) -> tuple[dict, list[str]]:
    try:
        meta = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" line {mark.line + 1}" if mark else ""
        return {}, [f"{where}:{line}: not valid YAML ({getattr(error, 'problem', error)})"]
    if not isinstance(meta, dict):
        return {}, [f"{where}: expected a mapping of fields (id, title, date...), got {meta!r}"]
    return meta, []


def load_explainer(explainer_id: str, folder: Path | None = None) -> Explainer:
    """Load and validate one explainer; raise ExplainerError listing every problem."""
    folder = folder or explainer_dir(explainer_id)
    story_path, meta_path = folder / STORY_FILE, folder / META_FILE
    shown = _shown(folder)
    missing = [p for p in (story_path, meta_path) if not p.exists()]
    if missing:
        raise ExplainerError([f"{_shown(p)}: file is missing" for p in missing])

    story, problems = parse_story(story_path.read_text(encoding="utf-8"), f"{shown}/{STORY_FILE}")
    meta, meta_problems = _read_meta(meta_path, f"{shown}/{META_FILE}")
    problems += meta_problems
    if meta_problems:
        raise ExplainerError(problems)

    where = f"{shown}/{META_FILE}"
    countries_meta = meta.get("countries") or {}
    corrections_meta = meta.get("corrections") or {}
    if not isinstance(countries_meta, dict) or not isinstance(corrections_meta, dict):
        raise ExplainerError(
            [*problems, f"{where}: 'countries' and 'corrections' must be mappings keyed by id"]
        )
    problems += [
        f"{where}: corrections.{pid}: no passage {{#{pid}}} in {STORY_FILE}; add it or "
        "remove this correction"
        for pid in corrections_meta
        if pid not in story
    ]
    fields = {key: value for key, value in meta.items() if key not in ("countries", "corrections")}
    corrections, correction_problems = _read_corrections(corrections_meta, story, where)
    problems += correction_problems
    try:
        explainer = Explainer(
            **fields,
            countries=tuple(
                {"iso3": code, **(details or {})} for code, details in countries_meta.items()
            ),
            passages=tuple(
                linked_passage(pid, text, corrections.get(pid)) for pid, text in story.items()
            ),
        )
    except ValidationError as error:
        raise ExplainerError(
            problems + [f"{where}: {_describe(item)}" for item in error.errors()]
        ) from None
    if explainer.id != folder.name:
        problems.append(f"{where}: id: {explainer.id!r} must match the folder name {folder.name!r}")
    problems += [
        f"{where}: countries.{c.iso3}.group: {c.group!r} is not one of the groups "
        f"{sorted(explainer.groups)}"
        for c in explainer.countries
        if c.group not in explainer.groups
    ]
    if problems:
        raise ExplainerError(problems)
    return explainer


def _read_corrections(
    meta: dict, story: dict[str, str], where: str
) -> tuple[dict[str, Correction], list[str]]:
    corrections, problems = {}, []
    for pid, fix in meta.items():
        if pid not in story:
            continue
        if not isinstance(fix, dict):
            problems.append(f"{where}: corrections.{pid}: expected {{add: [...], drop: [...]}}")
            continue
        try:
            corrections[pid] = Correction(**fix)
        except ValidationError as error:
            problems += [f"{where}: corrections.{pid}.{_describe(e)}" for e in error.errors()]
    return corrections, problems


def linked_passage(passage_id: str, text: str, correction: Correction | None = None) -> Passage:
    """A passage with the linker's mentions and its countries, corrected by the editor."""
    fix = correction or Correction()
    mentions = link_text(text)
    return Passage(
        id=passage_id,
        text=text,
        mentions=mentions,
        countries=passage_countries(mentions, fix.add, fix.drop),
    )


def _shown(path: Path) -> str:
    """A path as a reader of the message would type it: relative to the project if inside."""
    try:
        return str(path.resolve().relative_to(paths.ROOT))
    except ValueError:
        return str(path)


def validate_all() -> dict[str, list[str]]:
    """Problems per shipped explainer (an empty list means it is fine)."""
    results = {}
    for explainer_id in available_explainers():
        try:
            load_explainer(explainer_id)
            results[explainer_id] = []
        except ExplainerError as error:
            results[explainer_id] = error.problems
    return results
