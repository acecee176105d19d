"""Language and time-zone names in the UI language, the likely ones first; language fields
default to the UI language."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from salam.core import locality
from salam.core.zones import zone_named
from salam.people.choices import (
    language_choices,
    language_name,
    likely_first,
    time_zone_choices,
    zone_choice_label,
)
from salam.people.fields import LanguageField, search_terms


@pytest.fixture(autouse=True)
def _fresh_locality():
    locality.deactivate()
    yield
    locality.deactivate()


@pytest.mark.parametrize(
    ("ui", "first"),
    [("en", ("en", "English")), ("fr", ("fr", "français")), ("ar", ("ar", "العربية"))],
)
def test_the_ui_language_comes_first_named_in_itself(ui, first):
    with translation.override(ui):
        assert language_choices()[0] == first


def test_then_the_viewers_own_languages_then_the_rest_by_name():
    locality.activate(languages=["tr", "pt", "xx"], browser_zone=None)
    with translation.override("es"):
        choices = language_choices()
    assert [code for code, _ in choices[:3]] == ["es", "tr", "pt"]
    assert choices[1] == ("tr", "turco")
    rest = [name.casefold() for _, name in choices[3:]]
    assert rest == sorted(rest)
    assert len(choices) == 184


def test_names_follow_the_ui_language():
    assert [language_name("de", ui) for ui in ("en", "fr", "es", "ar")] == [
        "German",
        "allemand",
        "alemán",
        "الألمانية",
    ]


def test_likely_first_keeps_known_codes_once_in_order():
    assert likely_first(["a", "b", "c", "d"], ["c", "x", "c", "a"]) == ["c", "a", "b", "d"]


@pytest.mark.parametrize("ui", ["en", "fr", "ar"])
def test_a_language_field_defaults_to_the_ui_language_not_abkhazian(ui):
    from django import forms

    class Form(forms.Form):
        language = LanguageField()

    with translation.override(ui):
        field = Form()["language"]
        assert field.initial == ui
        assert f'<option value="{ui}" selected>' in str(field)


@pytest.mark.parametrize(
    ("path", "marker"),
    [
        ("/journal/submit/", 'name="language"'),
        ("/rooms/new/", 'name="language"'),
    ],
)
def test_forms_of_other_apps_default_to_the_readers_language(client, organiser, path, marker):
    client.force_login(organiser)
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="fr")
    html = response.content.decode()
    assert response.status_code == 200, path
    assert marker in html
    assert '<option value="fr" selected>français</option>' in html
    assert '<option value="ab" selected>' not in html


def test_search_terms_find_a_language_by_its_codes_and_its_own_name():
    assert set(search_terms("fr").split()) >= {"fr", "fra", "fre", "french", "français"}


def test_time_zones_are_named_in_the_ui_language_browsers_first():
    locality.activate(languages=[], browser_zone=zone_named("America/Sao_Paulo"))
    with translation.override("fr"):
        first = time_zone_choices()[0]
    assert first == (
        "America/Sao_Paulo",
        "heure : Brésil (São Paulo) · \u2068America/Sao_Paulo\u2069 (\u2068UTC\u22123\u2069)",
    )


def test_old_aliases_are_not_offered():
    names = {name for name, _ in time_zone_choices()}
    assert {"US/Eastern", "Etc/GMT+3", "Cuba"}.isdisjoint(names)
    assert {"UTC", "Europe/Paris", "Asia/Kolkata"} <= names


def test_a_zone_label_says_its_offset_now():
    summer = dt.datetime(2026, 7, 1, tzinfo=dt.UTC)
    assert zone_choice_label("Europe/Paris", language="en", now=summer) == (
        "France Time · \u2068Europe/Paris\u2069 (\u2068UTC+2\u2069)"
    )
