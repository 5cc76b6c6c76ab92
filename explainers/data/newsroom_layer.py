"""A newsroom's own project table as a map layer: read with bounded work, checked cell by cell.

A journalist brings a CSV (or GeoJSON) of projects, often AidData's Global Chinese
Development Finance layout or their own spreadsheet. The work is in three steps, each
its own module: the file is read as text cells (:mod:`~explainers.data.newsroom_read`),
its columns matched the way people write them, "Recipient ISO-3", "lng", "Amount
(Constant USD 2021)" (:mod:`~explainers.data.newsroom_columns`), and every cell checked
by the same rules as our own ``data/`` (:mod:`~explainers.data.newsroom_cells`). Rows that
pass are drawn (:mod:`explainers.map.newsroom`); every broken cell is reported as
``row N, column C: what is wrong; how to fix it``. Nothing is dropped silently. Plain
values in and out, no Streamlit. This module ties the steps together in
:func:`read_layer` and holds the result, :class:`NewsroomLayer`, and the command line.

Example
-------
>>> csv = b"Title,Recipient ISO-3,Latitude,Longitude,Source URLs\\nGwadar,PAK,25.12,62.33,https://a.org\\n"
>>> layer = read_layer(csv, "mine.csv")
>>> layer.mapping["iso3"], layer.summary()
('Recipient ISO-3', '1 row drawn, every row passed')
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from explainers.data.newsroom_cells import CellProblem, check_cells
from explainers.data.newsroom_columns import FIELD_BY_NAME, match_columns, normalise_header
from explainers.data.newsroom_read import (
    GEOMETRY,
    MAX_BYTES,
    MAX_ROWS,
    MAX_SIZE_SHOWN,
    LayerInputError,
    read_table,
)

__all__ = [
    "FIELD_BY_NAME",
    "MAX_BYTES",
    "MAX_LISTED",
    "MAX_ROWS",
    "CellProblem",
    "LayerInputError",
    "NewsroomLayer",
    "check_command",
    "check_layer",
    "load_file",
    "mapping_lines",
    "match_columns",
    "read_layer",
]

MAX_LISTED = 200
"""At most this many broken cells are listed; the summary counts them all."""


@dataclass(frozen=True)
class NewsroomLayer:
    """A checked layer: the mapping used, the rows drawn, and every problem found."""

    filename: str
    mapping: dict[str, str]
    unmapped: tuple[str, ...]
    rows: int
    drawn: pd.DataFrame
    problems: tuple[CellProblem, ...]
    failed_rows: int
    notes: tuple[str, ...] = ()
    credit: str = ""
    unit: str = "row"
    listed: tuple[CellProblem, ...] = field(default=())

    def summary(self) -> str:
        """``"9,812 rows drawn, 188 listed below"`` (rows, not cells, on both sides)."""
        drawn = len(self.drawn)
        failed = f"{self.failed_rows:,} listed below" if self.failed_rows else "every row passed"
        return f"{drawn:,} {self.unit}{'' if drawn == 1 else 's'} drawn, {failed}"

    def report_lines(self) -> list[str]:
        """The listed problems, then how many more there were (if any)."""
        lines = [str(p) for p in self.listed]
        hidden = len(self.problems) - len(self.listed)
        if hidden > 0:
            lines.append(
                f"… and {hidden:,} more broken cells (the first {len(self.listed)} are listed)"
            )
        return lines

    def counts_by_country(self) -> dict[str, int]:
        return self.drawn["iso3"].value_counts().to_dict()


def _missing_columns(headers: list[str], mapping: dict[str, str], filename: str) -> None:
    missing = []
    if "name" not in mapping:
        missing.append("a project name (Title, Project Name, Name)")
    if "iso3" not in mapping and "country" not in mapping:
        missing.append("a country (Recipient ISO-3, ISO3, Country, Recipient)")
    if "lat" not in mapping or "lon" not in mapping:
        missing.append("coordinates (Latitude and Longitude, lat and lng)")
    if missing:
        shown = ", ".join(repr(h) for h in headers[:12]) + (" …" if len(headers) > 12 else "")
        raise LayerInputError(
            f"{filename} has no column for {'; '.join(missing)}. Its columns are {shown}; "
            "rename the columns (first row) to one of the names in brackets"
        )


def default_credit(filename: str, mapping: dict[str, str], drawn: int) -> str:
    """The layer's credit line when the newsroom gives none."""
    aiddata = normalise_header(mapping.get("id", "")) == "aiddata record id"
    layout = (
        " in the column layout of AidData's Global Chinese Development Finance Dataset 3.0 "
        "(ODC-By 1.0)"
        if aiddata
        else ""
    )
    projects = "project" if drawn == 1 else "projects"
    return f"Your layer: {filename}, {drawn:,} {projects}{layout}; sources row by row in the file."


def check_layer(
    frame: pd.DataFrame, filename: str, unit: str = "row", notes=(), credit: str | None = None
) -> NewsroomLayer:
    """Match the columns, check every cell, and split the rows into drawn and listed."""
    headers = [str(c) for c in frame.columns if c != GEOMETRY]
    if GEOMETRY in frame.columns:
        headers = [h for h in headers if h not in ("latitude", "longitude")]
        headers += ["latitude", "longitude"]
    mapping = match_columns(headers)
    _missing_columns(headers, mapping, filename)
    notes = list(notes)
    if "source" not in mapping:
        notes.append(
            "no source column was found (Source URLs, Sources, Source): the rows are drawn "
            "without a source; add one so readers can check each project"
        )
    cells = check_cells(frame, mapping, unit)
    good = ~cells.bad
    drawn = cells.rows[good].reset_index(drop=True)
    drawn.insert(0, "row", np.flatnonzero(good) + cells.first_row)
    problems = sorted(
        cells.problems, key=lambda p: (p.row, headers.index(p.column) if p.column in headers else 0)
    )
    return NewsroomLayer(
        filename=filename,
        mapping=mapping,
        unmapped=tuple(h for h in headers if h not in mapping.values()),
        rows=len(frame),
        drawn=drawn,
        problems=tuple(problems),
        failed_rows=int(cells.bad.sum()),
        notes=tuple(notes),
        credit=credit or default_credit(filename, mapping, len(drawn)),
        unit=unit,
        listed=tuple(problems[:MAX_LISTED]),
    )


def read_layer(data: bytes, filename: str, credit: str | None = None) -> NewsroomLayer:
    """Read and check a newsroom's file (CSV or GeoJSON bytes) in one call.

    Raises :class:`LayerInputError` when the file cannot be read as a table of projects.
    """
    frame, notes, unit = read_table(data, filename)
    if frame.empty:
        raise LayerInputError(
            f"{filename} has a header row but no projects; add one project per row"
        )
    return check_layer(frame, filename, unit, notes, credit)


# ---------------------------------------------------------------- the command line


def mapping_lines(layer: NewsroomLayer) -> list[str]:
    """The column mapping as a journalist reads it: ``Project name ← "Title"``."""
    lines = [f"{FIELD_BY_NAME[name].label} ← {header!r}" for name, header in layer.mapping.items()]
    if layer.unmapped:
        lines.append("not used: " + ", ".join(repr(h) for h in layer.unmapped))
    return lines


def load_file(path: str) -> NewsroomLayer:
    """Read and check a layer file from disk (the CLI's entry), with the size checked first."""
    from pathlib import Path

    file = Path(path)
    try:
        size = file.stat().st_size
        if size > MAX_BYTES:
            raise LayerInputError(
                f"{file.name} is {size:,} bytes; the limit is {MAX_SIZE_SHOWN}. Keep only the "
                "columns the map needs and try again"
            )
        data = file.read_bytes()
    except OSError as error:
        raise LayerInputError(
            f"{path}: cannot read it ({error.strerror}); check the path"
        ) from None
    return read_layer(data, file.name)


def check_command(path: str) -> int:
    """``python -m explainers layer check FILE``: mapping, report, summary; exit 0, 1 or 2."""
    import sys

    try:
        layer = load_file(path)
    except LayerInputError as error:
        print(f"layer: {error}", file=sys.stderr)
        return 2
    print(f"{layer.filename}: columns used")
    for line in mapping_lines(layer):
        print(f"  {line}")
    for note in layer.notes:
        print(f"note: {note}")
    for line in layer.report_lines():
        print(line)
    print(layer.summary())
    return 1 if layer.failed_rows else 0
