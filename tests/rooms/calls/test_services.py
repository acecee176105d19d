"""The events the call's services emit, exactly, on the in-memory layer (tests/rooms/frames.py),
and the ICE servers from the settings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rooms.calls import services
from rooms.calls.models import CallMember
from rooms.chat import services as chat_services
from rooms.models import Membership, Presence
from salam.moderation.models import ModerationAction
from tests.rooms.frames import Listener, verify

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pair(pair_room, make_person):
    alice, bob, fac = make_person("alice"), make_person("bob"), make_person("fac")
    for person in (alice, bob):
        chat_services.add_member(pair_room, user=person)
    chat_services.add_member(pair_room, user=fac, role=Membership.Role.MODERATOR)
    now = timezone.now()
    for person in (alice, bob, fac):
        Presence.objects.create(
            room=pair_room, user=person, connection=f"c-{person.username}", server="s", seen_at=now
        )
    return pair_room, alice, bob, fac


def state(*people: tuple[str, bool, bool], removed: str | None = None) -> dict:
    frame = {
        "type": "call.state",
        "participants": [
            {"username": u, "display_name": u.title(), "audio": a, "video": v} for u, a, v in people
        ],
    }
    if removed:
        frame["removed"] = removed
    return frame


def test_join_announces_the_call_to_the_room(pair, django_capture_on_commit_callbacks, settings):
    room, alice, _, _ = pair
    settings.STUN_URLS, settings.TURN_URLS, settings.TURN_SECRET = ["stun:x"], ["turn:x"], "k"
    listener = Listener(f"room.{room.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        joined = services.join_call(
            room, actor=alice, connection="c-alice", audio=True, video=False, now=timezone.now()
        )
    verify(("room",), listener.events(), [state(("alice", True, False))])
    assert [server["urls"] for server in joined.ice_servers] == [["stun:x"], ["turn:x"]]
    assert joined.ice_servers[1]["username"].endswith(f":{alice.pk}")


def test_remove_tells_the_person_their_socket_and_everyone_on_the_record(
    pair, django_capture_on_commit_callbacks
):
    room, alice, bob, fac = pair
    now = timezone.now()
    for person in (alice, bob):
        services.join_call(
            room, actor=person, connection=f"c-{person.username}", audio=True, video=True, now=now
        )
    room_events, bob_events = Listener(f"room.{room.pk}"), Listener(f"user.{bob.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_from_call(room, actor=fac, username="bob", reason="rude", now=now)
    verify(("room",), room_events.events(), [state(("alice", True, True), removed="bob")])
    relay = {
        "type": "call.relay",
        "room": room.slug,
        "connection": "c-bob",
        "frame": {"type": "call.removed", "room": room.slug, "reason": "rude"},
    }
    verify(("room",), bob_events.events(), [relay])
    assert list(CallMember.objects.values_list("user__username", flat=True)) == ["alice"]
    assert ModerationAction.objects.get().action == "call.remove"


def test_a_stale_socket_is_out_of_the_call_and_swept(pair, django_capture_on_commit_callbacks):
    room, alice, bob, _ = pair
    now = timezone.now()
    for person in (alice, bob):
        services.join_call(
            room, actor=person, connection=f"c-{person.username}", audio=True, video=True, now=now
        )
    Presence.objects.filter(connection="c-bob").update(seen_at=now - dt.timedelta(minutes=5))
    listener = Listener(f"room.{room.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.sweep(now=now) == [room.pk]
    verify(("room",), listener.events(), [state(("alice", True, True))])
    assert services.sweep(now=now) == []
