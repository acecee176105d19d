"""Branded 403, 404 and 500 pages in the reader's language; a 403 says why when it can."""

from __future__ import annotations

import pytest
from django.test import Client

from rooms.chat import services as rooms
from rooms.models import Room
from rooms.moderation import services as moderation

pytestmark = pytest.mark.django_db

BANNED = {
    "en": "You were removed from this room by a moderator.",
    "ar": "أخرجك أحد المشرفين من هذه الغرفة.",
}


@pytest.fixture
def welcome(moderator, participant) -> Room:
    room = rooms.create_room(slug="welcome", title="Welcome")
    rooms.add_member(room, user=moderator, role="moderator")
    rooms.join_room(room, actor=participant)
    return room


def signed_in(user, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_banned_person_reloading_the_room_is_told_why(welcome, moderator, participant, language):
    moderation.ban_member(welcome, actor=moderator, username="alice", reason="spam")
    response = signed_in(participant, language).get("/rooms/welcome/")
    body = response.content.decode()
    assert response.status_code == 403
    assert f'<p class="error-reason">{BANNED[language]}</p>' in body
    assert '<main id="main"' in body  # the site's layout
    assert f'<html lang="{language}"' in body


def test_a_member_still_enters(welcome, participant):
    assert signed_in(participant).get("/rooms/welcome/").status_code == 200


def test_a_stranger_asking_for_a_private_room_learns_nothing(make_person, outsider):
    rooms.create_room(
        slug="quiet-plans",
        title="Quiet plans",
        visibility=Room.Visibility.MEMBERS,
    )
    response = signed_in(outsider, "ar").get("/rooms/quiet-plans/")
    body = response.content.decode()
    assert response.status_code == 404
    assert "Quiet plans" not in body
    assert "الصفحة غير موجودة" in body
    assert '<html lang="ar" dir="rtl">' in body


def test_a_session_room_tells_the_unregistered_it_is_for_registered_people(outsider):
    rooms.create_room(
        slug="session-room",
        title="Session room",
        kind=Room.Kind.SESSION,
        visibility=Room.Visibility.MEMBERS,
    )
    response = signed_in(outsider).get("/rooms/session-room/")
    assert response.status_code == 403
    assert "This session&#x27;s room is for registered people." in response.content.decode()


def test_a_403_without_a_reason_says_a_generic_sentence(participant):
    # The admin's login (allauth's secure_admin_login) refuses a signed-in non-staff person.
    response = signed_in(participant, "fr").get("/admin/login/")
    body = response.content.decode()
    assert response.status_code == 403
    assert '<p class="error-reason">Vous ne pouvez pas ouvrir cette page.</p>' in body


def test_a_rota_change_by_a_non_organiser_says_who_may(participant):
    response = signed_in(participant).post("/library/rota/", {})
    assert response.status_code == 403
    assert "Only organisers change the rota." in response.content.decode()


@pytest.mark.urls("tests.salam.boom_urls")
@pytest.mark.parametrize(
    ("language", "title"), [("en", "Something went wrong"), ("ar", "حدث خطأ ما")]
)
def test_a_server_error_shows_the_branded_page_in_the_readers_language(language, title):
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE=language)
    response = client.get("/boom/")
    body = response.content.decode()
    assert response.status_code == 500
    assert f'<h1 id="error-title">{title}</h1>' in body
    assert '<main id="main"' in body
    assert "a bug" not in body
