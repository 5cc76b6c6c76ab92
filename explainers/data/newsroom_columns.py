"""Which column of a newsroom's table says what: names matched the way people write them.

A journalist's file may call the country "Recipient ISO-3", "ISO3" or "Country", the
longitude "lng" or "Longitude (WGS84)". :data:`FIELDS` lists, for each thing a row may
say, the names it goes by; :func:`match_columns` picks the best header for each.

Example
-------
>>> match_columns(["Project Name", "Country", "lat", "lng"])
{'name': 'Project Name', 'country': 'Country', 'lat': 'lat', 'lon': 'lng'}
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Field:
    """One thing a row may say, and the column names a journalist might give it.

    An alias ending in ``*`` also matches a longer name that starts with it
    ("amount*" matches "Amount (Constant USD 2021)"); exact names win over those.
    """

    name: str
    label: str
    aliases: tuple[str, ...]
    required: bool = False
    exclude: str = ""  # a regex: headers it finds are never this field


FIELDS = (
    Field(
        "name",
        "Project name",
        ("title", "project name", "name", "project", "project title"),
        required=True,
    ),
    Field(
        "iso3",
        "Country code (ISO-3)",
        ("recipient iso 3", "recipient iso3", "iso 3", "iso3", "iso", "country iso 3",
         "country iso3", "country code", "iso code", "iso alpha 3"),
    ),
    Field(
        "country",
        "Country name",
        ("recipient", "recipient country", "country", "country name", "recipient name"),
    ),
    Field("lat", "Latitude", ("latitude", "lat", "y", "centroid latitude", "latitude*")),
    Field(
        "lon",
        "Longitude",
        ("longitude", "lon", "lng", "long", "x", "centroid longitude", "longitude*"),
    ),
    Field(
        "type",
        "Type",
        ("type", "project type", "sector name", "sector", "category", "infrastructure type"),
    ),
    Field("status", "Status", ("status", "project status", "implementation status")),
    Field(
        "year",
        "Year",
        ("commitment year", "year", "start year", "implementation start year", "year started",
         "start"),
    ),
    Field(
        "cost",
        "Cost",
        ("amount constant usd 2021", "amount constant usd*", "amount nominal usd", "amount*",
         "cost usd bn", "cost*", "value*"),
        exclude=r"original|currency|deflat",
    ),
    Field(
        "source",
        "Source",
        ("source urls", "sources", "source", "source url", "url", "urls", "link", "links",
         "source*"),
    ),
    Field("id", "Record id", ("aiddata record id", "record id", "id", "project id")),
)  # fmt: skip
FIELD_BY_NAME = {f.name: f for f in FIELDS}


def normalise_header(text: str) -> str:
    """Lower case, punctuation as spaces: ``"Recipient ISO-3"`` → ``"recipient iso 3"``."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", str(text).lower()).split())


def match_columns(headers: list[str]) -> dict[str, str]:
    """Map each field to the header that names it best; each header serves one field.

    >>> match_columns(["Title", "Recipient ISO-3", "Recipient", "lng", "lat"])
    {'name': 'Title', 'iso3': 'Recipient ISO-3', 'country': 'Recipient', 'lat': 'lat', 'lon': 'lng'}
    """
    candidates = []
    for column, header in enumerate(headers):
        norm = normalise_header(header)
        for spec in FIELDS:
            if spec.exclude and re.search(spec.exclude, norm):
                continue
            for rank, alias in enumerate(spec.aliases):
                if alias.endswith("*"):
                    stem = alias[:-1].strip()
                    if norm == stem or norm.startswith(stem + " "):
                        candidates.append((100 + rank, column, spec.name, header))
                elif norm == alias:
                    candidates.append((rank, column, spec.name, header))
    mapping: dict[str, str] = {}
    used: set[int] = set()
    for _, column, name, header in sorted(candidates):
        if name not in mapping and column not in used:
            mapping[name] = header
            used.add(column)
    return {spec.name: mapping[spec.name] for spec in FIELDS if spec.name in mapping}
