"""Every cell of a newsroom's table checked by the rules of our own ``data/``.

A row is drawn when it has a name, a known country (ISO-3 code or English name), a
point in or near that country, a year between 2000 and 2030 (or none), an amount (or
none) and a web source; every cell that breaks a rule becomes a :class:`CellProblem`
("row N, column C: what is wrong; how to fix it"), one per cell, the first rule it
breaks. Plain values in and out: :func:`check_cells` takes the frame of text cells
(:mod:`explainers.data.newsroom_read`) and the column mapping
(:mod:`explainers.data.newsroom_columns`) and returns the typed rows and the problems.

Example
-------
>>> import pandas as pd
>>> frame = pd.DataFrame({"Title": ["Gwadar", ""], "ISO3": ["PAK", "PAK"],
...                       "Lat": ["25.12", "25.12"], "Lon": ["62.33", "62.33"]})
>>> mapping = {"name": "Title", "iso3": "ISO3", "lat": "Lat", "lon": "Lon"}
>>> cells = check_cells(frame, mapping)
>>> cells.bad.tolist(), str(cells.problems[0])
([False, True], 'row 3, column Title: no project name; give each project a name')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

import geopandas as gpd
import numpy as np
import pandas as pd
import pycountry
import shapely

from explainers.countries import _geonames_names, is_iso3
from explainers.data.checks import DEFAULT_TOLERANCE_KM, OUTSIDE_TOLERANCE_KM, km_outside
from explainers.data.newsroom_columns import FIELD_BY_NAME, normalise_header
from explainers.data.newsroom_read import GEOMETRY
from explainers.data.schemas import YEAR_MAX, YEAR_MIN

_FORMULA = re.compile(r"^[\s]*[=+\-@]|^[\t\r]")
_SCHEMES = ("http", "https")
_PLAIN_SOURCES = r"https?://[^\s|;]+(\s*[|;]\s*https?://[^\s|;]+)*"
_PORT_WORDS = re.compile(r"(?<!trans)ports?\b|terminal|harbou?r|wharf|container")


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
    from explainers.data.shapes import country_shapes

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


_DECIMAL_COMMA = re.compile(r"^[-+]?\d{1,3},\d+$")


def _degrees(cells: pd.Series) -> pd.Series:
    """Coordinates as numbers; a decimal comma ("48,5", as European spreadsheets write it)
    reads as a decimal point, since degrees never need a thousands separator.

    >>> _degrees(pd.Series(["48,5", " -3.25 ", "x"])).tolist()
    [48.5, -3.25, nan]
    """
    cells = cells.str.strip()
    comma = cells.str.match(_DECIMAL_COMMA)
    return pd.to_numeric(cells.where(~comma, cells.str.replace(",", ".")), errors="coerce").astype(
        float
    )


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


def _check_name(check: _Checker) -> pd.Series:
    """Every project needs a name."""
    name = check.col("name")
    check.flag(name == "", "name", "no project name", "give each project a name")
    return name


def _check_country(check: _Checker) -> pd.Series:
    """The country as an ISO-3 code, from the code column or else the country's name."""
    m = check.mapping
    codes = check.col("iso3").map(resolve_country) if "iso3" in m else None
    names = check.col("country").map(resolve_country) if "country" in m else None
    if codes is not None:
        return _check_codes(check, codes, names)
    return _check_country_names(check, names)


def _check_codes(check: _Checker, codes: pd.Series, names: pd.Series | None) -> pd.Series:
    """With a code column: each code known, a blank one filled from the country's name."""
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
    return codes


def _check_country_names(check: _Checker, names: pd.Series) -> pd.Series:
    """Without a code column: each country's name known."""
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
    return names.where(raw != "", None)


def _check_coordinates(check: _Checker) -> tuple[pd.Series, pd.Series]:
    """Latitude and longitude given, numbers, in range; a GeoJSON feature's geometry valid."""
    m = check.mapping
    lat_text, lon_text = check.col("lat"), check.col("lon")
    lat, lon = _degrees(lat_text), _degrees(lon_text)
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
    return lat, lon


def _check_year(check: _Checker) -> pd.Series:
    """A year, if given, is a whole number from YEAR_MIN to YEAR_MAX; returns the years
    that pass (NA for the rest)."""
    year_text = check.col("year")
    year = _numbers(year_text)
    ok_year = year.notna() & (year == year.round()) & year.between(YEAR_MIN, YEAR_MAX)
    check.flag(
        (year_text != "") & ~ok_year,
        "year",
        lambda v: f"{v.strip()[:20]!r} is not a year between {YEAR_MIN} and {YEAR_MAX}",
        "write the four-digit year, such as 2015 (or leave it blank)",
    )
    return year.where(ok_year)


def _check_cost(check: _Checker) -> pd.Series:
    """An amount, if given, is a number of at least 0; returns the amounts that pass in
    dollars (a header in millions or billions scales them), NA for the rest."""
    m = check.mapping
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
    return cost.where(cost >= 0)


def _check_sources(check: _Checker) -> pd.Series:
    """With a source column: each row has a source, web addresses only."""
    m = check.mapping
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
    return source


def _check_rows(check: _Checker) -> dict[str, pd.Series]:
    """The per-cell rules, in this order; returns the typed columns the drawing needs."""
    name = _check_name(check)
    iso3 = _check_country(check)
    lat, lon = _check_coordinates(check)
    year = _check_year(check)
    cost = _check_cost(check)
    source = _check_sources(check)
    return {
        "name": name,
        "iso3": iso3,
        "lat": lat,
        "lon": lon,
        "year": year,
        "cost": cost,
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
    first_new = len(check.problems)
    kinds = (kinds.astype(str) + " " + typed["name"].astype(str)).str.lower().to_numpy()
    for code in pd.unique(wanted[outside]):
        if code not in parts:
            continue  # no shape on this map (a tiny island state): nothing to check against
        group = outside[wanted[outside] == code]
        # data/'s allowance: 25 km for a port (coasts are generalised; here known by its
        # type or its name, as a sector such as "Transport" does not say), else 5 km.
        allowed = np.array(
            [
                OUTSIDE_TOLERANCE_KM["port"] if _PORT_WORDS.search(kinds[rows[i]]) else 0
                for i in group
            ],
            dtype=float,
        )
        allowed[allowed == 0] = DEFAULT_TOLERANCE_KM
        km = _km_outside_many(lats[group], lons[group], parts[code], allowed)
        swapped = (np.abs(lons[group]) <= 90) & np.logical_or.reduce(
            [shapely.intersects_xy(part, lats[group], lons[group]) for part in parts[code]]
        )
        for position, distance, limit, flipped in zip(group, km, allowed, swapped, strict=True):
            if distance <= limit:
                continue
            index = rows[position]
            far = "more than 400 km" if distance == float("inf") else f"{distance:,.0f} km"
            other = where_is.get(position)
            landed = f" (it falls in {other})" if other else ""
            fix = (
                "latitude and longitude look swapped: swap them"
                if flipped
                else "fix the coordinates or the country"
            )
            check.bad[index] = True
            check.problems.append(
                CellProblem(
                    int(index) + check.first_row,
                    header,
                    f"point ({lats[position]:g}, {lons[position]:g}) is {far} outside {code}"
                    f"{landed}, allowed {limit:g} km",
                    fix,
                    check.unit,
                )
            )
    check.problems[first_new:] = sorted(check.problems[first_new:], key=lambda p: p.row)


KM_PER_DEGREE = 111.19
"""Kilometres in a degree of a great circle on the mean Earth (radius 6,371 km)."""


def _km_outside_many(lats, lons, parts: list, allowed: np.ndarray) -> np.ndarray:
    """Each point's distance in km outside a country's ``parts``, exact where it matters.

    One vectorised pass bounds every distance: the nearest point of the shape in degrees
    gives an upper bound (the great-circle distance to that real point of the shape) and
    a lower bound (the degree distance, its longitude part shrunk by the cosine of the
    highest latitude on the way). A point whose bounds both fall on one side of its
    allowance is settled by them, with the upper bound as the distance shown (within a
    few per cent of the exact figure); only the few in between are measured exactly, one
    by one (:func:`explainers.data.checks.km_outside`). Points more than 4 degrees away read as
    ``inf`` ("more than 400 km"), as that function has it.
    """
    points = shapely.points(lons, lats)
    whole = shapely.union_all(parts)
    degrees = shapely.distance(whole, points)
    nearest = shapely.get_coordinates(shapely.shortest_line(points, whole))[1::2]
    upper = _great_circle_km(lats, lons, nearest[:, 1], nearest[:, 0])
    shrink = np.cos(np.radians(np.minimum(90.0, np.abs(lats) + degrees)))
    lower = KM_PER_DEGREE * degrees * shrink
    km = np.where(lower > allowed, upper, 0.0)
    unsure = np.flatnonzero((lower <= allowed) & (upper > allowed))
    for i in unsure:
        km[i] = min(km_outside(float(lats[i]), float(lons[i]), part) for part in parts)
    km[degrees > 4.0] = float("inf")
    return km


def _great_circle_km(lat1, lon1, lat2, lon2) -> np.ndarray:
    """Haversine distance in km between arrays of points given in degrees."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


@dataclass(frozen=True)
class CellChecks:
    """What the checks found: each row typed (``rows``), which rows broke a rule, and why.

    ``rows`` has one row per row of the file: ``name``, ``iso3``, ``lat``, ``lon``,
    ``type``, ``status``, ``year``, ``cost_usd`` and ``source`` (missing values as NA);
    ``bad`` marks the rows with at least one problem; ``first_row`` is the number a
    spreadsheet gives the file's first row (2 under a header row, 1 for a feature).
    """

    rows: pd.DataFrame
    bad: np.ndarray
    problems: tuple[CellProblem, ...]
    first_row: int


def check_cells(frame: pd.DataFrame, mapping: dict[str, str], unit: str = "row") -> CellChecks:
    """Check every cell of ``frame`` (text cells) read through ``mapping`` (field → header)."""
    check = _Checker(frame, mapping, unit)
    _check_formulas(check)
    typed = _check_rows(check)
    kinds = check.col("type")
    _check_points(check, typed, kinds)
    rows = pd.DataFrame(
        {
            "name": typed["name"],
            "iso3": typed["iso3"],
            "lat": typed["lat"],
            "lon": typed["lon"],
            "type": kinds.replace("", "not given"),
            "status": check.col("status").replace("", "not given"),
            "year": typed["year"].astype("Int64"),
            "cost_usd": typed["cost"],
            "source": typed["source"],
        }
    )
    return CellChecks(rows, check.bad, tuple(check.problems), check.first_row)
