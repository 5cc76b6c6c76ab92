"""What the reader learns about one country: the facts behind a card, as a plain value.

Kept apart from the page so the same facts can feed the Streamlit card, a static export
or an embed, and so they test without a server.

Example
-------
>>> from explainers.explainer import load_explainer
>>> from explainers.datasets import load_map_data
>>> card = country_card("KAZ", load_explainer("bri-forum-2017"), load_map_data())
>>> card.forum_leader
'President Nursultan Nazarbayev'
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from explainers.countries import country_name
from explainers.dataset_schemas import split_list
from explainers.explainer import Explainer, Passage
from explainers.layers import MapData


@dataclass(frozen=True)
class ProjectLine:
    """One project as the card lists it."""

    id: str
    name: str
    type: str
    status: str
    start_year: int | None


@dataclass(frozen=True)
class CountryCard:
    iso3: str
    name: str
    why: str | None  # why the story names it; None if it does not
    passages: tuple[Passage, ...]
    projects: tuple[ProjectLine, ...]
    partner_since: int | None
    partner_left: int | None
    forum_leader: str | None


def _year(value) -> int | None:
    number = pd.to_numeric(value, errors="coerce")
    return None if pd.isna(number) else int(number)


def country_card(iso3: str, explainer: Explainer, data: MapData) -> CountryCard:
    """Everything the app says about ``iso3``: story role, passages, projects, partnership."""
    story_country = explainer.country(iso3)
    in_country = data.projects[
        data.projects["countries"].map(lambda codes: iso3 in split_list(codes))
    ]
    partner = data.partners[data.partners["iso3"] == iso3]
    leader = data.forum[data.forum["country_iso3"] == iso3]
    return CountryCard(
        iso3=iso3,
        name=country_name(iso3),
        why=story_country.why if story_country else None,
        passages=explainer.passages_naming(iso3),
        projects=tuple(
            ProjectLine(row.id, row.name, row.type, row.status, _year(row.start_year))
            for row in in_country.sort_values("start_year").itertuples(index=False)
        ),
        partner_since=_year(partner["joined_year"].iloc[0]) if len(partner) else None,
        partner_left=_year(partner["left_year"].iloc[0]) if len(partner) else None,
        forum_leader=(
            f"{leader['title'].iloc[0]} {leader['leader'].iloc[0]}" if len(leader) else None
        ),
    )
