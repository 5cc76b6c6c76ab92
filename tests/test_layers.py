"""Map layers: each is a documented record, and each shows what existed in the chosen year."""

from __future__ import annotations

import pandas as pd
import pytest

from explainers.data import datasets
from explainers.data.map_data import MapData
from explainers.data.shapes import country_table
from explainers.explainer import load_explainer
from explainers.map.figures import figure_bytes, story_map
from explainers.map.layers import LAYER_IDS, LAYERS, partners_as_of, projects_as_of
from explainers.paths import ROOT


@pytest.fixture(scope="module")
def data():
    return datasets.load_map_data()


def _readme_layers() -> set[str]:
    """The ids in the first column of the README's table of map layers."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| layer | what it shows |") :].split("\n\n")[0]
    return {row.split("|")[1].strip().strip("`") for row in table.splitlines()[2:]}


@pytest.mark.parametrize("layer", LAYERS, ids=lambda layer: layer.id)
def test_every_layer_is_documented_in_the_readmes_table(layer):
    assert layer.id in _readme_layers(), f"README.md's layer table does not give {layer.id}"


def test_the_readmes_layer_table_names_no_layer_that_is_gone():
    from explainers.map.newsroom import LAYER_ID  # the projects page's own layer

    assert _readme_layers() <= {layer.id for layer in LAYERS} | {LAYER_ID}


PIPELINE_AND_PORT = MapData(
    projects=pd.DataFrame(
        {
            "id": ["central-asia-pipeline", "gwadar-port", "khorgos-gateway"],
            "countries": ["TKM; UZB;KAZ;CHN", "PAK", "KAZ"],
        }
    ),
    corridors=pd.DataFrame(),
    partners=pd.DataFrame(),
    forum=pd.DataFrame(),
)


@pytest.mark.parametrize(
    ("countries", "ids"),
    [
        (("KAZ",), ["central-asia-pipeline", "khorgos-gateway"]),
        (("UZB",), ["central-asia-pipeline"]),  # a cross-border project is in each country
        (("PAK", "CHN"), ["central-asia-pipeline", "gwadar-port"]),  # any of them, table order
        (("USA",), []),
        ((), []),
    ],
)
def test_the_projects_in_a_country_are_those_that_list_it(countries, ids):
    assert PIPELINE_AND_PORT.projects_in(*countries)["id"].tolist() == ids


def test_every_listed_country_has_its_projects():
    by_country = PIPELINE_AND_PORT.projects_by_country()
    assert set(by_country) == {"TKM", "UZB", "KAZ", "CHN", "PAK"}
    assert by_country["KAZ"] == [0, 2]


def test_projects_as_of_a_year_are_those_started_by_then():
    projects = pd.DataFrame(
        {
            "lat": [1.0, 2.0, None, 4.0],
            "lon": [1.0, 2.0, 3.0, 4.0],
            "start_year": [2014, 2019, 2010, None],
        }
    )
    assert len(projects_as_of(projects, 2017)) == 1
    assert len(projects_as_of(projects, None)) == 3  # every project with a point


def test_partners_as_of_a_year_leave_out_later_joiners_and_leavers():
    partners = pd.DataFrame(
        {
            "iso3": ["ITA", "PAN", "KAZ"],
            "joined_year": [2019, 2017, 2015],
            "left_year": [2023, 2025, None],
        }
    )
    assert partners_as_of(partners, 2016)["iso3"].tolist() == ["KAZ"]
    assert set(partners_as_of(partners, 2020)["iso3"]) == {"ITA", "PAN", "KAZ"}
    assert partners_as_of(partners, None)["iso3"].tolist() == ["KAZ"]


def test_all_layers_draw_and_stay_light(data):
    fig = story_map(
        load_explainer("bri-forum-2017"),
        country_table(),
        None,
        data,
        tuple(layer.id for layer in LAYERS),
    )
    names = [trace.name for trace in fig.data]
    assert "Rail" in names and "Port" in names
    assert "Corridor (schematic)" in names
    assert "Belt and Road partner today" in names
    assert "Its leader came to the forum" in names  # the explainer's own words
    assert figure_bytes(fig) < 80_000


def test_the_year_control_filters_projects_and_partners(data):
    story, table = load_explainer("bri-forum-2017"), country_table()
    early = story_map(story, table, None, data, ("projects", "partners"), 2014)
    late = story_map(story, table, None, data, ("projects", "partners"), None)

    def count(fig, kind):
        return sum(len(t.lon or t.locations or ()) for t in fig.data if t.type == kind)

    assert count(early, "scattergeo") < count(late, "scattergeo")
    early_partners = next(t for t in early.data if t.name.startswith("Belt and Road partner"))
    assert "ITA" not in early_partners.locations


def test_hover_names_the_project_its_cost_and_source(data):
    fig = story_map(load_explainer("bri-forum-2017"), country_table(), None, data, ("projects",))
    rail = next(t for t in fig.data if t.name == "Rail")
    row = next(c for c in rail.customdata if c[5] == "jakarta-bandung-hsr")
    assert row[0].startswith("Jakarta-Bandung")
    assert row[3].startswith("US$")
    assert "scmp.com" in row[4]


def _luminance(colour: str) -> float:
    channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2's contrast ratio of two #RRGGBB colours.

    >>> round(contrast("#000000", "#FFFFFF"), 1)
    21.0
    """
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_what_the_layers_draw_stands_out_from_what_it_is_drawn_on(data):
    """WCAG 1.4.11: 3:1 for shapes that carry meaning, read from the drawn figure: a
    partner's fill against plain land, a corridor's line against plain land and a partner."""
    fig = story_map(load_explainer("bri-forum-2017"), country_table(), None, data, LAYER_IDS)
    land = fig.data[0].colorscale[0][1]  # the first trace: every country the story leaves out
    partner = next(t for t in fig.data if (t.meta or {}).get("layer") == "partners")
    green = partner.colorscale[0][1]
    corridor = next(t for t in fig.data if (t.meta or {}).get("layer") == "corridors")
    assert contrast(green, land) >= 3, (green, land)
    assert contrast(corridor.line.color, land) >= 3
    assert contrast(corridor.line.color, green) >= 3
