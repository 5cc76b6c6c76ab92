"""A newsroom's own project table as a map layer: read with bounded work, checked cell by cell.

A journalist brings a CSV (or GeoJSON) of projects, often AidData's Global Chinese
Development Finance layout or their own spreadsheet. Its columns are matched the way
people write them ("Recipient ISO-3", "lng", "Amount (Constant USD 2021)") through the
:data:`FIELDS` table, and every row is checked by the same rules as our own ``data/``
(a known country, a point in or near it, a year between 2000 and 2030, a source). Rows
that pass are drawn; every broken cell is reported as ``row N, column C: what is wrong;
how to fix it``. Nothing is dropped silently. Plain values in and out, no Streamlit.

Example
-------
>>> csv = b"Title,Recipient ISO-3,Latitude,Longitude,Source URLs\\nGwadar,PAK,25.12,62.33,https://a.org\\n"
>>> layer = read_layer(csv, "mine.csv")
>>> layer.mapping["iso3"], layer.summary()
('Recipient ISO-3', '1 row drawn, every row passed')
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urlsplit

import geopandas as gpd
import numpy as np
import pandas as pd
import pycountry
import shapely
from shapely.geometry import shape

from explainers.countries import _geonames_names, is_iso3
from explainers.data.datasets import DEFAULT_TOLERANCE_KM, OUTSIDE_TOLERANCE_KM, km_outside
from explainers.data.schemas import YEAR_MAX, YEAR_MIN
from explainers.map.layers import year_filter

MAX_BYTES = 30_000_000
"""Files over 30 MB (30,000,000 bytes, as Streamlit's uploader counts a MB in the
browser) are refused before parsing (AidData's 9,405 geolocated rows fit)."""
MAX_SIZE_SHOWN = "30 MB (30,000,000 bytes)"
MAX_ROWS = 25_000
"""More rows than this are refused (all 20,985 GCDF 3.0 records fit)."""
MAX_LISTED = 200
"""At most this many broken cells are listed; the summary counts them all."""
LAYER_ID = "newsroom"
INK = "#6A3D9A"  # one colour for the whole layer, apart from the story's role colours


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
GEOMETRY = "geometry"
_FORMULA = re.compile(r"^[\s]*[=+\-@]|^[\t\r]")
_SCHEMES = ("http", "https")
_PLAIN_SOURCES = r"https?://[^\s|;]+(\s*[|;]\s*https?://[^\s|;]+)*"
_PORT_WORDS = re.compile(r"(?<!trans)ports?\b|terminal|harbou?r|wharf|container")


class LayerInputError(ValueError):
    """The file cannot be read as a table of projects; the message says why and what to do."""


@dataclass(frozen=True)
class CellProblem:
    """One broken cell: where (spreadsheet row, column as the file names it), what, the fix."""

    row: int
    column: str
    message: str
    fix: str
    unit: str = "row"

    def __str__(self) -> str:
        return f"{self.unit} {self.row}, column {self.column}: {self.message}; {self.fix}"


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


# ---------------------------------------------------------------- reading, bounded


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


# ---------------------------------------------------------------- countries


@cache
def _country_names() -> dict[str, str]:
    names = {name.lower(): code for code, name in _geonames_names().items()}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            if hasattr(country, attr):
                names.setdefault(getattr(country, attr).lower(), country.alpha_3)
    names.setdefault("kosovo", "XKX")
    return names


@cache
def resolve_country(text: str) -> str | None:
    """An ISO-3 code for a code or an English country name; None if it is neither.

    >>> resolve_country("pak"), resolve_country("Lao People's Democratic Republic")
    ('PAK', 'LAO')
    """
    value = " ".join(text.split())
    if not value:
        return None
    if len(value) == 3 and is_iso3(value.upper()):
        return value.upper()
    code = _country_names().get(value.lower())
    if code:
        return code
    try:
        return pycountry.countries.lookup(value).alpha_3
    except LookupError:
        return None


@cache
def check_shapes() -> gpd.GeoDataFrame:
    """Country shapes as the checks read them (``iso3``, ``name``, ``geometry``), repaired.

    The 1:50m TopoJSON's shapes, with two repairs: invalid ones (Russia's, across the
    antimeridian) made valid, and parts wider than 300 degrees dropped: a shape cut at
    the antimeridian leaves such a band (Fiji's runs round the globe at 16.5 degrees
    south, 0.05 degrees tall), which would pass any point on that line as in Fiji.
    """
    from explainers.map.geometry import country_shapes

    shapes = country_shapes()[["iso3", "name", "geometry"]].reset_index(drop=True)
    shapes["geometry"] = shapely.make_valid(shapes.geometry.to_numpy())
    parts = shapes.explode(index_parts=False).reset_index(drop=True)
    bounds = parts.geometry.bounds
    parts = parts[(bounds.maxx - bounds.minx) <= 300]
    return parts.dissolve(by=["iso3", "name"], as_index=False)


@cache
def _parts_by_iso3() -> dict[str, list]:
    """Each country's shapes, prepared once so that point tests run fast."""
    parts = {iso3: list(group.geometry) for iso3, group in check_shapes().groupby("iso3")}
    for geometries in parts.values():
        shapely.prepare(geometries)
    return parts


# ---------------------------------------------------------------- checking


def _numbers(cells: pd.Series) -> pd.Series:
    """Cells as numbers (NaN where not one); "US$1,200" reads as 1200."""
    numbers = pd.to_numeric(cells, errors="coerce")
    odd = numbers.isna() & (cells != "")
    if odd.any():
        cleaned = cells[odd].str.replace(r"^\s*(US\$|\$)", "", regex=True).str.replace(",", "")
        numbers[odd] = pd.to_numeric(cleaned.str.strip(), errors="coerce")
    return numbers.astype(float)


def _cost_scale(header: str) -> float:
    norm = normalise_header(header)
    if re.search(r"\b(bn|billion|billions)\b", norm):
        return 1e9
    if re.search(r"\b(m|mn|million|millions)\b", norm):
        return 1e6
    return 1.0


def _source_problem(text: str) -> str | None:
    parts = [p.strip() for p in re.split(r"\s*[|;]\s*|\s+", text) if p.strip()]
    if not parts:
        return "no source"
    for part in parts:
        scheme = urlsplit(part).scheme.lower() if ":" in part[:12] else ""
        if scheme and scheme not in _SCHEMES:
            return f"{part[:40]!r} is not a web address (only http and https are shown)"
    return None


def source_label(text: str) -> str:
    """The host of the first web address in a source cell, or its first words."""
    for part in re.split(r"\s*[|;]\s*|\s+", text):
        host = urlsplit(part.strip()).netloc.removeprefix("www.")
        if host:
            return host
    return text.strip()[:40]


class _Checker:
    """Collects problems for one frame; each check adds at most one problem per cell."""

    def __init__(self, frame: pd.DataFrame, mapping: dict[str, str], unit: str):
        self.frame, self.mapping, self.unit = frame, mapping, unit
        self.first_row = 2 if unit == "row" else 1
        self.problems: list[CellProblem] = []
        self.bad = np.zeros(len(frame), dtype=bool)
        self.seen: set[tuple[int, str]] = set()

    def col(self, name: str) -> pd.Series:
        header = self.mapping.get(name)
        if header is None:
            return pd.Series([""] * len(self.frame), index=self.frame.index, dtype=str)
        return self.frame[header].astype(str).str.strip()

    def flag(self, mask, name_or_header: str, message, fix: str) -> None:
        header = self.mapping.get(name_or_header, name_or_header)
        cells = self.frame[header] if header in self.frame.columns else None
        for index in np.flatnonzero(np.asarray(mask)):
            if (index, header) in self.seen:
                continue  # one problem per cell: the first rule it breaks
            self.seen.add((index, header))
            self.bad[index] = True
            text = message(cells.iloc[index]) if callable(message) else message
            self.problems.append(
                CellProblem(int(index) + self.first_row, header, text, fix, self.unit)
            )


def _check_formulas(check: _Checker) -> None:
    for header in check.mapping.values():
        cells = check.frame[header].astype(str)
        looks = cells.str.match(_FORMULA).to_numpy(dtype=bool, copy=True)
        if looks.any():
            looks[looks] = _numbers(cells[looks]).isna().to_numpy()
        check.flag(
            looks,
            header,
            lambda v: (
                f"{v.strip()[:40]!r} starts with {v.strip()[:1]!r}, so a spreadsheet would "
                "run it as a formula"
            ),
            "type the value itself (for a link, the plain https:// address) without the "
            "leading = + - or @",
        )


def _check_rows(check: _Checker) -> dict[str, pd.Series]:
    """The per-cell rules; returns the typed columns the drawing needs."""
    m = check.mapping
    name = check.col("name")
    check.flag(name == "", "name", "no project name", "give each project a name")

    codes = check.col("iso3").map(resolve_country) if "iso3" in m else None
    names = check.col("country").map(resolve_country) if "country" in m else None
    if codes is not None:
        blank = check.col("iso3") == ""
        if names is not None:
            codes = codes.where(~blank, names)
        check.flag(
            codes.isna() & ~blank,
            "iso3",
            lambda v: f"{v.strip()[:40]!r} is not an ISO 3166-1 alpha-3 country code",
            "use a code such as PAK or KAZ (a region or several countries cannot be drawn)",
        )
        if names is not None:
            named = check.col("country") != ""
            check.flag(
                blank & named & names.isna(),
                "country",
                lambda v: f"{v.strip()[:40]!r} is not a country name we know",
                "write the country's ISO-3 code in the code column, or its English short "
                "name (Kazakhstan) here",
            )
            no_country = blank & ~named
        else:
            no_country = blank
        check.flag(
            no_country,
            "iso3",
            "no country",
            "give the country's ISO-3 code (or its name in the country column)",
        )
        iso3 = codes
    else:
        raw = check.col("country")
        check.flag(
            names.isna(),
            "country",
            lambda v: (
                f"{v.strip()[:40]!r} is not a country name we know" if v.strip() else "no country"
            ),
            "write the country's English short name (Kazakhstan) or add an ISO-3 column "
            "(a region or several countries cannot be drawn)",
        )
        iso3 = names.where(raw != "", None)

    lat_text, lon_text = check.col("lat"), check.col("lon")
    lat, lon = _numbers(lat_text), _numbers(lon_text)
    for key, values, text, low, high, example in (
        ("lat", lat, lat_text, -90, 90, "25.12"),
        ("lon", lon, lon_text, -180, 180, "62.33"),
    ):
        if key not in m:
            continue
        check.flag(
            text == "",
            key,
            f"no {FIELD_BY_NAME[key].label.lower()}",
            "add the project's coordinates in decimal degrees (WGS84)",
        )
        check.flag(
            (text != "") & values.isna(),
            key,
            lambda v: f"{v.strip()[:40]!r} is not a number",
            f"write decimal degrees such as {example} (not degrees, minutes, seconds)",
        )
        check.flag(
            values.notna() & ((values < low) | (values > high)),
            key,
            lambda v, low=low, high=high: f"{v.strip()} is outside {low} to {high}",
            "check the coordinates (latitude and longitude may be swapped)",
        )
    if GEOMETRY in check.frame.columns:
        check.flag(
            check.frame[GEOMETRY] == "invalid",
            GEOMETRY,
            "not a valid GeoJSON geometry",
            "give the feature a Point geometry [longitude, latitude]",
        )

    year_text = check.col("year")
    year = _numbers(year_text)
    ok_year = year.notna() & (year == year.round()) & year.between(YEAR_MIN, YEAR_MAX)
    check.flag(
        (year_text != "") & ~ok_year,
        "year",
        lambda v: f"{v.strip()[:20]!r} is not a year between {YEAR_MIN} and {YEAR_MAX}",
        "write the four-digit year, such as 2015 (or leave it blank)",
    )

    cost_text = check.col("cost")
    cost = _numbers(cost_text)
    check.flag(
        (cost_text != "") & (cost.isna() | (cost < 0)),
        "cost",
        lambda v: f"{v.strip()[:30]!r} is not an amount",
        "write a plain number such as 1200000 (no words), or leave it blank",
    )
    if "cost" in m:
        cost = cost * _cost_scale(m["cost"])

    if "source" in m:
        source = check.col("source")
        plain = source.str.fullmatch(_PLAIN_SOURCES, case=False).to_numpy(dtype=bool, copy=True)
        broken = np.zeros(len(source), dtype=bool)
        broken[~plain] = source[~plain].map(_source_problem).notna().to_numpy()
        check.flag(
            broken,
            "source",
            lambda v: _source_problem(str(v).strip()),
            "give at least one source for the row: the https:// address of a report, "
            "several separated by |",
        )
    else:
        source = check.col("source")
    return {
        "name": name,
        "iso3": iso3,
        "lat": lat,
        "lon": lon,
        "year": year.where(ok_year),
        "cost": cost.where(cost >= 0),
        "source": source,
    }


def _check_points(check: _Checker, typed: dict[str, pd.Series], kinds: pd.Series) -> None:
    """A point must lie in (or within a few km of) its own country, as data/ requires."""
    located = (~check.bad) & typed["lat"].notna().to_numpy() & typed["iso3"].notna().to_numpy()
    rows = np.flatnonzero(located)
    if not len(rows):
        return
    wanted = typed["iso3"].to_numpy()[rows]
    lons = typed["lon"].to_numpy(dtype=float)[rows]
    lats = typed["lat"].to_numpy(dtype=float)[rows]
    parts = _parts_by_iso3()
    inside = np.zeros(len(rows), dtype=bool)
    for code in pd.unique(wanted):
        group = np.flatnonzero(wanted == code)
        for part in parts.get(code, ()):
            inside[group] |= shapely.intersects_xy(part, lons[group], lats[group])
    outside = np.flatnonzero(~inside)
    shapes = check_shapes()
    hit_point, hit_shape = shapes.sindex.query(
        shapely.points(lons[outside], lats[outside]), predicate="intersects"
    )
    where_is = dict(zip(outside[hit_point], shapes["iso3"].to_numpy()[hit_shape], strict=False))
    header = check.mapping.get("lat", GEOMETRY)
    for position in outside:
        index = rows[position]
        code = wanted[position]
        if code not in parts:
            continue  # no shape on this map (a tiny island state): nothing to check against
        lat, lon = float(typed["lat"].iloc[index]), float(typed["lon"].iloc[index])
        # data/'s allowance: 25 km for a port (coasts are generalised; here known by its
        # type or its name, as a sector such as "Transport" does not say), else 5 km.
        kind = f"{kinds.iloc[index]} {typed['name'].iloc[index]}".lower()
        port = _PORT_WORDS.search(kind)
        allowed = OUTSIDE_TOLERANCE_KM["port"] if port else DEFAULT_TOLERANCE_KM
        distance = min(km_outside(lat, lon, part) for part in parts[code])
        if distance <= allowed:
            continue
        far = "more than 400 km" if distance == float("inf") else f"{distance:,.0f} km"
        other = where_is.get(position)
        landed = f" (it falls in {other})" if other else ""
        swapped = -90 <= lon <= 90 and min(km_outside(lon, lat, p) for p in parts[code]) == 0
        fix = (
            "latitude and longitude look swapped: swap them"
            if swapped
            else "fix the coordinates or the country"
        )
        check.bad[index] = True
        check.problems.append(
            CellProblem(
                int(index) + check.first_row,
                header,
                f"point ({lat:g}, {lon:g}) is {far} outside {code}{landed}, allowed {allowed:g} km",
                fix,
                check.unit,
            )
        )


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
    check = _Checker(frame, mapping, unit)
    _check_formulas(check)
    typed = _check_rows(check)
    _check_points(check, typed, check.col("type"))
    good = ~check.bad
    drawn = pd.DataFrame(
        {
            "row": np.arange(len(frame))[good] + check.first_row,
            "name": typed["name"][good],
            "iso3": typed["iso3"][good],
            "lat": typed["lat"][good],
            "lon": typed["lon"][good],
            "type": check.col("type")[good].replace("", "not given"),
            "status": check.col("status")[good].replace("", "not given"),
            "year": typed["year"][good].astype("Int64"),
            "cost_usd": typed["cost"][good],
            "source": typed["source"][good],
        }
    ).reset_index(drop=True)
    problems = sorted(
        check.problems, key=lambda p: (p.row, headers.index(p.column) if p.column in headers else 0)
    )
    return NewsroomLayer(
        filename=filename,
        mapping=mapping,
        unmapped=tuple(h for h in headers if h not in mapping.values()),
        rows=len(frame),
        drawn=drawn,
        problems=tuple(problems),
        failed_rows=int(check.bad.sum()),
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


# ---------------------------------------------------------------- drawing


def _plain(text: str, limit: int = 120) -> str:
    """Text for plotly's hover, which reads a few HTML tags: entities keep it text."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return html.escape(text, quote=False)


def cost_label(value: float) -> str:
    """``1.2e9`` → ``"US$1.2bn"``; ``3.5e8`` → ``"US$350m"``; missing → not reported."""
    if value is None or pd.isna(value):
        return "cost not reported"
    if value >= 1e9:
        return f"US${value / 1e9:,.3g}bn"
    if value >= 1e6:
        return f"US${value / 1e6:,.3g}m"
    return f"US${value:,.0f}"


def _facet(values: pd.Series) -> dict:
    labels = sorted(values.unique().tolist(), key=str.lower)
    lookup = {label: i for i, label in enumerate(labels)}
    return {"values": labels, "index": [lookup[v] for v in values]}


def layer_trace(layer: NewsroomLayer, names: dict[str, str]) -> dict:
    """All drawn rows as one plotly ``scattergeo`` trace (plain JSON) of small, see-through
    markers, with the details in the hover.

    ``meta.years`` joins the viewer's year control (a row shows from its year on; a row
    with no year shows only "today"); ``meta.facets`` lets it filter by type and status.
    A plain dict, not ``go.Scattergeo``: plotly's validation of 10,000 rows of hover
    data takes seconds, and the values here are already checked.
    """
    rows = layer.drawn
    years = ["" if pd.isna(y) else str(int(y)) for y in rows["year"].astype(object)]
    hosts = rows["source"].str.extract(r"https?://(?:www\.)?([^/\s|;:?#]+)", expand=False)
    columns = zip(
        rows["name"].tolist(),
        rows["iso3"].tolist(),
        (rows["type"] + " · " + rows["status"]).tolist(),
        years,
        rows["cost_usd"].tolist(),
        hosts.fillna("").tolist(),
        rows["source"].tolist(),
        strict=True,
    )
    customdata = [
        [
            _plain(name),
            _plain(names.get(iso3, iso3)),
            _plain(kind, 80),
            year,
            cost_label(cost),
            _plain(host or source_label(source) or "none given", 60),
            iso3,
        ]
        for name, iso3, kind, year, cost, host, source in columns
    ]
    return {
        "type": "scattergeo",
        "lon": rows["lon"].round(5).tolist(),
        "lat": rows["lat"].round(5).tolist(),
        "mode": "markers",
        "marker": {"size": 4, "color": INK, "opacity": 0.45, "line": {"width": 0}},
        "customdata": customdata,
        "hovertemplate": (
            "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]} %{customdata[3]}"
            "<br>%{customdata[4]}<br>Source: %{customdata[5]}<extra>Your layer</extra>"
        ),
        "name": "Your projects",
        "showlegend": False,
        "meta": {
            "layer": LAYER_ID,
            "years": year_filter(rows["year"], [None] * len(rows), ("lon", "lat", "customdata")),
            "facets": {
                "type": {"label": "Type", **_facet(rows["type"])},
                "status": {"label": "Status", **_facet(rows["status"])},
            },
        },
    }


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
