"""Read an explainer folder (the story and its metadata) and say exactly what is wrong with it.

An explainer is data, not code, so a journalist can write one without Python: a folder
in ``explainers/stories/`` holding

* ``story.md``: the story in our own words, one passage after each ``{#passage-id}`` line;
* ``explainer.yaml``: title, date, the original article's credit, the map's groups, why each
  country is in the story, corrections to the countries the place linker finds in each
  passage (a passage about Russia that says only "he" needs ``add: [RUS]``), and optional
  guided ``steps`` (see :class:`explainers.explainer.model.Step`).

Every problem is reported as ``path: field: what is wrong; how to fix it`` and collected, not
raised one at a time, so one run of ``python -m explainers validate`` lists them all.

Example
-------
>>> story = load_explainer("bri-forum-2017")
>>> story.passage("kazakhstan").countries
('CHN', 'KAZ')
>>> story.step("kazakhstan").frame
'KAZ'
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from explainers import paths
from explainers.explainer.files import (
    MAX_META_BYTES,
    MAX_STORY_BYTES,
    FolderFileError,
    load_yaml,
    read_folder_text,
)
from explainers.explainer.model import (
    PASSAGE_MARKER,
    Correction,
    Explainer,
    ExplainerError,
    Passage,
    Step,
    _describe,
    _did_you_mean,
)
from explainers.explainer.yaml_errors import yaml_problem
from explainers.text.gazetteer import load_gazetteer
from explainers.text.linking import link_text, passage_countries

STORY_FILE = "story.md"
META_FILE = "explainer.yaml"
log = logging.getLogger(__name__)


def explainer_dir(explainer_id: str) -> Path:
    return paths.EXPLAINERS_DIR / explainer_id


def available_explainers() -> tuple[str, ...]:
    """Ids of the explainer folders shipped with the app (those holding an explainer.yaml).

    Read afresh each time (a glob of one folder), so a folder added while the server runs
    shows on the next page load.
    """
    return tuple(sorted(p.parent.name for p in paths.EXPLAINERS_DIR.glob(f"*/{META_FILE}")))


def explainer_stamp(explainer_id: str) -> str:
    """A short digest of the explainer folder's files (names, sizes, times of change).

    It changes when a journalist edits, adds or removes a file, so caches keyed by it
    load the new version on the next page load, without a restart.

    >>> len(explainer_stamp("bri-forum-2017"))
    12
    """
    files = sorted(explainer_dir(explainer_id).glob("*"))
    return hashlib.sha256(repr(paths.stamp(files)).encode()).hexdigest()[:12]


@dataclass(frozen=True)
class Listing:
    """An explainer as the app lists it: id, title and date, read without linking its text."""

    id: str
    title: str
    date: dt.date | None


def list_explainers() -> tuple[Listing, ...]:
    """Every shipped explainer's id, title and date, newest first; unreadable ones by id.

    Cheap enough for every page load: it reads only each ``explainer.yaml``'s title and
    date, not the story (linking a story's places is the slow part of loading it).
    """
    listed = []
    for explainer_id in available_explainers():
        try:
            folder = explainer_dir(explainer_id)
            meta = load_yaml(read_folder_text(folder / META_FILE, folder, MAX_META_BYTES))
        except (OSError, UnicodeDecodeError, yaml.YAMLError, FolderFileError):
            meta = None
        meta = meta if isinstance(meta, dict) else {}
        title = meta.get("title") if isinstance(meta.get("title"), str) else explainer_id
        date = meta.get("date") if isinstance(meta.get("date"), dt.date) else None
        listed.append(Listing(explainer_id, title, date))
    return tuple(sorted(listed, key=lambda item: (item.date or dt.date.min, item.id), reverse=True))


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


def _read_text(path: Path, where: str) -> tuple[str, list[str]]:
    """A file's text, or the problem: not UTF-8 (a file saved as Latin-1, say), too big,
    not a regular file of the folder (:func:`explainers.explainer.files.read_folder_text`)."""
    limit = MAX_META_BYTES if path.name == META_FILE else MAX_STORY_BYTES
    try:
        return read_folder_text(path, path.parent, limit), []
    except FolderFileError as error:
        return "", [f"{where}: {error}"]
    except OSError as error:
        return "", [f"{where}: cannot be read ({error.strerror or error}); check the file"]
    except UnicodeDecodeError as error:
        byte = error.object[error.start]
        return "", [
            f"{where}: not UTF-8 text (byte {byte:#04x} at offset {error.start:,}); "
            "save the file as UTF-8"
        ]


def _read_meta(path: Path, where: str) -> tuple[dict, list[str]]:
    text, problems = _read_text(path, where)
    if problems:
        return {}, problems
    try:
        meta = load_yaml(text)
    except yaml.YAMLError as error:
        return {}, [f"{where}: {yaml_problem(error, text)}"]
    if not isinstance(meta, dict):
        return {}, [f"{where}: expected a mapping of fields (id, title, date...), got {meta!r}"]
    return meta, []


def load_explainer(explainer_id: str, folder: Path | None = None) -> Explainer:
    """Load, validate and link one explainer; raise ExplainerError listing every problem.

    A check that needs a processed data file which cannot be read (the steps' projects
    need ``data/processed/projects.csv``) is skipped and logged, not counted against the
    explainer: the story does not need that file, and the page says it is broken. See
    :func:`checked_explainer` for the checks that were skipped.
    """
    explainer, skipped = checked_explainer(explainer_id, folder)
    for error in skipped:
        log.warning("%s: %s: %s", explainer_id, skipped_check(error), error)
    return explainer


def checked_explainer(
    explainer_id: str, folder: Path | None = None
) -> tuple[Explainer, tuple[Exception, ...]]:
    """The explainer, its passages linked, and the data files its checks and linking could
    not read (each a :class:`explainers.data.datasets.DataFileError` naming the file and
    its fix; see :func:`skipped_check` for what each one cost).

    >>> story, skipped = checked_explainer("bri-forum-2017")
    >>> story.id, skipped
    ('bri-forum-2017', ())
    """
    read = read_explainer(explainer_id, folder)
    return link_explainer(read), (*read.skipped, *load_gazetteer().unread)


@dataclass(frozen=True)
class ReadExplainer:
    """An explainer folder read and checked, its passages not yet linked.

    Linking (finding the places in every passage) is the slow part of loading and the
    only one that needs the place linker; :func:`link_explainer` does it, with the
    editor's ``corrections``.
    """

    explainer: Explainer
    corrections: dict[str, Correction]
    skipped: tuple[Exception, ...]


def read_explainer(explainer_id: str, folder: Path | None = None) -> ReadExplainer:
    """Read and check an explainer folder without linking its passages (no place linker).

    >>> read = read_explainer("bri-forum-2017")
    >>> read.explainer.passage("kazakhstan").countries, len(read.corrections) > 0
    ((), True)
    """
    folder = folder or explainer_dir(explainer_id)
    where = f"{_shown(folder)}/{META_FILE}"
    story, meta, problems = _read_files(folder)
    try:
        countries, corrections, section_problems = _sections(meta, story, where)
    except ExplainerError as error:  # the sections are not mappings: nothing more to check
        raise ExplainerError(problems + error.problems) from None
    problems += section_problems
    steps, step_problems, skipped = _read_steps(meta.get("steps"), story, where)
    problems += step_problems
    fields = {k: v for k, v in meta.items() if k not in ("countries", "corrections", "steps")}
    try:
        explainer = Explainer(
            **fields,
            countries=countries,
            passages=tuple(Passage(id=pid, text=text) for pid, text in story.items()),
            steps=steps,
        )
    except ValidationError as error:
        raise ExplainerError(
            problems + [f"{where}: {_describe(item)}" for item in error.errors()]
        ) from None
    problems += _whole_problems(explainer, folder, where)
    if problems:
        raise ExplainerError(problems)
    return ReadExplainer(explainer, corrections, skipped)


def link_explainer(read: ReadExplainer) -> Explainer:
    """The explainer with every passage linked: its mentions, and its countries corrected."""
    passages = tuple(
        linked_passage(p.id, p.text, read.corrections.get(p.id)) for p in read.explainer.passages
    )
    return read.explainer.model_copy(update={"passages": passages})


def _read_files(folder: Path) -> tuple[dict[str, str], dict, list[str]]:
    """The story's passages, the metadata and the problems so far; raise ExplainerError
    when the metadata cannot be read at all (nothing more can be checked)."""
    story_path, meta_path = folder / STORY_FILE, folder / META_FILE
    shown = _shown(folder)
    missing = [p for p in (story_path, meta_path) if not p.exists()]
    if missing:
        raise ExplainerError([f"{_shown(p)}: file is missing" for p in missing])
    story_text, problems = _read_text(story_path, f"{shown}/{STORY_FILE}")
    story, story_problems = parse_story(story_text, f"{shown}/{STORY_FILE}")
    problems += [] if problems else story_problems
    meta, meta_problems = _read_meta(meta_path, f"{shown}/{META_FILE}")
    problems += meta_problems
    if meta_problems:
        raise ExplainerError(problems)
    odd_keys = [key for key in meta if not isinstance(key, str)]
    if odd_keys:
        raise ExplainerError(
            problems
            + [
                f"{shown}/{META_FILE}: {key!r}: a field name must be text, such as 'title'"
                for key in odd_keys
            ]
        )
    return story, meta, problems


def _sections(
    meta: dict, story: dict[str, str], where: str
) -> tuple[tuple[dict, ...], dict[str, Correction], list[str]]:
    """The ``countries`` (as the model takes them) and ``corrections`` sections, checked."""
    countries_meta = meta.get("countries") or {}
    corrections_meta = meta.get("corrections") or {}
    if not isinstance(countries_meta, dict) or not isinstance(corrections_meta, dict):
        raise ExplainerError(
            [f"{where}: 'countries' and 'corrections' must be mappings keyed by id"]
        )
    problems = [
        f"{where}: corrections.{pid}: no passage {{#{pid}}} in {STORY_FILE}; add it or "
        "remove this correction"
        for pid in corrections_meta
        if pid not in story
    ]
    corrections, correction_problems = _read_corrections(corrections_meta, story, where)
    problems += correction_problems
    odd = {
        code: details
        for code, details in countries_meta.items()
        if not isinstance(details, dict) or not all(isinstance(k, str) for k in details)
    }
    problems += [
        f"{where}: countries.{code}: expected the fields group and why, such as "
        f"{{group: named, why: ...}}; got {str(details)[:60]!r}"
        for code, details in odd.items()
    ]
    countries = tuple(
        {"iso3": code, **details} for code, details in countries_meta.items() if code not in odd
    )
    return countries, corrections, problems


def _whole_problems(explainer: Explainer, folder: Path, where: str) -> list[str]:
    """What the fields get wrong together: the id against the folder, groups against the map."""
    problems = []
    if explainer.id != folder.name:
        problems.append(f"{where}: id: {explainer.id!r} must match the folder name {folder.name!r}")
    problems += [
        f"{where}: countries.{c.iso3}.group: {c.group!r} is not one of the groups "
        f"{sorted(explainer.groups)}"
        for c in explainer.countries
        if c.group not in explainer.groups
    ]
    return problems


SKIPPED = {
    "projects.csv": "the steps' projects were not checked",
    "forum_2017.csv": "the story was linked without the forum leaders' names",
}
"""What loading an explainer does without each data file it reads (none is required)."""


def skipped_check(error: Exception) -> str:
    """What loading an explainer left undone because ``error``'s file cannot be read."""
    return SKIPPED.get(getattr(error, "name", ""), "a check was skipped")


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
            corrections[pid] = Correction.model_validate(fix)
        except ValidationError as error:
            problems += [f"{where}: corrections.{pid}.{_describe(e)}" for e in error.errors()]
    return corrections, problems


def _read_steps(
    meta: object, story: dict[str, str], where: str
) -> tuple[tuple[Step, ...], list[str], tuple[Exception, ...]]:
    """Validate the ``steps`` list: each step's fields, its id's uniqueness, what it points at.

    Every step is checked even when an earlier one is broken, and a step's passages and
    projects are checked even when another of its fields is wrong, so one run lists every
    problem. Only the steps that validate are returned, with the problems and the data
    files that could not be read (the projects are then not checked).
    """
    if meta is None:
        return (), [], ()
    if not isinstance(meta, list):
        return (
            (),
            [
                f"{where}: steps: expected a list of steps, each starting with '- id: ...'; "
                f"got {type(meta).__name__} {meta!r:.60}"
            ],
            (),
        )
    projects, skipped = _known_projects(meta)
    problems: list[str] = []
    steps: list[Step] = []
    first_use: dict[str, int] = {}
    for number, raw in enumerate(meta):
        at = f"{where}: steps.{number}"
        if not isinstance(raw, dict):
            problems.append(
                f"{at}: expected a step with id, title and caption, got {raw!r:.60}; "
                "start each step with '- id: ...'"
            )
            continue
        try:
            steps.append(Step.model_validate(raw))
        except ValidationError as error:
            problems += [f"{at}.{_describe_step(item)}" for item in error.errors()]
        step_id = raw.get("id")
        if isinstance(step_id, str) and step_id in first_use:
            problems.append(
                f"{at}.id: {step_id!r} is already the id of steps.{first_use[step_id]}; "
                "give each step its own id"
            )
        elif isinstance(step_id, str):
            first_use[step_id] = number
        problems += _reference_problems(raw, at, story, projects)
    return tuple(steps), problems, skipped


def _known_projects(steps: list) -> tuple[frozenset[str] | None, tuple[Exception, ...]]:
    """The project ids, read only if some step names projects (None if none does), or
    None and the file's error if ``projects.csv`` cannot be read: the check is skipped.

    The steps' projects are only featured on the map, which draws no projects without
    the file anyway; the story, its passages and its steps do not need it.
    """
    from explainers.data.datasets import DataFileError

    if not any(isinstance(raw, dict) and _listed(raw, "projects") for raw in steps):
        return None, ()
    try:
        return project_ids(), ()
    except DataFileError as error:
        return None, (error,)


def _reference_problems(
    raw: dict, at: str, story: dict[str, str], projects: frozenset[str] | None
) -> list[str]:
    """What a step names that the story or the data does not have."""
    problems = [
        f"{at}.passages.{index}: {pid!r} is not a passage in {STORY_FILE}"
        f"{_did_you_mean(pid, story)}; use one of {', '.join(story)}"
        for index, pid in _listed(raw, "passages")
        if pid not in story
    ]
    if projects is not None:
        problems += [
            f"{at}.projects.{index}: {project!r} is not a project in "
            f"data/processed/projects.csv{_did_you_mean(project, projects)}; use a value of "
            "its id column"
            for index, project in _listed(raw, "projects")
            if project not in projects
        ]
    return problems


def project_ids() -> frozenset[str]:
    """The ids in ``data/processed/projects.csv``, the ones a step's ``projects`` may name.

    Read through :mod:`explainers.data.datasets`, imported here rather than at the top and only
    when a step names projects: it pulls in geopandas and the data files, which loading an
    explainer otherwise does not need.

    >>> "gwadar-port" in project_ids()
    True
    """
    from explainers.data import datasets

    return frozenset(datasets.load_projects()["id"])


def _listed(raw: dict, field: str) -> list[tuple[int, str]]:
    """The strings in a step's list field, with their positions (other values are the
    model's to report)."""
    values = raw.get(field)
    if not isinstance(values, list):
        return []
    return [(index, value) for index, value in enumerate(values) if isinstance(value, str)]


def _describe_step(error: dict) -> str:
    """A step's field error, with the field's description as the fix when pydantic's
    message has none (the validators' own messages already say how to fix them)."""
    field = str(error["loc"][0]) if error["loc"] else ""
    if error["type"] == "extra_forbidden":
        return f"{field}: is not a field a step has; use {', '.join(Step.model_fields)}"
    text = _describe(error)
    if error["type"] == "string_too_short":
        text = f"{field}: is empty"
    info = Step.model_fields.get(field)
    if error["type"] != "value_error" and info is not None and info.description:
        text += f"; write {field} as {info.description}"
    return text


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


@dataclass(frozen=True)
class Validation:
    """What ``python -m explainers validate`` found in one explainer folder.

    ``problems`` are the folder's own, one line each; ``unread`` the data files a check
    needed and could not read (each a ``DataFileError``: the file, what is wrong, the
    fix), so those checks were not run.
    """

    problems: tuple[str, ...] = ()
    unread: tuple[Exception, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems and not self.unread


def validate_all() -> dict[str, Validation]:
    """What :class:`Validation` found in each shipped explainer, read and checked but not
    linked: validating needs no place linker."""
    results = {}
    for explainer_id in available_explainers():
        try:
            skipped = read_explainer(explainer_id).skipped
            results[explainer_id] = Validation(unread=(*skipped, *load_gazetteer().unread))
        except ExplainerError as error:
            results[explainer_id] = Validation(problems=tuple(error.problems))
    return results
