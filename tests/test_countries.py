"""Country codes and names come from maintained libraries."""

from __future__ import annotations

import pytest

from explainers.countries import country_name, is_iso3


@pytest.mark.parametrize(
    ("code", "name"),
    [("RUS", "Russia"), ("SYR", "Syria"), ("USA", "United States"), ("XKX", "Kosovo")],
)
def test_names_are_the_short_ones_newsrooms_print(code, name):
    assert country_name(code) == name


@pytest.mark.parametrize("code", ["RUSS", "rus", "", None, 643, "ZZZ"])
def test_non_codes_are_rejected(code):
    assert not is_iso3(code)


def test_unknown_code_raises_with_the_code_named():
    with pytest.raises(KeyError, match="ZZZ"):
        country_name("ZZZ")
