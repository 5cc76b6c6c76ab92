"""A newsroom's file read as a table of text cells, with bounded work and a clear refusal.

A CSV (any of comma, semicolon or tab; UTF-8 or UTF-16) or a GeoJSON FeatureCollection
becomes a frame of text cells, nothing typed or dropped yet: the checks
(:mod:`explainers.data.newsroom_cells`) decide what each cell means. A file that cannot
be read that way (too big, too long, an Excel workbook, not UTF-8, empty) raises
:class:`LayerInputError`, whose message names the file, what is wrong and what to do.

Example
-------
>>> frame, notes, unit = read_table(b"Title,ISO3\\nGwadar,PAK\\n", "mine.csv")
>>> frame.to_dict("records"), unit
([{'Title': 'Gwadar', 'ISO3': 'PAK'}], 'row')
"""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
from shapely.geometry import shape

MAX_BYTES = 30_000_000
"""Files over 30 MB (30,000,000 bytes, as Streamlit's uploader counts a MB in the
browser) are refused before parsing (AidData's 9,405 geolocated rows fit)."""
MAX_SIZE_SHOWN = "30 MB (30,000,000 bytes)"
MAX_ROWS = 25_000
"""More rows than this are refused (all 20,985 GCDF 3.0 records fit)."""
GEOMETRY = "geometry"
"""The column a GeoJSON's geometry leaves behind: empty, or ``invalid`` when unreadable."""


class LayerInputError(ValueError):
    """The file cannot be read as a table of projects; the message says why and what to do."""


def _decode(data: bytes, filename: str) -> str:
    if data[:4] == b"PK\x03\x04":
        raise LayerInputError(
            f"{filename} is a zip or an Excel workbook, not a CSV; in Excel use "
            "File > Save As > 'CSV UTF-8 (Comma delimited)' and upload that file"
        )
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise LayerInputError(
                f"{filename} is not UTF-8 text (byte 0x{data[error.start]:02x} on line {line}); "
                "save it as 'CSV UTF-8' (Excel) or with UTF-8 encoding and upload it again"
            ) from None
    if "\x00" in text:
        raise LayerInputError(f"{filename} holds binary data, not text; upload a CSV or GeoJSON")
    if not text.strip():
        raise LayerInputError(f"{filename} is empty; upload a CSV with a header row and projects")
    return text


def _too_many(count: int, filename: str, unit: str) -> LayerInputError:
    return LayerInputError(
        f"{filename} has more than {MAX_ROWS:,} {unit}s; split it into files of at most "
        f"{MAX_ROWS:,} {unit}s (or filter it to the countries your story covers)"
    )


def _read_csv(text: str, filename: str) -> pd.DataFrame:
    try:
        dialect = csv.Sniffer().sniff(text[:65536], delimiters=",;\t")
        sep = dialect.delimiter
    except csv.Error:
        sep = ","
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, nrows=MAX_ROWS + 1
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        detail = str(error).strip().splitlines()[-1] if str(error).strip() else "no columns"
        raise LayerInputError(
            f"{filename} could not be read as a CSV ({detail}); save it from your spreadsheet "
            "as CSV, with one header row and the same number of cells in every row"
        ) from None
    if len(frame) > MAX_ROWS:
        raise _too_many(len(frame), filename, "row")
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _read_geojson(text: str, filename: str) -> tuple[pd.DataFrame, list[str], int]:
    """Properties as text columns, plus ``latitude``/``longitude`` from each Point."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise LayerInputError(
            f"{filename} is not valid JSON (line {error.lineno}: {error.msg}); export it "
            "again as GeoJSON, or upload a CSV"
        ) from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise LayerInputError(
            f"{filename} is JSON but not a GeoJSON FeatureCollection; export the layer as "
            "GeoJSON (a FeatureCollection of Point features)"
        )
    features = document.get("features") or []
    if len(features) > MAX_ROWS:
        raise _too_many(len(features), filename, "feature")
    rows, notes, areas = [], [], 0
    for feature in features:
        props = feature.get("properties") if isinstance(feature, dict) else None
        row = {str(k): _cell_text(v) for k, v in (props or {}).items()}
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        row["longitude"] = row["latitude"] = ""
        row[GEOMETRY] = ""
        try:
            geom = shape(geometry) if geometry else None
        except (ValueError, TypeError, AttributeError, KeyError):
            geom, row[GEOMETRY] = None, "invalid"
        if geom is not None and not geom.is_empty:
            if geom.geom_type != "Point":
                areas += 1
                geom = geom.representative_point()
            row["longitude"], row["latitude"] = repr(geom.x), repr(geom.y)
        rows.append(row)
    if areas:
        notes.append(f"{areas:,} features are lines or areas: each is drawn at a point inside it")
    return pd.DataFrame(rows, dtype=str).fillna(""), notes, len(features)


def read_table(data: bytes, filename: str) -> tuple[pd.DataFrame, list[str], str]:
    """The file as a frame of text cells, notes on what was done, and its row unit.

    Raises :class:`LayerInputError` for a file over :data:`MAX_BYTES` or
    :data:`MAX_ROWS`, not UTF-8, empty, binary, or not a CSV/GeoJSON.
    """
    if len(data) > MAX_BYTES:
        raise LayerInputError(
            f"{filename} is {len(data):,} bytes; the limit is {MAX_SIZE_SHOWN}. Keep only the "
            "columns the map needs (name, country, latitude, longitude, type, status, year, "
            "cost, source) and try again"
        )
    text = _decode(data, filename)
    if filename.lower().endswith((".geojson", ".json")) or text.lstrip().startswith("{"):
        frame, notes, _ = _read_geojson(text, filename)
        return frame, notes, "feature"
    return _read_csv(text, filename), [], "row"
