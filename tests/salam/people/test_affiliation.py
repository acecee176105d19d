""" "My university / city is not listed": a request an organiser approves or declines."""

from __future__ import annotations

import datetime as dt

import pytest

from salam.people import services
from salam.people.models import AffiliationRequest, Profile, University

NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def asked(make_person):
    person = make_person("newcomer", complete=False)
    request = services.request_affiliation(
        person, kind="university", name="  Universidade  de São Paulo ", country="BR",
        city_name="São Paulo",
    )  # fmt: skip
    return person, request


def profile_form(**changes):
    return {
        "display_name": "New Comer",
        "affiliation": "student",
        "university": "",
        "not_listed": "on",
        "place_name": "Universidade de São Paulo",
        "place_city": "São Paulo",
        "place_country": "BR",
        "languages": ["pt", "en"],
        "interests": "",
        "time_zone": "America/Sao_Paulo",
        "bio": "",
        **changes,
    }


def test_a_person_asks_through_the_profile_form_and_may_take_part_meanwhile(client, make_person):
    person = make_person("newcomer", complete=False)
    client.force_login(person)
    response = client.post("/people/me/edit/", profile_form())
    assert response.status_code == 302
    request = AffiliationRequest.objects.get(person=person)
    found = (request.kind, request.name, request.city_name, request.country.code, request.status)
    assert found == ("university", "Universidade de São Paulo", "São Paulo", "BR", "pending")
    profile = Profile.objects.get(user=person)
    assert profile.university is None
    assert profile.is_complete is True
    page = client.get("/people/newcomer/").content.decode()
    assert "Universidade de São Paulo" in page and "Waiting for an organiser" in page


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"place_name": ""}, "place_name"), ({"place_country": ""}, "place_country")],
)
def test_a_request_without_name_or_country_is_refused_and_nothing_is_asked(
    client, make_person, changes, field
):
    person = make_person("newcomer", complete=False)
    client.force_login(person)
    response = client.post("/people/me/edit/", profile_form(**changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not AffiliationRequest.objects.exists()


def test_asking_again_replaces_the_pending_request(asked):
    person, first = asked
    second = services.request_affiliation(person, kind="city", name="Campinas", country="BR")
    assert list(AffiliationRequest.objects.values_list("pk", flat=True)) == [second.pk]
    assert first.pk != second.pk


def test_an_organiser_approves_and_the_profile_links_to_the_new_university(
    client, organiser, asked
):
    person, request = asked
    client.force_login(organiser)
    listing = client.get("/people/requests/places/")
    assert listing.status_code == 200
    assert "Universidade de São Paulo" in listing.content.decode()
    response = client.post(f"/people/requests/places/{request.pk}/approve/")
    assert response.status_code == 302
    request.refresh_from_db()
    university = University.objects.get(name="Universidade de São Paulo", country="BR")
    profile = Profile.objects.get(user=person)
    assert (request.status, request.decided_by, request.university) == (
        "approved", organiser, university,
    )  # fmt: skip
    assert (profile.affiliation, profile.university, university.city) == (
        "student", university, "São Paulo",
    )  # fmt: skip
    assert (
        "Universidade de São Paulo, São Paulo, Brazil"
        in client.get("/people/newcomer/").content.decode()
    )


def test_an_organiser_declines_with_a_reason_and_nothing_is_added(client, organiser, asked):
    _person, request = asked
    client.force_login(organiser)
    client.post(f"/people/requests/places/{request.pk}/decline/", {"reason": "Duplicate of USP"})
    request.refresh_from_db()
    assert (request.status, request.reason) == ("declined", "Duplicate of USP")
    assert not University.objects.filter(name="Universidade de São Paulo").exists()


@pytest.mark.parametrize("persona", ["participant", "moderator", "asker"])
def test_no_one_but_an_organiser_may_see_or_decide(client, request, asked, persona):
    person, pending = asked
    user = person if persona == "asker" else request.getfixturevalue(persona)
    client.force_login(user)
    assert client.get("/people/requests/places/").status_code == 403
    for decision in ("approve", "decline"):
        assert client.post(f"/people/requests/places/{pending.pk}/{decision}/").status_code == 403
    pending.refresh_from_db()
    assert pending.status == "pending"
    with pytest.raises(services.AffiliationError) as refused:
        services.approve_affiliation_request(pending.pk, actor=user, now=NOW)
    assert refused.value.code == "forbidden"


def test_a_stranger_is_sent_to_sign_in(client, asked):
    _person, pending = asked
    response = client.post(f"/people/requests/places/{pending.pk}/approve/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_an_organiser_whose_role_was_just_taken_away_cannot_decide(client, organiser, asked):
    _person, pending = asked
    client.force_login(organiser)
    organiser.groups.clear()
    response = client.post(f"/people/requests/places/{pending.pk}/approve/")
    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_a_decided_request_cannot_be_decided_again(client, organiser, asked):
    _person, pending = asked
    services.decline_affiliation_request(pending.pk, actor=organiser, now=NOW)
    with pytest.raises(services.AffiliationError) as refused:
        services.approve_affiliation_request(pending.pk, actor=organiser, now=NOW)
    assert refused.value.code == "decided"
    client.force_login(organiser)
    client.post(f"/people/requests/places/{pending.pk}/approve/")
    assert not University.objects.filter(name="Universidade de São Paulo").exists()


def test_an_unknown_decision_is_not_found(client, organiser, asked):
    _person, pending = asked
    client.force_login(organiser)
    assert client.post(f"/people/requests/places/{pending.pk}/delete/").status_code == 404


def test_approving_a_city_finds_one_added_meanwhile(make_person, organiser):
    person = make_person("walker", affiliation="city", complete=False)
    request = services.request_affiliation(person, kind="city", name="Rotterdam", country="NL")
    make_person("other")  # makes Rotterdam, NL
    services.approve_affiliation_request(request.pk, actor=organiser, now=NOW)
    profile = Profile.objects.get(user=person)
    assert (profile.affiliation, profile.city.name) == ("city", "Rotterdam")
