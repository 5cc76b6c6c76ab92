"""Hostile and broken project files: each gets a message naming the file, what is wrong
and what to do, in bounded time, through the reading code, the command line and the page.

The corpus is the shapes a careless export or an attacker sends (issue 22), plus
hypothesis's JSON trees and CSV bytes: whatever the bytes, reading ends in a layer or a
:class:`LayerInputError`, never another exception.
"""

from __future__ import annotations

import json
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from explainers.__main__ import main
from explainers.data.newsroom_layer import LayerInputError, read_layer
from explainers.data.newsroom_read import MAX_COLUMNS, pick_delimiter


def collection(*features) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": list(features)}).encode()


def point(props, geometry=None) -> dict:
    geometry = geometry or {"type": "Point", "coordinates": [62.33, 25.12]}
    return {"type": "Feature", "properties": props, "geometry": geometry}


GWADAR = {"name": "Gwadar Port", "country": "PAK"}

# (file name, bytes, words the message must hold). Each is refused as a whole file.
REFUSED = [
    ("sniff.csv", b',"' * 32_768, ["sniff.csv", "columns", "the limit is 200"]),
    ("list.geojson", collection(point([1, 2])), ["feature 1's 'properties' is a list"]),
    ("text.geojson", collection(point("Gwadar")), ["feature 1's 'properties' is a text"]),
    ("number.geojson", b'{"type": "FeatureCollection", "features": 5}', ["'features' is a number"]),
    ("feature.geojson", collection(7), ["feature 1 is a number"]),
    (
        "digits.geojson",
        b'{"type": "FeatureCollection", "features": [{"properties": {"n": ' + b"1" * 5000 + b"}}]}",
        ["a number too long to read"],
    ),
    (
        "deep.geojson",
        b'{"type": "FeatureCollection", "features": ' + b"[" * 200_000 + b"]" * 200_000 + b"}",
        ["nests lists or objects too deeply"],
    ),
    (
        "sparse.geojson",
        collection(*(point({f"field {i}": "x", **GWADAR}) for i in range(8_000))),
        ["sparse.geojson", "property names", "the limit is 200"],
    ),
    (
        "wide.csv",
        (",".join(f"c{i}" for i in range(MAX_COLUMNS + 1)) + "\n" + "x," * MAX_COLUMNS).encode(),
        ["wide.csv has 201 columns", "Keep only the columns the map needs"],
    ),
]

# Files read, whose broken feature is listed as a row problem (the rest drawn).
LISTED = [
    ("blob.geojson", collection(point(GWADAR, {"type": "Blob", "coordinates": [1, 2]}))),
    (
        "nan.geojson",
        b'{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
        b'{"name": "a", "country": "PAK"}, "geometry": {"type": "Polygon", "coordinates": '
        b"[[[NaN, 30], [71, 30], [71, 31], [70, 30]]]}}]}",
    ),
]


@pytest.mark.parametrize(("name", "data", "words"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_malformed_file_is_refused_quickly_with_what_to_do(name, data, words):
    started = time.perf_counter()
    with pytest.raises(LayerInputError) as refused:
        read_layer(data, name)
    assert time.perf_counter() - started < 5  # the ,"-file took 23 s in csv.Sniffer
    message = str(refused.value)
    assert name in message
    for word in words:
        assert word in message
    assert "\n" not in message and "Traceback" not in message


@pytest.mark.parametrize(("name", "data"), LISTED, ids=[r[0] for r in LISTED])
def test_a_feature_with_an_unreadable_shape_is_listed_not_fatal(name, data):
    layer = read_layer(data, name)
    assert layer.summary() == "0 features drawn, 1 listed below"
    assert layer.report_lines()[0].startswith("feature 1")


@pytest.mark.parametrize(("name", "data", "words"), REFUSED[:5], ids=[r[0] for r in REFUSED[:5]])
def test_the_command_line_says_the_same_in_one_line_and_exits_2(
    tmp_path, capsys, name, data, words
):
    path = tmp_path / name
    path.write_bytes(data)
    assert main(["layer", "check", str(path)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("layer: ") and words[0] in err and "\n" not in err


def test_off_coast_rows_are_each_checked_in_well_under_a_second():
    # 2,000 rows 60-odd km off Pakistan's coast, all of them outside their country: the
    # per-row measure took 12 s for these (and about 5 minutes for 25,000).
    rows = [f"Rig {i},PAK,{24.2 - i * 1e-4:.5f},{63.0 + i * 1e-4:.5f}" for i in range(2_000)]
    data = ("Title,ISO3,Latitude,Longitude\n" + "\n".join(rows)).encode()
    started = time.perf_counter()
    layer = read_layer(data, "rigs.csv")
    assert time.perf_counter() - started < 3
    assert layer.summary() == "0 rows drawn, 2,000 listed below"
    first = layer.report_lines()[0]
    assert first.startswith("row 2, column Latitude: point (24.2, 63) is ")
    assert "km outside PAK, allowed 5 km" in first


def test_a_decimal_comma_is_read_as_a_decimal_point_not_a_swap():
    layer = read_layer(b"Title;ISO3;Latitude;Longitude\nGwadar;PAK;25,12;62,33\n", "eu.csv")
    assert layer.summary() == "1 row drawn, every row passed"


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("a,b,c\n1,2,3\n", ","),
        ("a;b;c\n1;2,5;3\n", ";"),
        ("a\tb\n1\t2\n", "\t"),
        ('"Name, full";ISO3\n"Gwadar, port";PAK\n', ";"),
        ("only\n", ","),
    ],
)
def test_the_delimiter_is_the_one_that_splits_the_header_and_rows_evenly(text, delimiter):
    assert pick_delimiter(text) == delimiter


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    features=st.lists(
        JSON
        | st.fixed_dictionaries({"type": st.just("Feature"), "properties": JSON, "geometry": JSON}),
        max_size=4,
    )
)
def test_any_json_tree_reads_or_is_refused_with_a_message(features):
    data = json.dumps({"type": "FeatureCollection", "features": features}).encode()
    try:
        read_layer(data, "fuzz.geojson")
    except LayerInputError as error:
        assert "fuzz.geojson" in str(error)


@settings(max_examples=150, deadline=None)
@given(
    data=st.binary(max_size=300)
    | st.text(alphabet=',;\t"\n\r =+-@x1.', max_size=300).map(str.encode)
)
def test_any_csv_bytes_read_or_are_refused_with_a_message(data):
    try:
        read_layer(data, "fuzz.csv")
    except LayerInputError as error:
        assert "fuzz.csv" in str(error)


@pytest.mark.browser
def test_the_page_names_each_broken_file_and_keeps_serving(app_url, browser, tmp_path):
    page = browser.new_page()
    page.goto(f"{app_url}/your-projects")
    field = page.locator("input[type=file]")
    for name, data, words in REFUSED:
        path = tmp_path / name
        path.write_bytes(data)
        field.wait_for(state="attached", timeout=120_000)
        field.set_input_files(path)
        page.get_by_test_id("stFileUploader").get_by_text(name, exact=True).wait_for()
        alert = page.locator('[data-testid="stAlertContentError"]').filter(has_text=name)
        for _press in range(3):  # a press before the upload has landed reads the last file
            page.get_by_role("button", name="Draw my projects").click()
            try:
                alert.wait_for(timeout=20_000)
                break
            except PlaywrightTimeout:
                continue
        assert words[-1] in alert.text_content()
        assert page.get_by_text("This app has encountered an error").count() == 0
    page.close()
