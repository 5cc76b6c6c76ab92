"""The place linker: forms the article uses, false friends, and the labelled set."""

from __future__ import annotations

import csv
import itertools
import json
import time

import pytest

from explainers.paths import ROOT
from explainers.text.gazetteer import load_gazetteer, place_named, town_named
from explainers.text.gazetteer_forms import GAZETTEER_DIR, fold, gazetteer_files
from explainers.text.places import Mention, find_mentions

ARTICLES_DIR = ROOT / "tests" / "articles"


def links(text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """(surface, kind, iso3) for each mention, the shape most tests compare."""
    return [(m.text, m.kind, m.iso3) for m in find_mentions(text)]


def link_of(text: str, surface: str) -> tuple[str, tuple[str, ...]] | None:
    """Kind and codes of the mention whose text is ``surface``, or None if unlinked."""
    for m in find_mentions(text):
        if m.text == surface:
            return m.kind, m.iso3
    return None


# ---- the forms the forum article uses -------------------------------------------------

FORMS = [
    ("Sino-Russian ties", "Sino-Russian", ("country", ("CHN", "RUS"))),
    ("Beijing and Moscow agree", "Beijing", ("place", ("CHN",))),
    ("Beijing and Moscow agree", "Moscow", ("place", ("RUS",))),
    ("a US-backed resolution", "US", ("country", ("USA",))),
    ("a U.S.-backed resolution", "U.S.", ("country", ("USA",))),
    ("China's foreign ministry", "China", ("country", ("CHN",))),
    ("China’s foreign ministry", "China", ("country", ("CHN",))),
    ("Kazakhstan's President", "Kazakhstan", ("country", ("KAZ",))),
    ("the Russian leader", "Russian", ("country", ("RUS",))),
    ("Turkish President", "Turkish", ("country", ("TUR",))),
    ("Indonesian officials", "Indonesian", ("country", ("IDN",))),
    ("Syrian refugees", "Syrian", ("country", ("SYR",))),
    ("Sri Lankan officials", "Sri Lankan", ("country", ("LKA",))),
    ("Papua New Guinean ministers", "Papua New Guinean", ("country", ("PNG",))),
    ("Russians and Indonesians", "Russians", ("country", ("RUS",))),
    ("Uygurs from Xinjiang", "Uygurs", ("place", ("CHN",))),
    ("Uygurs from Xinjiang", "Xinjiang", ("place", ("CHN",))),
    ("the China-Pakistan Economic Corridor", "China-Pakistan", ("country", ("CHN", "PAK"))),
    ("the China–Pakistan corridor", "China–Pakistan", ("country", ("CHN", "PAK"))),
    ("relations with the US", "US", ("country", ("USA",))),
    ("Britain and Türkiye", "Britain", ("country", ("GBR",))),
    ("Britain and Türkiye", "Türkiye", ("country", ("TUR",))),
    ("a Kremlin statement", "Kremlin", ("organisation", ("RUS",))),
    ("the UN Security Council voted", "UN Security Council", ("organisation", ())),
    ("Xinhua reported", "Xinhua", ("organisation", ())),
    ("Xi Jinping met Putin", "Xi Jinping", ("person", ("CHN",))),
    ("Xi Jinping met Putin", "Putin", ("person", ("RUS",))),
    ("Erdoğan spoke", "Erdoğan", ("person", ("TUR",))),
    ("President Joko Widodo", "Joko Widodo", ("person", ("IDN",))),
    ("Nursultan Nazarbayev", "Nursultan Nazarbayev", ("person", ("KAZ",))),
    ("Gwadar port", "Gwadar", ("place", ("PAK",))),
    ("in Central Asia", "Central Asia", ("place", ("KAZ", "KGZ", "TJK", "TKM", "UZB"))),
]


@pytest.mark.parametrize(("text", "surface", "expected"), FORMS)
def test_forms_a_linker_must_handle(text, surface, expected):
    assert link_of(text, surface) == expected


def test_every_forum_leader_is_linked_by_full_name():
    with (ROOT / "data" / "processed" / "forum_2017.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        iso3 = row.get("iso3") or row.get("country_iso3")
        assert link_of(f"{row['leader']} arrived.", row["leader"]) == ("person", (iso3,))


# ---- false friends: context decides ----------------------------------------------------

FALSE_FRIENDS = [
    # Turkey the bird in a recipe, Turkey the country in politics
    ("Turkey should rest for 20 minutes after roasting, then carve.", "Turkey", None),
    ("Roast the Turkey at 180C and baste it with gravy.", "Turkey", None),
    ("Turkey and China signed a railway deal in Ankara.", "Turkey", ("country", ("TUR",))),
    # Chad the name, Chad the country
    ("Chad Miller, a logistics adviser, was upbeat.", "Chad", None),
    ("My friend Chad said he would drive.", "Chad", None),
    ("Landlocked Chad wants a pipeline to the coast.", "Chad", ("country", ("TCD",))),
    ("Oil from Chad reaches the sea through Cameroon.", "Chad", ("country", ("TCD",))),
    # Georgia the US state, Georgia the country, Georgia the name
    ("Ships dock in Savannah, Georgia, near Atlanta.", "Georgia", ("place", ("USA",))),
    ("The governor of Georgia visited Atlanta.", "Georgia", ("place", ("USA",))),
    ("Georgia plans a port at Anaklia on the Black Sea.", "Georgia", ("country", ("GEO",))),
    ("Trains cross Georgia to Tbilisi.", "Georgia", ("country", ("GEO",))),
    ("A painting by Georgia O'Keeffe was sold.", "Georgia", None),
    # Jordan the person, Jordan the country
    ("Former basketball star Michael Jordan scored again.", "Jordan", None),
    ("Jordan Henderson signed for a new club.", "Jordan", None),
    ("Jordan scored 30 points for the Bulls in that game.", "Jordan", None),
    ("Mr Jordan said the ports were full.", "Jordan", None),
    ("Refugees crossed from Syria into Jordan.", "Jordan", ("country", ("JOR",))),
    ("King Abdullah of Jordan met officials in Amman.", "Jordan", ("country", ("JOR",))),
    # China in a company's name is the company
    ("China Railway built the line.", "China Railway", ("organisation", ())),
    ("China Railway built the line.", "China", None),
    ("Bank of China lent the money.", "China", None),
    ("China Harbour Engineering dredged the port.", "China", None),
    # the Guineas
    ("Guinea exports bauxite.", "Guinea", ("country", ("GIN",))),
    ("Papua New Guinea signed up.", "Papua New Guinea", ("country", ("PNG",))),
    ("Papua New Guinea signed up.", "Guinea", None),
    ("Equatorial Guinea denied it.", "Equatorial Guinea", ("country", ("GNQ",))),
    ("Guinea-Bissau joined later.", "Guinea-Bissau", ("country", ("GNB",))),
    ("Guinean miners and Papua New Guinean officials", "Guinean", ("country", ("GIN",))),
    # the Congos
    (
        "the Democratic Republic of the Congo",
        "Democratic Republic of the Congo",
        ("country", ("COD",)),
    ),
    ("the Republic of the Congo", "Republic of the Congo", ("country", ("COG",))),
    ("the Republic of Congo", "Republic of Congo", ("country", ("COG",))),
    ("DR Congo and the DRC", "DR Congo", ("country", ("COD",))),
    ("Congo's cobalt mines near Kolwezi", "Congo", ("country", ("COD",))),
    ("Congo sells oil from Pointe-Noire to Brazzaville buyers.", "Congo", ("country", ("COG",))),
    ("Congolese miners in Lubumbashi", "Congolese", ("country", ("COD",))),
    # places that are not the country they contain
    ("New Jersey and New Mexico", "Jersey", None),
    ("New Jersey and New Mexico", "Mexico", None),
    ("the South China Sea", "China", None),
    ("exports to North America", "America", None),
    ("The Washington Post reported it.", "Washington", None),
    ("Turkish Airlines flew in.", "Turkish", None),
]


@pytest.mark.parametrize(("text", "surface", "expected"), FALSE_FRIENDS)
def test_false_friends(text, surface, expected):
    assert link_of(text, surface) == expected


def test_lowercase_common_words_are_not_places():
    assert links("the turkey, some china plates and a guinea pig") == []


def test_a_region_and_a_combining_form_alone():
    assert links("Sino is not a country; Indo-Pacific is a region.")[0][0] == "Indo-Pacific"


# ---- the interface ---------------------------------------------------------------------


def test_mentions_are_sorted_disjoint_and_index_the_text():
    text = (ARTICLES_DIR / "forum_2017.txt").read_text(encoding="utf-8")
    mentions = find_mentions(text)
    assert mentions == sorted(mentions, key=lambda m: m.start)
    for before, after in itertools.pairwise(mentions):
        assert before.end <= after.start
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_mention_is_frozen_and_serialises():
    mention = find_mentions("Putin")[0]
    assert isinstance(mention, Mention)
    with pytest.raises(AttributeError):
        mention.start = 3  # type: ignore[misc]
    assert mention.to_json() == {
        "start": 0,
        "end": 5,
        "text": "Putin",
        "kind": "person",
        "iso3": ["RUS"],
    }


def test_places_carry_coordinates():
    beijing = find_mentions("Beijing")[0]
    assert beijing.lat == pytest.approx(39.9, abs=0.1)
    assert beijing.lon == pytest.approx(116.4, abs=0.1)


def test_accents_match_and_offsets_stay_the_originals():
    text = "In Türkiye, Erdoğan met Szydło."
    assert [(m.text, m.iso3) for m in find_mentions(text)] == [
        ("Türkiye", ("TUR",)),
        ("Erdoğan", ("TUR",)),
        ("Szydło", ("POL",)),
    ]


def test_fold_keeps_length():
    text = "Erdoğan’s Türkiye – Łódź"
    assert len(fold(text)) == len(text)


def test_empty_and_placeless_text():
    assert find_mentions("") == []
    assert find_mentions("The weather was fine and the talks went well.") == []


def test_rejects_bytes():
    with pytest.raises(TypeError, match="expects text as str, got bytes"):
        find_mentions(b"China")  # type: ignore[arg-type]


def test_warm_call_is_fast():
    text = (ARTICLES_DIR / "forum_2017.txt").read_text(encoding="utf-8") * 4
    find_mentions(text)
    started = time.perf_counter()
    find_mentions(text)
    assert time.perf_counter() - started < 0.1


# ---- data hygiene ----------------------------------------------------------------------


@pytest.mark.parametrize("path", gazetteer_files(), ids=lambda p: p.name)
def test_every_gazetteer_row_names_its_source(path):
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows, f"{path.name} is empty"
    missing = [i + 2 for i, row in enumerate(rows) if not row.get("source", "").strip()]
    assert not missing, f"{path.name}: rows {missing} have no source"


def test_gazetteer_dir_is_the_one_loaded():
    assert GAZETTEER_DIR.is_dir()
    assert load_gazetteer().entries["Kremlin"].kind == "organisation"


# ---- the labelled set: precision and recall --------------------------------------------


def load_labelled() -> list[tuple[str, str, list[dict]]]:
    cases = []
    for path in sorted(ARTICLES_DIR.glob("*.json")):
        label = json.loads(path.read_text(encoding="utf-8"))
        text = (ARTICLES_DIR / label["article"]).read_text(encoding="utf-8")
        cases.append((path.stem, text, label["mentions"]))
    return cases


def score(expected: set, found: set) -> tuple[float, float]:
    hits = len(expected & found)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(expected) if expected else 1.0
    return precision, recall


def labelled_sets() -> dict[str, tuple[set, set]]:
    """Expected and found items over the labelled set, for three measures.

    ``country links``: (article, start, end, code) for every mention of kind country.
    ``mentions``: (article, start, end, kind) for every mention.
    ``other links``: (article, start, end, code) for people, places and organisations
    whose codes are labelled (regions with many members are labelled ``null``).
    Labels marked optional are neither required nor counted against the linker.
    """
    sets = {name: (set(), set()) for name in ("country links", "mentions", "other links")}
    for name, text, labels in load_labelled():
        optional = {(m["start"], m["end"]) for m in labels if m.get("optional")}
        unchecked = {(m["start"], m["end"]) for m in labels if m.get("iso3") is None}
        required = [m for m in labels if not m.get("optional")]
        found = [m for m in find_mentions(text) if (m.start, m.end) not in optional]
        for exp, got in ((required, False), (found, True)):
            side = 1 if got else 0
            for m in exp:
                start, end, kind, iso3 = (
                    (m.start, m.end, m.kind, m.iso3)
                    if got
                    else (m["start"], m["end"], m["kind"], m["iso3"] or ())
                )
                sets["mentions"][side].add((name, start, end, kind))
                bucket = "country links" if kind == "country" else "other links"
                if bucket == "other links" and (start, end) in unchecked:
                    continue
                for code in iso3:
                    sets[bucket][side].add((name, start, end, code))
    return sets


def test_labelled_set_has_enough_articles():
    cases = load_labelled()
    assert len(cases) >= 8
    for name, text, labels in cases:
        assert labels, name
        assert all(text[m["start"] : m["end"]] == m["text"] for m in labels), name


def test_precision_and_recall_on_the_labelled_set(capsys):
    results = {name: score(*pair) for name, pair in labelled_sets().items()}
    with capsys.disabled():
        print()
        for name, (precision, recall) in results.items():
            print(f"labelled set, {name}: precision {precision:.3f}, recall {recall:.3f}")
    precision, recall = results["country links"]
    assert precision >= 0.95
    assert recall >= 0.95
    assert min(results["mentions"]) >= 0.90
    assert min(results["other links"]) >= 0.90


@pytest.mark.parametrize(
    ("text", "form", "iso3"),
    [
        (
            "Ports from Rotterdam to Valencia face new screening, a European official said.",
            "Valencia",
            "ESP",
        ),
        ("In Venezuela, Valencia's car plants reopened.", "Valencia", "VEN"),
        (
            "From Karachi to Hyderabad, Pakistan's Sindh province is on the CPEC route.",
            "Hyderabad",
            "PAK",
        ),
        ("India's software hub Hyderabad is growing.", "Hyderabad", "IND"),
        ("Barcelona's port signed a deal with Spain's government.", "Barcelona", "ESP"),
    ],
)
def test_cities_sharing_a_name_follow_the_countries_the_article_names(text, form, iso3):
    found = {m.text: m.iso3 for m in find_mentions(text)}
    assert found[form] == (iso3,)


# ---- towns the gazetteer leaves out, where context vouches for them -----------------------


@pytest.mark.parametrize(
    ("text", "town", "iso3"),
    [
        ("Lamu, Kenya, was chosen for a new port.", "Lamu", ("KEN",)),
        ("Plans for a port at Bagamoyo, Tanzania, stalled.", "Bagamoyo", ("TZA",)),
        ("In Kyaukpyu, Myanmar, a Chinese firm holds most shares.", "Kyaukpyu", ("MMR",)),
        ("Ferries sail from Poti, Georgia, to Bulgaria.", "Poti", ("GEO",)),
    ],
)
def test_a_town_followed_by_its_country_is_linked(text, town, iso3):
    assert link_of(text, town) == ("place", iso3)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Still, Kenya's lenders say small ports can pay.", "Still"),
        ("Meanwhile, China said the loans were fair.", "Meanwhile"),
        ("Malindi is a small coastal town.", "Malindi"),  # no country named: not vouched for
        ("Police, China's officials said, had closed the road.", "Police"),  # a Polish town
    ],
)
def test_a_word_before_a_country_is_not_a_town_unless_that_country_has_it(text, word):
    assert link_of(text, word) is None


def test_town_and_dateline_lookups():
    assert town_named("Lamu", "KEN").iso3 == ("KEN",)
    assert town_named("Lamu", "CHN") is None
    assert place_named("KUALA LUMPUR").iso3 == ("MYS",)
    assert place_named("Hyderabad", within="Pakistan").iso3 == ("PAK",)
    assert place_named("Hyderabad").iso3 == ("IND",)
