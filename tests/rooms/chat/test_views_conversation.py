"""The room list's live unread counts and the room page's pinned message and text direction."""

from __future__ import annotations

import pytest

from rooms.chat import services
from rooms.moderation import services as moderation_services

pytestmark = pytest.mark.django_db


def test_unread_counts_are_the_persons_own_rooms_only(
    client, welcome, pair_room, participant, outsider
):
    services.add_member(welcome, user=participant)
    services.add_member(pair_room, user=outsider)
    services.post_message(welcome, author=outsider, body="hi", client_id="1")
    services.post_message(pair_room, author=outsider, body="private", client_id="2")
    client.force_login(participant)
    assert client.get("/rooms/unread/").json() == {"unread": {"welcome": 1}}
    client.force_login(outsider)  # a member of both now (posting joined), who read their own
    assert client.get("/rooms/unread/").json() == {"unread": {"istanbul-madrid": 0, "welcome": 0}}


def test_unread_counts_need_a_signed_in_person(client, welcome):
    response = client.get("/rooms/unread/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_room_list_marks_every_room_for_live_counts(client, welcome, participant):
    services.add_member(welcome, user=participant)
    client.force_login(participant)
    page = client.get("/rooms/").content.decode()
    assert 'data-unread-for="welcome" hidden' in page
    assert "js/rooms.js" in page


def test_the_pinned_message_shows_its_text_after_a_reload(client, welcome, participant, moderator):
    seq = services.post_message(
        welcome, author=participant, body="Meet at the library", client_id="p"
    ).message.seq
    moderation_services.set_pinned(welcome, actor=moderator, seq=seq)
    client.force_login(participant)
    page = client.get("/rooms/welcome/").content.decode()
    assert '<span id="pinned-body" dir="auto">Meet at the library</span>' in page
    assert '<h1 id="room-title" dir="auto">' in page
