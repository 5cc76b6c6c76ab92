"""The Belt and Road tables the map draws from, as one value, and the one reader of a
project's countries.

Example
-------
>>> data = MapData(pd.DataFrame({"id": ["port"], "countries": ["PAK"]}), *[pd.DataFrame()] * 3)
>>> data.projects_in("PAK")["id"].tolist()
['port']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from explainers.data.schemas import ATTENDANCE_FILES, split_list

FIRST_ATTENDANCE = next(iter(ATTENDANCE_FILES))  # forum_2017.csv, read as MapData.forum


@dataclass(frozen=True)
class MapData:
    """The Belt and Road tables the layers draw from (as read from data/processed)."""

    projects: pd.DataFrame
    corridors: pd.DataFrame  # waypoints, one row per place, with corridor, line, seq
    partners: pd.DataFrame
    forum: pd.DataFrame
    # The points each corridor line is drawn through (line, lon, lat; the sea route's
    # many): see corridor_line_points. None or a missing line: its waypoints, joined.
    corridor_paths: pd.DataFrame | None = None
    # The later events' attendance lists, by file name (forum_2019.csv, ...); the 2017
    # one is ``forum`` and only there: see attendance_of.
    attendance: Mapping[str, pd.DataFrame] = field(default_factory=dict)

    def attendance_of(self, filename: str | None) -> pd.DataFrame:
        """The attendance list an event names (its ``attendance`` field; none or the 2017
        file: ``forum``). A list that is not loaded is empty: no event borrows another's.

        >>> first = pd.DataFrame({"country_iso3": ["RUS"]})
        >>> later = pd.DataFrame({"country_iso3": ["NGA"]})
        >>> data = MapData(*[pd.DataFrame()] * 3, first, attendance={"forum_2023.csv": later})
        >>> data.attendance_of("forum_2023.csv")["country_iso3"].tolist()
        ['NGA']
        >>> data.attendance_of("forum_2017.csv")["country_iso3"].tolist()
        ['RUS']
        >>> data.attendance_of("forum_2019.csv")["country_iso3"].tolist()
        []
        """
        if not filename or filename == FIRST_ATTENDANCE:
            return self.forum
        return self.attendance.get(filename, self.forum.iloc[0:0])

    def projects_by_country(self) -> dict[str, list]:
        """The labels of each country's projects in ``projects``, in the table's order.

        The one reader of a project's ``countries`` cell: a project that crosses borders
        (a pipeline, a railway) lists each country, and is in each of them.

        >>> projects = pd.DataFrame({"id": ["line", "port"], "countries": ["KAZ;CHN", "PAK"]})
        >>> MapData(projects, *[pd.DataFrame()] * 3).projects_by_country()
        {'KAZ': [0], 'CHN': [0], 'PAK': [1]}
        """
        rows: dict[str, list] = {}
        for label, cell in zip(self.projects.index, self.projects["countries"], strict=True):
            for code in split_list(cell) if isinstance(cell, str) else ():
                rows.setdefault(code, []).append(label)
        return rows

    def projects_in(self, *countries: str) -> pd.DataFrame:
        """The projects in any of ``countries`` (ISO3 codes), in the table's order.

        >>> projects = pd.DataFrame({"id": ["line", "port"], "countries": ["KAZ;CHN", "PAK"]})
        >>> data = MapData(projects, *[pd.DataFrame()] * 3)
        >>> data.projects_in("CHN")["id"].tolist(), data.projects_in("PAK", "KAZ")["id"].tolist()
        (['line'], ['line', 'port'])
        """
        by_country = self.projects_by_country()
        labels = {label for code in countries for label in by_country.get(code, ())}
        return self.projects[self.projects.index.isin(labels)]
