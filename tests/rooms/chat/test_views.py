from __future__ import annotations

import pytest
from django.utils import timezone

from rooms.chat import services
from rooms.models import Membership, Presence, Room

pytestmark = pytest.mark.django_db


def test_the_room_list_shows_open_rooms_unread_counts_and_hides_private_ones(
    client, welcome, pair_room, participant, outsider
):
    services.add_member(welcome, user=participant)
    services.post_message(welcome, author=outsider, body="hi", client_id="1")
    services.post_message(welcome, author=outsider, body="there", client_id="2")
    client.force_login(participant)
    response = client.get("/rooms/")
    rooms = {entry["room"].slug: entry for entry in response.context["rooms"]}
    assert set(rooms) == {"welcome"}
    assert rooms["welcome"]["unread"] == 2
    assert rooms["welcome"]["is_member"] is True


def test_the_room_list_names_who_is_online_by_the_name_they_show(
    client, welcome, participant, outsider
):
    outsider.profile.display_name = "Mallory Chen"
    outsider.profile.save(update_fields=["display_name"])
    Presence.objects.create(
        room=welcome, user=outsider, connection="c1", server="s1", seen_at=timezone.now()
    )
    client.force_login(participant)
    response = client.get("/rooms/")
    assert response.context["rooms"][0]["online"] == [
        {"username": outsider.username, "display_name": "Mallory Chen"}
    ]
    assert f'<span dir="auto" title="@{outsider.username}">Mallory Chen</span>' in (
        response.content.decode()
    )


def test_the_room_page_needs_a_complete_profile(client, welcome, make_person):
    client.force_login(make_person("halfway", complete=False))
    response = client.get("/rooms/welcome/")
    assert response.status_code == 302
    assert response["Location"].startswith("/people/me/edit/")


def test_a_private_room_is_a_404_for_an_outsider_and_open_for_a_member(
    client, pair_room, participant, outsider
):
    services.add_member(pair_room, user=participant)
    client.force_login(outsider)
    assert client.get("/rooms/istanbul-madrid/").status_code == 404
    client.force_login(participant)
    response = client.get("/rooms/istanbul-madrid/")
    assert response.status_code == 200
    assert response.context["room_config"]["slug"] == "istanbul-madrid"


def test_one_click_join_of_an_open_room(client, welcome, participant):
    client.force_login(participant)
    response = client.post("/rooms/welcome/join/")
    assert response.status_code == 302
    assert Membership.objects.filter(room=welcome, user=participant).exists()


def test_joining_a_private_room_by_post_is_refused(client, pair_room, outsider):
    client.force_login(outsider)
    assert client.post("/rooms/istanbul-madrid/join/").status_code == 404
    assert not Membership.objects.filter(room=pair_room).exists()


@pytest.mark.parametrize("persona", ["participant", "moderator", "organiser"])
def test_only_moderators_and_organisers_create_rooms(client, request, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.post(
        "/rooms/new/",
        {
            "title": "Poetry",
            "slug": "poetry",
            "topic": "",
            "language": "ar",
            "visibility": "open",
        },
    )
    created = Room.objects.filter(slug="poetry").exists()
    assert created is (persona != "participant")
    assert response.status_code == (403 if persona == "participant" else 302)


def test_a_reserved_or_taken_address_is_refused(client, welcome, organiser):
    client.force_login(organiser)
    for slug in ("moderation", "welcome"):
        response = client.post(
            "/rooms/new/",
            {
                "title": "X",
                "slug": slug,
                "topic": "",
                "language": "en",
                "visibility": "open",
            },
        )
        assert "slug" in response.context["form"].errors
    assert Room.objects.count() == 1


def test_an_organiser_edits_a_room(client, welcome, organiser):
    client.force_login(organiser)
    client.post(
        "/rooms/welcome/edit/",
        {
            "title": "Hello",
            "topic": "t",
            "language": "fr",
            "visibility": "members",
        },
    )
    welcome.refresh_from_db()
    assert (welcome.title, welcome.language, welcome.visibility) == ("Hello", "fr", "members")


def test_a_participant_cannot_edit_a_room(client, welcome, participant):
    client.force_login(participant)
    assert client.post("/rooms/welcome/edit/", {"title": "Mine"}).status_code == 403
    welcome.refresh_from_db()
    assert welcome.title == "Welcome"


def test_the_room_page_renders_nothing_of_message_bodies_as_html(client, welcome, participant):
    services.post_message(welcome, author=participant, body="<script>x</script>", client_id="1")
    client.force_login(participant)
    body = client.get("/rooms/welcome/").content.decode()
    assert "<script>x</script>" not in body
