"""A person's language: chosen with the header's switch or on the profile, kept on the profile,
and the site's after they sign in, on any browser."""

from __future__ import annotations

import pytest
from django.conf import settings

from salam.people import services
from salam.people.models import Profile
from salam.people.selectors import language_of

pytestmark = pytest.mark.django_db


def preferred(person) -> str:
    return Profile.objects.get(user=person).ui_language


def switch(client, language: str):
    return client.post("/i18n/setlang/", {"language": language, "next": "/"})


def test_switching_language_in_the_header_saves_it_on_the_profile(client, participant):
    client.force_login(participant)
    response = switch(client, "fr")
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert preferred(participant) == "fr"
    assert language_of(participant) == "fr"


def test_the_page_after_the_switch_is_in_the_new_language_not_the_old_preference(
    client, make_person
):
    person = make_person("nadia", ui_language="ar")
    client.force_login(person)
    switch(client, "es")
    response = client.get("/")
    assert '<html lang="es"' in response.content.decode()
    assert preferred(person) == "es"


@pytest.mark.parametrize("language", ["de", "xx", "", "en-gb; drop table"])
def test_a_language_the_site_has_not_is_not_saved(client, make_person, language):
    person = make_person("nadia", ui_language="ar")
    client.force_login(person)
    switch(client, language)
    assert preferred(person) == "ar"


def test_switching_while_signed_out_saves_nothing_and_still_switches(client):
    response = switch(client, "fr")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert Profile.objects.count() == 0


def test_the_service_refuses_a_language_the_site_has_not(participant):
    with pytest.raises(ValueError):
        services.set_preferred_language(participant, language="de")
    assert preferred(participant) == ""


def test_after_sign_in_the_site_uses_the_preferred_language_whatever_the_browser_says(
    client, make_person
):
    person = make_person("nadia", ui_language="ar")
    client.force_login(person)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ar"  # kept after sign-out
    again = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert settings.LANGUAGE_COOKIE_NAME not in again.cookies  # set once, not on every page


def test_without_a_preference_the_browsers_language_is_used(client, participant):
    client.force_login(participant)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="es")
    assert '<html lang="es"' in response.content.decode()
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_signing_in_keeps_the_language_one_signed_in_with_when_none_was_chosen(
    client, participant, password
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = client.post("/accounts/login/", {"login": "alice", "password": password})
    assert response.status_code == 302
    assert preferred(participant) == "fr"


def test_signing_in_does_not_replace_a_chosen_language(client, make_person, password):
    person = make_person("nadia", ui_language="ar")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    client.post("/accounts/login/", {"login": "nadia", "password": password})
    assert preferred(person) == "ar"
    assert '<html lang="ar"' in client.get("/").content.decode()


def profile_form(**changes) -> dict:
    return {
        "display_name": "Nadia",
        "affiliation": "student",
        "university": "",
        "languages": ["ar", "en"],
        "interests": "music",
        "time_zone": "Africa/Cairo",
        "bio": "",
        **changes,
    }


@pytest.fixture
def student_form(make_person):
    from salam.people.models import University

    person = make_person("nadia")
    university = University.objects.get(name="Boğaziçi University")
    return person, profile_form(university=str(university.pk))


def test_the_profile_form_saves_the_language(client, student_form):
    person, form = student_form
    client.force_login(person)
    page = client.get("/people/me/edit/").content.decode()
    assert 'name="ui_language"' in page
    response = client.post("/people/me/edit/", {**form, "ui_language": "ar"})
    assert response.status_code == 302
    assert preferred(person) == "ar"


def test_the_profile_form_refuses_a_language_the_site_has_not(client, student_form):
    person, form = student_form
    client.force_login(person)
    response = client.post("/people/me/edit/", {**form, "ui_language": "de"})
    assert response.status_code == 200
    assert response.context["form"].errors["ui_language"]
    assert preferred(person) == ""
