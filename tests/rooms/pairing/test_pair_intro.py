"""The pair room's introduction: a card per person, shared interests marked, country names."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from rooms.pairing import selectors
from rooms.pairing import services as pairing_services
from rooms.pairing.texts import flag, listing, shared_title

NOW = dt.datetime(2026, 11, 29, 12, 0, tzinfo=dt.UTC)
ISTANBUL = ("Boğaziçi University", "Istanbul", "TR")
CAIRO = ("Cairo University", "Cairo", "EG")


@pytest.fixture
def pair(make_person):
    amina = make_person(
        "amina", university=CAIRO, languages=("ar", "en"), interests=("history", "music", "poetry")
    )
    lucas = make_person(
        "lucas", university=ISTANBUL, languages=("en", "tr"), interests=("football", "history")
    )
    pairing_services.request_pairing(actor=amina, now=NOW)
    pairing = pairing_services.request_pairing(actor=lucas, now=NOW).pairing
    return amina, lucas, pairing


@pytest.mark.django_db
def test_the_reader_sees_their_partner_first_with_what_they_share(pair):
    amina, _lucas, pairing = pair
    with translation.override("en"):
        intro = selectors.pair_intro(pairing, viewer=amina)
    partner, me = intro.cards
    assert (partner.username, partner.is_you, me.username, me.is_you) == (
        "lucas",
        False,
        "amina",
        True,
    )
    assert partner.place == "Boğaziçi University, Istanbul"
    assert (partner.country_code, partner.country, partner.flag) == ("TR", "Türkiye", "🇹🇷")
    assert partner.languages == ["English", "Turkish"]
    assert partner.interests == [("history", True), ("football", False)]
    assert me.interests == [("history", True), ("music", False), ("poetry", False)]
    assert intro.title == "You both care about history."
    assert intro.shared_languages == ["English"]


@pytest.mark.django_db
def test_country_and_language_names_follow_the_readers_language(pair):
    _amina, lucas, pairing = pair
    with translation.override("fr"):
        intro = selectors.pair_intro(pairing, viewer=lucas)
    assert intro.cards[0].country == "Égypte"
    assert intro.cards[0].languages == ["Arabe", "Anglais"]


@pytest.mark.django_db
def test_someone_outside_the_pair_gets_no_card_of_their_own(pair, make_person):
    _amina, _lucas, pairing = pair
    stranger = make_person("stranger")
    intro = selectors.pair_intro(pairing, viewer=stranger)
    assert [card.is_you for card in intro.cards] == [False, False]


@pytest.mark.parametrize(
    ("interests", "people", "languages", "title"),
    [
        (["history"], 2, [], "You both care about history."),
        (["history", "music", "poetry"], 2, [], "You both care about history, music and poetry."),
        (["music", "cinema"], 4, [], "You all care about music and cinema."),
        ([], 2, ["English", "Arabic"], "You can talk in English and Arabic."),
    ],
)
def test_the_title_is_a_sentence_not_a_tag(interests, people, languages, title):
    with translation.override("en"):
        assert shared_title(interests, people=people, languages=languages) == title


def test_flags_are_built_from_the_iso_code():
    assert (flag("EG"), flag("fr"), flag(""), flag("E1")) == ("🇪🇬", "🇫🇷", "", "")
    assert listing(["a"]) == "a"
