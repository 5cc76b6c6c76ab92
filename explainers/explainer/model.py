"""What an explainer is: its story's passages, the countries and steps it draws, its event.

The models are pydantic, frozen, and validate what a journalist writes in
``explainer.yaml`` field by field, each message naming the field and the fix; reading
the folder that holds them is :mod:`explainers.explainer.folder`.

Example
-------
>>> Step(id="kazakhstan", title="Astana", caption="Where the belt was announced.").frame
'world'
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    HttpUrl,
    ValidationError,
    model_validator,
)

from explainers.countries import is_iso3
from explainers.data.schemas import ATTENDANCE_FILES
from explainers.text.places import Mention
from explainers.view import STEP_ID

PASSAGE_MARKER = re.compile(r"^\{#([a-z0-9][a-z0-9-]*)\}\s*$")
DEFAULT_EXPLAINER = "bri-forum-2017"
WORLD = "world"


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


_URL_BREAKERS = re.compile(r"[\s()\[\]<>\"'`\\]")


def _plain_url(url: HttpUrl) -> HttpUrl:
    """An http(s) URL with nothing that could end a Markdown link or start an image."""
    if url.scheme not in ("http", "https"):
        raise ValueError(f"{str(url)!r} is not an http(s) URL; link the article's web page")
    bad = sorted(set(_URL_BREAKERS.findall(str(url))))
    if bad:
        raise ValueError(
            f"{str(url)!r} holds {', '.join(repr(c) for c in bad)}; percent-encode them "
            "(a space is %20, '(' is %28, ')' is %29) or copy the address from the browser"
        )
    return url


class Original(_Frozen):
    """The article the explainer retells: credited and linked, never copied."""

    headline: str = Field(min_length=1)
    publisher: str = Field(min_length=1)
    date: dt.date
    url: Annotated[HttpUrl, AfterValidator(_plain_url)]
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


def _step_id(value: str) -> str:
    if not STEP_ID.fullmatch(value):
        raise ValueError(
            f"{value!r} is not a step id; use lower-case letters, digits and hyphens, "
            "at most 64, such as 'xi-and-putin' (it goes in the URL as ?step=<id>)"
        )
    return value


def _layer_id(value: str) -> str:
    # Imported here, not at the top: explainers.map.layers pulls in pandas and plotly, which
    # `python -m explainers validate` and the text tools do not otherwise need.
    from explainers.map.layers import LAYER_IDS

    if value not in LAYER_IDS:
        raise ValueError(
            f"{value!r} is not a map layer{_did_you_mean(value, LAYER_IDS)}; "
            f"use one of {', '.join(LAYER_IDS)}"
        )
    return value


class FrameBox(_Frozen):
    """A map frame given by its centre and zoom, as the map's projection takes them.

    ``scale`` 1 shows the whole world; each step up narrows the view, so about
    ``360 / scale`` degrees of longitude show across the map.

    >>> FrameBox(lon=60, lat=40, scale=2.2)
    FrameBox(lon=60.0, lat=40.0, scale=2.2)
    """

    lon: float = Field(ge=-180, le=180)
    lat: float = Field(ge=-90, le=90)
    scale: float = Field(ge=1, le=12)


_BOX_HELP = (
    "write 'world', an ISO-3 code such as 'KAZ', or a box such as "
    "{lon: 60, lat: 40, scale: 2} (lon -180 to 180, lat -90 to 90, scale 1 to 12)"
)


def _frame(value: object) -> object:
    """Read a step's ``frame``: ``'world'``, an ISO-3 code, or a :class:`FrameBox`."""
    if isinstance(value, FrameBox):
        return value
    if isinstance(value, str):
        if value == WORLD or is_iso3(value):
            return value
        raise ValueError(f"{value!r} is neither 'world' nor an ISO-3 country code; {_BOX_HELP}")
    if isinstance(value, dict):
        try:
            return FrameBox.model_validate(value)
        except ValidationError as error:
            wrong = "; ".join(_describe(item) for item in error.errors())
            raise ValueError(f"the box is wrong ({wrong}); {_BOX_HELP}") from None
    raise ValueError(f"{value!r} is not a frame; {_BOX_HELP}")


StepId = Annotated[str, AfterValidator(_step_id)]
LayerId = Annotated[str, AfterValidator(_layer_id)]
Frame = Annotated[str | FrameBox, BeforeValidator(_frame)]


class Step(_Frozen):
    """One step of an explainer's guided tour: what the page shows when a reader is on it.

    The model checks what needs only the app's code (slugs, ISO-3 codes, layer ids, the
    frame); :func:`load_explainer` checks what the step points at in the explainer's content
    and data (its passages in ``story.md``, its projects in ``data/processed/projects.csv``)
    and that step ids are unique.

    ``frame`` is ``'world'``, an ISO-3 code (frame that country) or a :class:`FrameBox`;
    ``layers`` is ``None`` to leave the reader's layers as they are, a tuple to set them
    (an empty tuple switches every layer off).

    >>> step = Step(id="kazakhstan", title="Kazakhstan", caption="Xi met Nazarbayev.",
    ...             countries=["KAZ"], frame="KAZ", layers=["projects"])
    >>> step.frame, step.layers, step.passages
    ('KAZ', ('projects',), ())
    >>> Step(id="eurasia", title="Eurasia", caption="The corridors.",
    ...      frame={"lon": 60, "lat": 40, "scale": 2.2}).frame
    FrameBox(lon=60.0, lat=40.0, scale=2.2)
    """

    id: StepId = Field(
        description="a lower-case slug such as 'xi-and-putin', unique among the steps "
        "(the URL carries it as ?step=<id>)"
    )
    title: str = Field(
        min_length=1, max_length=60, description="a short heading, at most 60 characters"
    )
    caption: str = Field(
        min_length=1,
        max_length=320,
        description="one or two sentences in our own words, at most 320 characters",
    )
    passages: tuple[str, ...] = Field(
        default=(), description="a list of passage ids from story.md, such as [lead, forum]"
    )
    countries: tuple[Iso3, ...] = Field(
        default=(), description="a list of ISO-3 codes to highlight, such as [CHN, RUS]"
    )
    layers: tuple[LayerId, ...] | None = Field(
        default=None,
        description="a list of map layer ids, such as [projects, corridors], or left out "
        "to keep the reader's layers",
    )
    frame: Frame = Field(
        default=WORLD,
        description="'world', an ISO-3 code, or a box {lon: ..., lat: ..., scale: ...}",
    )
    projects: tuple[str, ...] = Field(
        default=(),
        description="a list of project ids from the id column of data/processed/projects.csv",
    )


def _one_leader_slot(line: str) -> str:
    if line.count("{leader}") != 1 or line.replace("{leader}", "").count("{"):
        raise ValueError(
            "must name the leader once as {leader} (filled from the attendance table) and "
            "hold no other {...}"
        )
    return line


class Event(_Frozen):
    """What an explainer says, on each country's card, about the event it covers.

    The words live in the explainer's folder, so a second explainer (another forum, another
    summit) says its own and never the first one's. ``attended`` names the leader as
    ``{leader}``, filled from the event's attendance table (``attendance``, a file in
    ``data/processed/``: ``forum_2017.csv`` unless the block names another).
    """

    host: Iso3 = Field(description="the host country, whose card says `hosted`")
    name: str = Field(
        min_length=1,
        description="the event's short name: the map layer's switch and key, e.g. '2017 forum'",
    )
    layer_help: str = Field(
        min_length=1, description="what the event's map layer shows, in one sentence"
    )
    marker: str = Field(
        min_length=1, description="the map key's line for the star, e.g. 'Its leader came'"
    )
    hover: Annotated[str, AfterValidator(_one_leader_slot)] = Field(
        description="the star's hover text, with {leader}, e.g. '{leader} came to the forum'"
    )
    source: str = Field(
        min_length=1, description="where the attendance list comes from, for the sources table"
    )
    hosted: str = Field(min_length=1, description="the host's line, e.g. 'China hosted it.'")
    attended: Annotated[str, AfterValidator(_one_leader_slot)] = Field(
        description="a leader's country's line, with {leader}"
    )
    absent: str = Field(min_length=1, description="every other country's line")
    attendance: Literal[tuple(ATTENDANCE_FILES)] = Field(
        default="forum_2017.csv",
        description="the attendance table in data/processed that fills {leader} and the "
        "stars: one of " + ", ".join(ATTENDANCE_FILES),
    )


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
    steps: tuple[Step, ...] = ()
    event: Event | None = None
    layers: tuple[LayerId, ...] | None = Field(
        default=None,
        description="the map layers on when the explainer opens, such as [projects, corridors]; "
        "leave it out for the app's defaults",
    )

    @model_validator(mode="after")
    def _event_layer_needs_event(self) -> Explainer:
        asked = set(self.layers or ()) | {
            layer for step in self.steps for layer in (step.layers or ())
        }
        if "forum" in asked and self.event is None:
            raise ValueError(
                "the 'forum' layer shows the explainer's event, and this explainer has no "
                "'event' block; add one (host, name, layer_help, marker, hover, source, "
                "hosted, attended, absent) or remove 'forum' from its layers"
            )
        return self

    def passage(self, passage_id: str) -> Passage:
        return next(p for p in self.passages if p.id == passage_id)

    def step(self, step_id: str) -> Step | None:
        """The step with this id (as read from ``?step=<id>``), or None if there is none."""
        return next((s for s in self.steps if s.id == step_id), None)

    def country(self, iso3: str) -> StoryCountry | None:
        return next((c for c in self.countries if c.iso3 == iso3), None)

    def passages_naming(self, iso3: str) -> tuple[Passage, ...]:
        return tuple(p for p in self.passages if iso3 in p.countries)


def _describe(error: dict) -> str:
    field = ".".join(str(part) for part in error["loc"]) or "(top level)"
    message = error["msg"].removeprefix("Value error, ")
    if error["type"] == "missing":
        message = "is required but missing"
    elif error["type"] == "extra_forbidden":
        message = "is not a field an explainer has; remove it or fix its spelling"
    return f"{field}: {message}"


def _did_you_mean(value: str, choices) -> str:
    close = difflib.get_close_matches(value, sorted(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
