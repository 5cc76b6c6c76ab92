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
import math

import pandas as pd
from shapely.geometry import shape

MAX_BYTES = 30_000_000
"""Files over 30 MB (30,000,000 bytes, as Streamlit's uploader counts a MB in the
browser) are refused before parsing (AidData's 9,405 geolocated rows fit)."""
MAX_SIZE_SHOWN = "30 MB (30,000,000 bytes)"
MAX_ROWS = 25_000
"""More rows than this are refused (all 20,985 GCDF 3.0 records fit)."""
MAX_COLUMNS = 200
"""More columns (or distinct GeoJSON property names) than this are refused: GCDF 3.0 has
128, and a file of thousands of sparse columns would take gigabytes to hold as a table."""
DELIMITERS = (",", ";", "\t")
SNIFF_LINES = 20
"""How many of the first lines pick the delimiter (read once each, linear in their size)."""
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


def _too_wide(count: int, filename: str, what: str) -> LayerInputError:
    return LayerInputError(
        f"{filename} has {count:,} {what}; the limit is {MAX_COLUMNS}. Keep only the columns "
        "the map needs (name, country, latitude, longitude, type, status, year, cost, "
        "source) and upload it again"
    )


def pick_delimiter(text: str) -> str:
    """The delimiter (comma, semicolon or tab) that splits the first lines most evenly.

    Each candidate reads the first :data:`SNIFF_LINES` lines once with :mod:`csv`, so
    the work is linear in their size whatever they hold (the standard library's
    ``csv.Sniffer`` back-tracks for tens of seconds on a line of ``,"`` repeated). The
    winner gives the most columns on the header line, and the same count on the lines
    under it; a tie goes to the comma.

    >>> pick_delimiter("Title;ISO3;Amount\\nGwadar;PAK;1,5\\n")
    ';'
    >>> pick_delimiter("just one column\\n")
    ','
    """
    head = text[: 1 << 16].splitlines()[:SNIFF_LINES]
    best, best_score = ",", (1, 0)
    for candidate in DELIMITERS:
        try:
            widths = [len(row) for row in csv.reader(head, delimiter=candidate)]
        except csv.Error:
            continue
        if not widths:
            continue
        score = (widths[0], sum(width == widths[0] for width in widths[1:]))
        if score > best_score:
            best, best_score = candidate, score
    return best


def _read_csv(text: str, filename: str) -> pd.DataFrame:
    sep = pick_delimiter(text)
    header = next(csv.reader(text[: 1 << 20].splitlines()[:1], delimiter=sep), [])
    if len(header) > MAX_COLUMNS:
        raise _too_wide(len(header), filename, "columns")
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, nrows=MAX_ROWS + 1
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, csv.Error) as error:
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


def _load_json(text: str, filename: str):
    """The parsed document, or a LayerInputError saying what stopped the parser."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise LayerInputError(
            f"{filename} is not valid JSON (line {error.lineno}: {error.msg}); export it "
            "again as GeoJSON, or upload a CSV"
        ) from None
    except RecursionError:
        raise LayerInputError(
            f"{filename} nests lists or objects too deeply to be GeoJSON; export the layer "
            "again as GeoJSON (a FeatureCollection of Point features), or upload a CSV"
        ) from None
    except ValueError as error:  # a number of thousands of digits
        raise LayerInputError(
            f"{filename} holds a number too long to read ({str(error).split(':')[0]}); "
            "export the layer again with ordinary numbers, or upload a CSV"
        ) from None


def _features(document, filename: str) -> list:
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise LayerInputError(
            f"{filename} is JSON but not a GeoJSON FeatureCollection; export the layer as "
            "GeoJSON (a FeatureCollection of Point features)"
        )
    features = document.get("features")
    if features is None:
        return []
    if not isinstance(features, list):
        raise LayerInputError(
            f"{filename}: 'features' is {_json_kind(features)}, not a list of features; "
            "export the layer again as GeoJSON, or upload a CSV"
        )
    if len(features) > MAX_ROWS:
        raise _too_many(len(features), filename, "feature")
    return features


def _json_kind(value) -> str:
    kinds = {bool: "true or false", int: "a number", float: "a number", str: "a text"}
    kinds.update({list: "a list", dict: "an object"})
    return kinds.get(type(value), "empty")


def _properties(feature, number: int, filename: str) -> dict:
    if not isinstance(feature, dict):
        raise LayerInputError(
            f"{filename}: feature {number} is {_json_kind(feature)}, not an object with "
            "'properties' and 'geometry'; export the layer again as GeoJSON"
        )
    props = feature.get("properties")
    if props is None:
        return {}
    if not isinstance(props, dict):
        raise LayerInputError(
            f"{filename}: feature {number}'s 'properties' is {_json_kind(props)}, not an "
            'object of names and values (such as {"name": "Gwadar Port", "country": '
            '"PAK"}); fix that feature or export the layer again'
        )
    return props


def _point(geometry) -> tuple[str, str, str, bool]:
    """(longitude, latitude, geometry note, is an area) of a GeoJSON geometry, as text."""
    if not geometry:
        return "", "", "", False
    try:
        geom = shape(geometry)
        if geom.is_empty:
            return "", "", "", False
        area = geom.geom_type != "Point"
        if area:
            geom = geom.representative_point()
        x, y = geom.x, geom.y
    except Exception:  # shapely raises many kinds of error for a malformed shape
        return "", "", "invalid", False
    if not (math.isfinite(x) and math.isfinite(y)) and area:
        return "", "", "invalid", False
    return repr(x), repr(y), "", area


def _read_geojson(text: str, filename: str) -> tuple[pd.DataFrame, list[str], int]:
    """Properties as text columns, plus ``latitude``/``longitude`` from each Point."""
    features = _features(_load_json(text, filename), filename)
    rows, notes, areas, names = [], [], 0, set()
    for number, feature in enumerate(features, start=1):
        row = {str(k): _cell_text(v) for k, v in _properties(feature, number, filename).items()}
        names.update(row)
        if len(names) > MAX_COLUMNS:
            raise _too_wide(
                len(names), filename, f"property names in its first {number:,} features"
            )
        lon, lat, note, area = _point(feature.get("geometry"))
        row["longitude"], row["latitude"], row[GEOMETRY] = lon, lat, note
        areas += area
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
