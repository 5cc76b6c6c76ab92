"""A country's card: its story role, passages, projects, partnership and forum leader."""

from __future__ import annotations

import pytest

from explainers import datasets
from explainers.country_card import country_card
from explainers.explainer import load_explainer


@pytest.fixture(scope="module")
def data():
    return datasets.load_map_data()


def test_kazakhstan_card(data):
    card = country_card("KAZ", load_explainer("bri-forum-2017"), data)
    assert card.name == "Kazakhstan"
    assert "Nazarbayev" in card.why
    assert [p.id for p in card.passages] == ["kazakhstan"]
    assert any(p.id == "khorgos-gateway-sez" for p in card.projects)
    assert card.partner_since is not None
    assert card.forum_leader == "President Nursultan Nazarbayev"


def test_italy_left_the_initiative(data):
    card = country_card("ITA", load_explainer("bri-forum-2017"), data)
    assert card.why is None
    assert (card.partner_since, card.partner_left) == (2019, 2023)


def test_a_country_outside_the_story_and_the_initiative(data):
    card = country_card("USA", load_explainer("bri-forum-2017"), data)
    assert card.partner_since is None and card.forum_leader is None and card.projects == ()
