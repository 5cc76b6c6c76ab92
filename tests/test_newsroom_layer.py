"""A newsroom's own project table: read with bounded work, checked cell by cell, drawn.

The files are built in each test, as a journalist's spreadsheet would save them.
"""

from __future__ import annotations

import json

import pytest

from explainers.__main__ import main
from explainers.data import newsroom_layer, newsroom_read
from explainers.data.newsroom_layer import (
    MAX_LISTED,
    LayerInputError,
    match_columns,
    read_layer,
)
from explainers.map.newsroom import layer_traces
from explainers.paths import DATA_DIR

SAMPLE = DATA_DIR / "samples" / "aiddata_sample.csv"
HEADER = "Title,Recipient ISO-3,Latitude,Longitude,Status,Commitment Year,Amount (Constant USD 2021),Source URLs"  # noqa: E501
GOOD = "Gwadar Port,PAK,25.1218,62.3295,Completion,2015,1200000000,https://example.org/gwadar"
ALMATY = "Almaty depot,KAZ,43.25,76.91,Implementation,2017,,https://example.org/almaty"


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


# ---------------------------------------------------------------- column names


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        (
            ["AidData Record ID", "Recipient", "Recipient ISO-3", "Title", "Commitment Year",
             "Status", "Sector Name", "Amount (Constant USD 2021)", "Source URLs"],
            {"id": "AidData Record ID", "country": "Recipient", "iso3": "Recipient ISO-3",
             "name": "Title", "year": "Commitment Year", "status": "Status",
             "type": "Sector Name", "cost": "Amount (Constant USD 2021)",
             "source": "Source URLs"},
        ),
        (["Project Name", "Country", "lat", "lng"],
         {"name": "Project Name", "country": "Country", "lat": "lat", "lon": "lng"}),
        (["name", "ISO3", "Latitude (WGS84)", "Longitude (WGS84)"],
         {"name": "name", "iso3": "ISO3", "lat": "Latitude (WGS84)", "lon": "Longitude (WGS84)"}),
        (["Title", "Recipient", "LAT", "LONG", "Sources", "Start Year", "Type"],
         {"name": "Title", "country": "Recipient", "lat": "LAT", "lon": "LONG",
          "source": "Sources", "year": "Start Year", "type": "Type"}),
        # The constant-dollar amount wins over the nominal one, and a foreign-currency
        # amount is never read as dollars.
        (["Title", "Amount (Nominal USD)", "Amount (Constant USD 2021)"],
         {"name": "Title", "cost": "Amount (Constant USD 2021)"}),
        (["Title", "Amount (Original Currency)"], {"name": "Title"}),
        # A region is not a country.
        (["Title", "Recipient Region"], {"name": "Title"}),
    ],
)  # fmt: skip
def test_columns_are_matched_as_journalists_name_them(headers, expected):
    assert match_columns(headers) == expected


def test_the_mapping_used_is_returned_and_unused_columns_named():
    header = HEADER + ",Staff Comments"
    layer = read_layer(csv_bytes(GOOD + ",checked", header=header), "mine.csv")
    assert layer.mapping["cost"] == "Amount (Constant USD 2021)"
    assert layer.unmapped == ("Staff Comments",)
    assert "Latitude ← 'Latitude'" in newsroom_layer.mapping_lines(layer)


def test_a_file_without_coordinates_names_the_columns_it_needs():
    with pytest.raises(LayerInputError, match=r"no column for coordinates .*'Title', 'Country'"):
        read_layer(csv_bytes("Gwadar,Pakistan", header="Title,Country"), "mine.csv")


# ---------------------------------------------------------------- cell by cell


@pytest.mark.parametrize(
    ("row", "column", "message", "fix"),
    [
        (",PAK,25.12,62.33,,,,https://a.org", "Title", "no project name", "give each project"),
        ("X,ZZZ,25.12,62.33,,,,https://a.org", "Recipient ISO-3", "'ZZZ' is not an ISO 3166-1",
         "such as PAK"),
        ("X,,25.12,62.33,,,,https://a.org", "Recipient ISO-3", "no country", "ISO-3 code"),
        ("X,PAK,,62.33,,,,https://a.org", "Latitude", "no latitude", "decimal degrees"),
        ("X,PAK,25°7'N,62.33,,,,https://a.org", "Latitude", "is not a number",
         "not degrees, minutes, seconds"),
        ("X,PAK,25.12,362.33,,,,https://a.org", "Longitude", "outside -180 to 180", "swapped"),
        ("X,KAZ,25.12,62.33,,,,https://a.org", "Latitude", "outside KAZ",
         "fix the coordinates or the country"),
        ("X,KAZ,76.91,43.25,,,,https://a.org", "Latitude", "outside KAZ", "look swapped"),
        ("X,PAK,25.12,62.33,,1999,,https://a.org", "Commitment Year",
         "'1999' is not a year between 2000 and 2030", "four-digit year"),
        ("X,PAK,25.12,62.33,,'15,,https://a.org", "Commitment Year", "is not a year",
         "such as 2015"),
        ("X,PAK,25.12,62.33,,,ten million,https://a.org", "Amount (Constant USD 2021)",
         "'ten million' is not an amount", "plain number"),
        ("X,PAK,25.12,62.33,,,,", "Source URLs", "no source", "at least one source"),
        ("X,PAK,25.12,62.33,,,,javascript:alert(1)", "Source URLs", "not a web address",
         "https://"),
    ],
)  # fmt: skip
def test_each_broken_cell_is_reported_with_row_column_and_fix(row, column, message, fix):
    layer = read_layer(csv_bytes(GOOD, row), "mine.csv")
    assert len(layer.drawn) == 1 and layer.failed_rows == 1
    [problem] = layer.problems
    assert (problem.row, problem.column) == (3, column)  # the header is row 1
    assert message in problem.message and fix in problem.fix
    assert str(problem).startswith(f"row 3, column {column}: ")


def test_rows_that_pass_are_drawn_and_none_is_dropped_silently():
    rows = [GOOD, ALMATY, "Nowhere,KAZ,0,0,,,,https://a.org", ",PAK,25.1,62.3,,,,https://a.org"]
    layer = read_layer(csv_bytes(*rows), "mine.csv")
    assert layer.drawn["name"].tolist() == ["Gwadar Port", "Almaty depot"]
    assert sorted({p.row for p in layer.problems}) == [4, 5]
    assert len(layer.drawn) + layer.failed_rows == layer.rows == 4
    assert layer.summary() == "2 rows drawn, 2 listed below"


def test_a_port_gets_the_coast_allowance_by_its_name():
    # 10 km out to sea off Gwadar: allowed for a port (25 km), not for a road (5 km).
    port = read_layer(csv_bytes("Gwadar Port,PAK,25.03,62.33,,,,https://a.org"), "x.csv")
    road = read_layer(csv_bytes("Coast road,PAK,25.03,62.33,,,,https://a.org"), "x.csv")
    assert (port.failed_rows, road.failed_rows) == (0, 1)


def test_a_point_on_fiji_s_antimeridian_seam_is_not_in_fiji():
    # The 1:50m shape cut at the antimeridian leaves a band round the globe at 16.5°S.
    rows = ["Suva port,FJI,-18.13,178.44,https://a.org", "Seam,FJI,-16.5,-40,https://a.org"]
    layer = read_layer(csv_bytes(*rows, header="Title,ISO3,Latitude,Longitude,Source"), "f.csv")
    assert layer.drawn["name"].tolist() == ["Suva port"]
    assert "outside FJI (it falls in BRA)" in layer.problems[0].message


def test_countries_resolve_by_name_or_code():
    header = "Title,Country,Latitude,Longitude,Source URLs"
    rows = ["A,Kazakhstan,43.25,76.91,https://a.org", "B,kaz,43.25,76.91,https://a.org",
            "C,Narnia,43.25,76.91,https://a.org"]  # fmt: skip
    layer = read_layer(csv_bytes(*rows, header=header), "x.csv")
    assert layer.drawn["iso3"].tolist() == ["KAZ", "KAZ"]
    assert "'Narnia' is not a country name we know" in layer.problems[0].message


def test_the_listing_stops_at_its_limit_and_says_how_many_more():
    bad = [f"P{n},PAK,95,62.33,,,,https://a.org" for n in range(MAX_LISTED + 40)]
    layer = read_layer(csv_bytes(GOOD, *bad), "x.csv")
    assert len(layer.listed) == MAX_LISTED and len(layer.problems) == MAX_LISTED + 40
    assert layer.report_lines()[-1].startswith("… and 40 more broken cells")
    assert layer.summary() == f"1 row drawn, {MAX_LISTED + 40} listed below"


@pytest.mark.parametrize(
    "cell",
    ['"=HYPERLINK(""http://evil.example"",""click"")"', "+cmd", "-2+3", "@SUM(A1)", '"\tTab"'],
)
def test_formulas_in_cells_are_refused_and_named(cell):
    layer = read_layer(csv_bytes(GOOD, f"{cell},PAK,25.12,62.33,,,,https://a.org"), "x.csv")
    [problem] = layer.problems
    assert problem.column == "Title" and "formula" in problem.message
    assert "without the leading" in problem.fix


def test_negative_coordinates_are_numbers_not_formulas():
    lima = "Chancay port,PER,-11.58,-77.27,,2019,,https://a.org"
    layer = read_layer(csv_bytes(lima), "x.csv")
    assert layer.failed_rows == 0 and layer.drawn["lon"].tolist() == [-77.27]


def test_hover_text_is_text_not_markup():
    row = '"<a href=""https://evil.example"">Port</a>",PAK,25.12,62.33,,,,https://a.org'
    layer = read_layer(csv_bytes(row), "x.csv")
    points, _ = layer_traces(layer, {"PAK": "Pakistan"})
    assert points["customdata"][0][0] == '&lt;a href="https://evil.example"&gt;Port&lt;/a&gt;'


# ---------------------------------------------------------------- what cannot be read


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "x.csv", "is empty"),
        (b"   \n", "x.csv", "is empty"),
        (HEADER.encode() + b"\n", "x.csv", "no projects"),
        ("Title,Country\nCôte,Côte d'Ivoire\n".encode("cp1252"), "x.csv",
         "not UTF-8 text .* on line 2.*CSV UTF-8"),
        (b"PK\x03\x04rest-of-a-workbook", "x.xlsx", "Excel workbook, not a CSV"),
        (b"Title,Country\x00\x01\x02", "x.csv", "binary data"),
        (b'Title,Country\n"a,b\n', "x.csv", "could not be read as a CSV"),
        (b"{not json", "x.geojson", r"not valid JSON \(line 1"),
        (b'{"type": "Feature"}', "x.geojson", "not a GeoJSON FeatureCollection"),
    ],
)  # fmt: skip
def test_files_that_cannot_be_read_get_a_clear_message(data, name, message):
    with pytest.raises(LayerInputError, match=message):
        read_layer(data, name)


def test_utf16_and_a_byte_order_mark_are_read():
    text = "\n".join([HEADER, GOOD]) + "\n"
    assert len(read_layer(text.encode("utf-16"), "x.csv").drawn) == 1
    assert len(read_layer(b"\xef\xbb\xbf" + text.encode(), "x.csv").drawn) == 1


def test_a_semicolon_separated_file_is_read():
    data = csv_bytes(GOOD.replace(",", ";"), header=HEADER.replace(",", ";"))
    assert len(read_layer(data, "x.csv").drawn) == 1


def test_size_and_row_limits_refuse_before_parsing(monkeypatch):
    big = b"x" * (newsroom_layer.MAX_BYTES + 1)
    with pytest.raises(LayerInputError, match=r"the limit is 30 MB \(30,000,000 bytes\)"):
        read_layer(big, "big.csv")
    monkeypatch.setattr(newsroom_read, "MAX_ROWS", 3)
    with pytest.raises(LayerInputError, match="more than 3 rows; split it"):
        read_layer(csv_bytes(*[GOOD] * 4), "long.csv")


def test_geojson_points_and_areas_are_read():
    def feature(geometry, name):
        properties = {"Title": name, "Recipient ISO-3": "KAZ", "Source URLs": "https://a.org"}
        return {"type": "Feature", "properties": properties, "geometry": geometry}

    square = [[[76.8, 43.2], [77.0, 43.2], [77.0, 43.3], [76.8, 43.3], [76.8, 43.2]]]
    document = {
        "type": "FeatureCollection",
        "features": [
            feature({"type": "Point", "coordinates": [76.91, 43.25]}, "Depot"),
            feature({"type": "Polygon", "coordinates": square}, "Park"),
            feature(None, "Nowhere"),
        ],
    }
    layer = read_layer(json.dumps(document).encode(), "layer.geojson")
    assert layer.drawn["name"].tolist() == ["Depot", "Park"]
    assert "1 features are lines or areas" in layer.notes[0]
    assert str(layer.problems[0]).startswith("feature 3, column latitude: no latitude")


# ---------------------------------------------------------------- the sample and the map


def test_the_sample_passes_and_credits_aiddata_s_layout():
    layer = read_layer(SAMPLE.read_bytes(), SAMPLE.name)
    assert layer.failed_rows == 0 and len(layer.drawn) == layer.rows >= 30
    assert "AidData's Global Chinese Development Finance Dataset 3.0 (ODC-By 1.0)" in layer.credit
    assert layer.drawn["source"].str.startswith("http").all()


def test_the_layer_joins_the_viewer_payload_and_the_cards():
    from explainers.data.datasets import load_map_data
    from explainers.data.shapes import country_table
    from explainers.explainer import load_explainer
    from explainers.viewer.payload import viewer_payload

    layer = read_layer(csv_bytes(GOOD, ALMATY, ALMATY.replace("Almaty", "Second")), "ours.csv")
    payload = viewer_payload(
        load_explainer("bri-forum-2017"), country_table(), load_map_data(), layer=layer
    )
    # Its points, then the groups the viewer fills at the world view (empty until then).
    points, groups = [
        t for t in payload["figure"]["data"] if (t.get("meta") or {}).get("layer") == "newsroom"
    ]
    assert len(points["lon"]) == 3 and groups["lon"] == []
    assert points["meta"]["facets"]["status"]["values"] == ["Completion", "Implementation"]
    assert "newsroom" in payload["defaultLayers"]
    assert [x["id"] for x in payload["layers"]][-1] == "newsroom"
    assert payload["legend"][-1]["title"] == "Your projects (3)"
    assert payload["cards"]["KAZ"]["lines"][-1].startswith(
        "Your layer has 2 projects in Kazakhstan"
    )
    assert payload["newsroom"]["credit"].startswith("Your layer: ours.csv, 3 projects")


def test_a_layer_with_no_row_drawn_adds_no_switch_and_no_key():
    from explainers.data.datasets import load_map_data
    from explainers.data.shapes import country_table
    from explainers.explainer import load_explainer
    from explainers.viewer.payload import viewer_payload

    layer = read_layer(csv_bytes("Nowhere,KAZ,0,0,,,,https://a.org"), "broken.csv")
    payload = viewer_payload(
        load_explainer("bri-forum-2017"), country_table(), load_map_data(), layer=layer
    )
    assert "newsroom" not in [x["id"] for x in payload["layers"]]
    assert "newsroom" not in payload["defaultLayers"]
    assert all(part["layer"] != "newsroom" for part in payload["legend"])
    assert payload["newsroom"]["count"] == 0


# ---------------------------------------------------------------- the command line


def write(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_cli_exit_codes_say_all_pass_some_fail_or_unreadable(tmp_path, capsys):
    assert main(["layer", "check", str(SAMPLE)]) == 0
    out = capsys.readouterr().out
    assert "Project name ← 'Title'" in out and out.strip().endswith("every row passed")

    broken = write(tmp_path, "broken.csv", csv_bytes(GOOD, "X,KAZ,25.12,62.33,,,,https://a.org"))
    assert main(["layer", "check", broken]) == 1
    out = capsys.readouterr().out
    assert "row 3, column Latitude: point (25.12, 62.33)" in out
    assert out.strip().endswith("1 row drawn, 1 listed below")

    unreadable = write(tmp_path, "book.csv", b"PK\x03\x04")
    assert main(["layer", "check", unreadable]) == 2
    assert "Excel workbook, not a CSV" in capsys.readouterr().err
    assert main(["layer", "check", str(tmp_path / "missing.csv")]) == 2
    assert main(["layer", "lint", str(SAMPLE)]) == 2


# ---------------------------------------------------------------- in the browser

# The layer as plotly drew it: the country of each single point, and each circle's label
# (the count a reader sees on it).
LAYER_ON_MAP = """() => {
  const gd = document.querySelector('.bri-map');
  if (!gd || !gd._fullData) return null;  // the viewer is (re)mounting
  const layer = gd._fullData.filter(t => t.meta && t.meta.layer === 'newsroom' && t.visible);
  return {
    points: layer.filter(t => !t.meta.groupsOf).flatMap(t => t.customdata.map(row => row.at(-1))),
    labels: layer.filter(t => t.meta.groupsOf).flatMap(t => t.text),
  };
}"""
# How many projects the map shows: its single points and the counts on its circles.
SHOWN = f"""() => {{
  const layer = ({LAYER_ON_MAP})();
  return layer ? layer.points.length + layer.labels.reduce((n, label) => n + Number(label), 0) : -1;
}}"""
PIXEL_OF = """([lon, lat]) => {
  const chart = document.querySelector('.js-plotly-plot');
  const [x, y] = chart._fullLayout.geo._subplot.projection([lon, lat]);
  const svg = chart.querySelector('.main-svg').getBoundingClientRect();
  return {x: svg.x + x, y: svg.y + y};
}"""
BIGGEST_CIRCLE = """() => {
  const gd = document.querySelector('.bri-map');
  const groups = gd._fullData.find(t => t.meta && t.meta.groupsOf);
  const counts = groups.customdata.map(row => row[3]);
  const at = counts.indexOf(Math.max(...counts));
  return {lon: groups.lon[at], lat: groups.lat[at], code: groups.customdata[at][2]};
}"""


def shows(page, count: int, timeout: float = 30_000) -> None:
    page.wait_for_function(f"({SHOWN})() === {count}", timeout=timeout)


def picks(page) -> int:
    return int(page.locator(".bri-viewer").get_attribute("data-picks") or 0)


def upload_only(page, path, timeout=120_000) -> None:
    """Choose ``path`` in the projects page's uploader and press its button."""
    field = page.locator("input[type=file]")
    field.wait_for(state="attached", timeout=timeout)
    field.set_input_files(path)
    page.get_by_role("button", name="Draw my projects").click()


def upload(page, path, timeout=120_000) -> None:
    upload_only(page, path, timeout)
    page.wait_for_selector(".bri-viewer[data-ready=true]", state="attached", timeout=timeout)


@pytest.mark.browser
def test_uploads_draw_the_layer_and_list_broken_cells(app_url, browser, tmp_path):
    from tests.support import LAPTOP, wait_for_map

    page = browser.new_page(viewport=LAPTOP)
    page.goto(f"{app_url}/your-projects")
    upload(page, SAMPLE)
    wait_for_map(page)
    rows = read_layer(SAMPLE.read_bytes(), SAMPLE.name).rows
    shows(page, rows)
    assert page.get_by_text(f"{rows} rows drawn, every row passed").is_visible()
    assert page.get_by_text("Recipient ISO-3").first.is_visible()  # the mapping is shown

    # At the world view the projects are circles, each labelled on the map with its count.
    layer = page.evaluate(LAYER_ON_MAP)
    assert layer["labels"] and len(layer["points"]) < rows
    on_map = page.locator(".bri-map .scattergeo text").all_text_contents()
    assert sorted(layer["labels"]) == sorted(text for text in on_map if text.isdigit())
    assert "grouped by area" in page.locator(".bri-layer-note").text_content()

    # Filter by status in the browser: the circles' counts follow.
    select = page.locator("select[data-facet=status]")
    select.select_option("Implementation")
    implementing = SAMPLE.read_text().count(",Implementation,")
    shows(page, implementing, timeout=30_000)
    select.select_option("")
    shows(page, rows, timeout=30_000)

    bad_row = '"=HYPERLINK(""http://evil.example"",""x"")",PAK,25.12,62.33,,,,https://a.org'
    swapped = "Swapped,KAZ,76.91,43.25,,,,https://a.org"
    broken = write(tmp_path, "broken.csv", csv_bytes(GOOD, ALMATY, bad_row, swapped))
    upload(page, broken)
    page.get_by_text("2 rows drawn, 2 listed below").wait_for(timeout=60_000)
    shows(page, 2, timeout=60_000)
    assert page.get_by_text("2 rows drawn, 2 listed below").is_visible()
    report = page.locator("table").filter(has_text="How to fix it")
    assert report.locator("tbody tr").count() == 2
    assert report.get_by_text("latitude and longitude look swapped: swap them").is_visible()
    # The formula is shown as text in the report, never as a link.
    assert report.get_by_text("starts with '=', so a spreadsheet would run it").is_visible()
    assert page.locator("a[href*='evil.example']").count() == 0
    page.close()


@pytest.mark.browser
def test_a_circle_click_picks_its_country_which_shows_each_project(app_url, browser):
    from explainers.data.shapes import country_table
    from tests.support import LAPTOP, wait_for_map

    page = browser.new_page(viewport=LAPTOP)
    # Only the newsroom's layer: a corridor or flagship project under a circle is not it.
    page.goto(f"{app_url}/your-projects?layers=newsroom")
    upload(page, SAMPLE)
    wait_for_map(page)
    drawn = read_layer(SAMPLE.read_bytes(), SAMPLE.name).drawn
    shows(page, len(drawn))

    # A click on the biggest circle picks the country with most of its projects.
    page.locator(".bri-map").scroll_into_view_if_needed()
    circle = page.evaluate(BIGGEST_CIRCLE)
    before = picks(page)
    point = page.evaluate(PIXEL_OF, [circle["lon"], circle["lat"]])
    page.mouse.move(point["x"] - 20, point["y"])
    page.mouse.move(point["x"], point["y"], steps=4)
    page.wait_for_timeout(200)
    page.mouse.click(point["x"], point["y"])
    page.wait_for_function(
        f"Number(document.querySelector('.bri-viewer').dataset.picks) > {before}"
    )
    code = circle["code"]
    name = country_table().at[code, "name"]
    assert page.locator(".bri-card-title").text_content() == name

    # Framed on it, the map draws each of its projects as a point, and no circle.
    theirs = drawn[drawn["iso3"] == code]
    count = f"l => l.points.filter(c => c === '{code}').length"
    page.wait_for_function(f"({count})(({LAYER_ON_MAP})()) === {len(theirs)}", timeout=30_000)
    layer = page.evaluate(LAYER_ON_MAP)
    assert layer["labels"] == []
    note = page.locator(".bri-layer-note").text_content()
    assert note == f"Showing all {len(layer['points'])} of your projects in this view."

    # The filters still decide which points are drawn.
    status = theirs["status"].value_counts().index[-1]
    page.locator("select[data-facet=status]").select_option(status)
    wanted = int((theirs["status"] == status).sum())
    page.wait_for_function(f"({count})(({LAYER_ON_MAP})()) === {wanted}", timeout=30_000)
    page.close()


@pytest.mark.browser
def test_a_crowded_view_draws_at_most_the_cap_and_says_so(app_url, browser, tmp_path):
    from explainers.map.newsroom import POINT_CAP
    from tests.support import LAPTOP, wait_for_map

    # More projects round Astana than a close view draws one by one.
    total = POINT_CAP + 100
    rows = [
        f"Depot {n},KAZ,{50.6 + (n % 40) * 0.02:.2f},{70.8 + (n // 40) * 0.03:.2f},"
        f"Implementation,2017,,https://example.org/{n}"
        for n in range(total)
    ]
    crowded = write(tmp_path, "crowded.csv", csv_bytes(*rows))
    page = browser.new_page(viewport=LAPTOP)
    page.goto(f"{app_url}/your-projects?country=KAZ")
    upload(page, crowded)
    wait_for_map(page)
    shows(page, POINT_CAP, timeout=60_000)
    note = page.locator(".bri-layer-note").text_content()
    assert note.startswith(f"Showing {POINT_CAP:,} of {total:,} of your projects in this view")
    page.close()


@pytest.mark.browser
def test_the_layer_stays_in_the_link_after_a_pick_and_a_reload(app_url, browser):
    from tests.support import LAPTOP, wait_for_map

    page = browser.new_page(viewport=LAPTOP)
    page.goto(f"{app_url}/your-projects")
    upload(page, SAMPLE)
    wait_for_map(page)
    # The reader turns the corridors off: the link now names the layers, newsroom too.
    page.locator(".bri-layers input[value=corridors]").uncheck()
    page.wait_for_function("new URLSearchParams(location.search).get('layers') !== null")
    assert "newsroom" in page.evaluate("new URLSearchParams(location.search).get('layers')")

    # A reload starts a new session: the reader brings the file again, and the link's
    # layers (their projects among them) are what the map shows.
    page.reload()
    upload(page, SAMPLE)
    wait_for_map(page)
    shows(page, read_layer(SAMPLE.read_bytes(), SAMPLE.name).rows)
    assert page.locator(".bri-layers input[value=newsroom]").is_checked()
    assert not page.locator(".bri-layers input[value=corridors]").is_checked()
    page.close()
