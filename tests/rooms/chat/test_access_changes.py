"""A socket keeps its powers only while their grounds hold: one test per way an account, a
password, a session or a role changes, each on a real socket (salam/people/signals.py)."""

from __future__ import annotations

from importlib import import_module

import pytest
from channels.db import database_sync_to_async
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.sessions.models import Session
from django.test import Client

from rooms.models import Membership, Room
from salam.people import services as people_services
from salam.people.roles import Role

pytestmark = [pytest.mark.django_db(transaction=True)]

LOCK = {"type": "moderate", "action": "lock", "reason": "a pause"}


def signed_in(user) -> tuple[Client, str]:
    """A browser signed in as `user`, and its session cookie for a socket."""
    client = Client()
    client.force_login(user)
    return (
        client,
        f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}",
    )


async def open_room(connect, user, slug: str = "welcome"):
    client, cookie = await database_sync_to_async(signed_in)(user)
    socket, connected, _ = await connect(None, f"/ws/rooms/{slug}/", cookie=cookie)
    assert connected
    hello = await socket.receive()
    assert hello["type"] == "hello", hello
    return socket, hello, client


async def still_open(socket) -> bool:
    await socket.send({"type": "history", "before": 1, "limit": 1})
    return (await socket.receive_type("history"))["type"] == "history"


def room_state(room: Room) -> str:
    room.refresh_from_db()
    return room.state


# ---- the account ------------------------------------------------------------------------


def change_through_the_standard_admin(admin: Client, user, **changes) -> int:
    data = {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": user.email,
        "is_active": "on",
        "groups": [str(pk) for pk in user.groups.values_list("pk", flat=True)],
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "initial-date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "initial-date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        **changes,
    }
    data = {key: value for key, value in data.items() if value is not None}
    return admin.post(f"/admin/auth/user/{user.pk}/change/", data).status_code


async def test_deactivation_through_djangos_user_admin_closes_every_socket(
    connect, welcome, participant, make_person
):
    boss = await database_sync_to_async(make_person)("boss")
    await database_sync_to_async(
        lambda: type(boss).objects.filter(pk=boss.pk).update(is_staff=True, is_superuser=True)
    )()
    room, _, _ = await open_room(connect, participant)
    me, _, _ = await connect(participant, "/ws/me/")
    assert (await me.receive())["type"] == "hello"
    admin, _cookie = await database_sync_to_async(signed_in)(boss)

    status = await database_sync_to_async(change_through_the_standard_admin)(
        admin, participant, is_active=None
    )

    assert status == 302
    assert await room.closed_with() == 4401
    assert await me.closed_with() == 4401


async def test_a_save_anywhere_that_deactivates_closes_every_socket(connect, welcome, participant):
    room, _, _ = await open_room(connect, participant)

    def deactivate() -> None:
        participant.is_active = False
        participant.save()

    await database_sync_to_async(deactivate)()
    assert await room.closed_with() == 4401


async def test_a_save_of_other_fields_leaves_the_sockets_alone(connect, welcome, participant):
    room, _, _ = await open_room(connect, participant)

    def rename() -> None:
        participant.first_name = "Alice"
        participant.save()

    await database_sync_to_async(rename)()
    await room.send({"type": "message.send", "body": "still here", "client_id": "c-1"})
    assert (await room.receive_type("message"))["body"] == "still here"


# ---- the password ------------------------------------------------------------------------


async def test_a_password_change_in_another_session_closes_this_ones_sockets(
    connect, welcome, participant, password
):
    room, _, _ = await open_room(connect, participant)
    elsewhere, _cookie = await database_sync_to_async(signed_in)(participant)

    response = await database_sync_to_async(elsewhere.post)(
        "/accounts/password/change/",
        {"oldpassword": password, "password1": "a-New-one-91", "password2": "a-New-one-91"},
    )

    assert response.status_code == 302
    assert await room.closed_with() == 4401


async def test_set_password_and_save_anywhere_closes_the_sockets(connect, welcome, participant):
    room, _, _ = await open_room(connect, participant)

    def reset() -> None:
        participant.set_password("set-By-an-admin-7")
        participant.save()

    await database_sync_to_async(reset)()
    assert await room.closed_with() == 4401


# ---- the session -------------------------------------------------------------------------


async def test_deleting_the_sessions_row_closes_its_sockets_and_no_other(
    connect, welcome, participant
):
    room, _, browser = await open_room(connect, participant)
    other, _, _ = await open_room(connect, participant)
    key = browser.cookies[settings.SESSION_COOKIE_NAME].value

    await database_sync_to_async(Session.objects.filter(session_key=key).delete)()

    assert await room.closed_with() == 4401
    assert await still_open(other)


async def test_a_session_that_expires_while_its_socket_is_open_closes_it(
    connect, welcome, participant
):
    def short_session() -> str:
        _client, cookie = signed_in(participant)
        key = cookie.split("=", 1)[1]
        store = import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)
        store.set_expiry(2)
        store.save()
        return cookie

    cookie = await database_sync_to_async(short_session)()
    room, connected, _ = await connect(None, "/ws/rooms/welcome/", cookie=cookie)
    assert connected
    assert (await room.receive())["type"] == "hello"
    assert await still_open(room)  # still valid: nothing closes it early
    assert await room.closed_with(timeout=4) == 4401


async def test_signing_out_of_the_admin_closes_that_logins_sockets(connect, welcome, make_person):
    boss = await database_sync_to_async(make_person)("boss")
    await database_sync_to_async(
        lambda: type(boss).objects.filter(pk=boss.pk).update(is_staff=True, is_superuser=True)
    )()
    room, _, admin = await open_room(connect, boss)

    response = await database_sync_to_async(admin.post)("/admin/logout/")

    assert response.status_code == 200
    assert await room.closed_with() == 4401


# ---- roles -------------------------------------------------------------------------------


async def test_a_global_moderator_whose_group_is_removed_cannot_lock_the_room(
    connect, welcome, make_person
):
    # Not the `moderator` fixture: the welcome room makes that one its own moderator too.
    moderator = await database_sync_to_async(make_person)("globalmod", role=Role.MODERATOR)
    room, hello, _ = await open_room(connect, moderator)
    assert hello["you"]["role"] == "moderator"

    await database_sync_to_async(people_services.revoke_role)(moderator, Role.MODERATOR)

    assert await room.receive_type("you.role") == {"type": "you.role", "role": "participant"}
    await room.send(LOCK)
    assert (await room.receive_type("error"))["code"] == "forbidden"
    assert await database_sync_to_async(room_state)(welcome) == Room.State.OPEN


async def test_a_permission_taken_from_the_moderators_group_downgrades_every_member(
    connect, welcome, make_person
):
    first = await database_sync_to_async(make_person)("mod1", role=Role.MODERATOR)
    second = await database_sync_to_async(make_person)("mod2", role=Role.MODERATOR)
    first_room, _, _ = await open_room(connect, first)
    second_room, _, _ = await open_room(connect, second)

    def take_permission() -> None:
        group = Group.objects.get(name=Role.MODERATOR)
        group.permissions.remove(Permission.objects.get(codename="moderate_rooms"))

    await database_sync_to_async(take_permission)()

    for room in (first_room, second_room):
        assert (await room.receive_type("you.role"))["role"] == "participant"
        await room.send(LOCK)
        assert (await room.receive_type("error"))["code"] == "forbidden"


async def test_a_role_granted_is_told_too(connect, welcome, participant):
    room, hello, _ = await open_room(connect, participant)
    assert hello["you"]["role"] == "participant"

    await database_sync_to_async(people_services.grant_role)(participant, Role.MODERATOR)

    assert (await room.receive_type("you.role"))["role"] == "moderator"
    await room.send(LOCK)
    assert (await room.receive_type("room.updated"))["state"] == "locked"


async def test_a_demoted_room_moderator_cannot_lock_the_room(connect, welcome, participant):
    def make_room_moderator() -> Membership:
        membership, _ = Membership.objects.get_or_create(room=welcome, user=participant)
        membership.role = Membership.Role.MODERATOR
        membership.save()
        return membership

    membership = await database_sync_to_async(make_room_moderator)()
    room, hello, _ = await open_room(connect, participant)
    assert hello["you"]["role"] == "moderator"

    def demote() -> None:  # as the admin's membership form does
        membership.role = Membership.Role.PARTICIPANT
        membership.save()

    await database_sync_to_async(demote)()

    assert await room.receive_type("you.role") == {"type": "you.role", "role": "participant"}
    await room.send(LOCK)
    assert (await room.receive_type("error"))["code"] == "forbidden"
    assert await database_sync_to_async(room_state)(welcome) == Room.State.OPEN


async def test_a_room_moderator_whose_membership_is_deleted_leaves_a_members_only_room(
    connect, pair_room, participant
):
    from rooms.chat.services import add_member

    await database_sync_to_async(add_member)(
        pair_room, user=participant, role=Membership.Role.MODERATOR
    )
    room, hello, _ = await open_room(connect, participant, pair_room.slug)
    assert hello["you"]["role"] == "moderator"

    await database_sync_to_async(
        Membership.objects.filter(room=pair_room, user=participant).delete
    )()

    assert await room.closed_with() == 4403


async def test_the_personal_socket_closes_when_the_account_is_deleted(connect, participant):
    me, _, _ = await connect(participant, "/ws/me/")
    assert (await me.receive())["type"] == "hello"
    await database_sync_to_async(participant.delete)()
    assert await me.closed_with() == 4401


async def test_role_changes_reach_the_person_as_one_frame_each(
    django_capture_on_commit_callbacks, participant
):
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    channel = await layer.new_channel()
    await layer.group_add(f"user.{participant.pk}", channel)

    def grant() -> None:
        with django_capture_on_commit_callbacks(execute=True):
            people_services.grant_role(participant, Role.EDITOR)

    await database_sync_to_async(grant)()
    assert await layer.receive(channel) == {
        "type": "hub.event",
        "group": f"user.{participant.pk}",
        "event": {"type": "access.changed"},
    }
