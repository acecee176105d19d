"""Moderation over the socket: each action, each refusal, and the permission matrix."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from rooms.chat import services as chat_services
from rooms.models import Membership, Message, Room
from rooms.moderation import services as moderation_services
from salam.moderation import services as safety_services
from salam.moderation.models import Block, ModerationAction, Report
from salam.people.roles import Role
from tests.rooms.conftest import enter

pytestmark = [pytest.mark.django_db(transaction=True)]


def send_frame(body: str, client_id: str) -> dict:
    return {"type": "message.send", "body": body, "client_id": client_id}


@pytest.fixture
def room_moderator(make_person, welcome):
    person = make_person("roommod")
    chat_services.add_member(welcome, user=person, role=Membership.Role.MODERATOR)
    return person


async def post(room, author, body="hello", client_id="c1") -> int:
    posted = await database_sync_to_async(chat_services.post_message)(
        room, author=author, body=body, client_id=client_id
    )
    return posted.message.seq


@pytest.mark.parametrize(
    ("persona", "allowed"),
    [
        ("participant", False),
        ("room_moderator", True),
        ("other_rooms_moderator", False),
        ("moderator", True),  # the global moderator group
        ("organiser", False),
    ],
)
async def test_the_permission_matrix_for_locking_a_room(
    connect, welcome, request, persona, allowed
):
    actor = await database_sync_to_async(request.getfixturevalue)(persona)
    socket, _ = await enter(connect, actor, "welcome")
    await socket.send({"type": "moderate", "action": "lock", "reason": "test"})
    if allowed:
        assert (await socket.receive_type("room.updated"))["state"] == "locked"
    else:
        assert (await socket.receive_type("error"))["code"] == "forbidden"
    state = await database_sync_to_async(lambda: Room.objects.get(pk=welcome.pk).state)()
    assert state == ("locked" if allowed else "open")
    records = await database_sync_to_async(ModerationAction.objects.count)()
    assert records == (1 if allowed else 0)


async def test_mute_refuses_the_persons_messages_with_muted(
    connect, welcome, moderator, participant
):
    mod, _ = await enter(connect, moderator, "welcome")
    alice, _ = await enter(connect, participant, "welcome")
    await mod.send(
        {
            "type": "moderate",
            "action": "mute",
            "username": "alice",
            "minutes": 5,
            "reason": "cool off",
        }
    )
    notice = await alice.receive_type("muted")
    assert set(notice) == {"type", "until", "room", "reason"}
    assert notice["reason"] == "cool off"
    await alice.send(send_frame("can I?", "m-1"))
    error = await alice.receive_type("error")
    assert (error["code"], error["client_id"]) == ("muted", "m-1")
    await mod.send({"type": "moderate", "action": "unmute", "username": "alice"})
    await alice.receive_type("unmuted")
    await alice.send(send_frame("now?", "m-2"))
    assert (await alice.receive_type("message"))["body"] == "now?"


async def test_kick_closes_the_persons_sockets_with_4403_and_they_may_return(
    connect, welcome, moderator, participant
):
    mod, _ = await enter(connect, moderator, "welcome")
    alice, _ = await enter(connect, participant, "welcome")
    await mod.send({"type": "moderate", "action": "kick", "username": "alice", "reason": "rude"})
    assert await alice.receive_type("kicked") == {
        "type": "kicked",
        "reason": "rude",
        "room": "welcome",
    }
    assert await alice.closed_with() == 4403
    await enter(connect, participant, "welcome")


async def test_ban_keeps_the_person_out_until_unbanned(connect, welcome, moderator, participant):
    mod, _ = await enter(connect, moderator, "welcome")
    alice, _ = await enter(connect, participant, "welcome")
    await mod.send({"type": "moderate", "action": "ban", "username": "alice", "reason": "abuse"})
    await alice.receive_type("banned")
    assert await alice.closed_with() == 4403
    again, _, _ = await connect(participant, "/ws/rooms/welcome/")
    assert await again.closed_with() == 4403
    await mod.send({"type": "moderate", "action": "unban", "username": "alice"})
    await mod.drain()
    await enter(connect, participant, "welcome")


async def test_delete_hides_the_body_from_participants_but_not_moderators(
    connect, welcome, moderator, participant, outsider
):
    seq = await post(welcome, outsider, "something awful")
    mod, _ = await enter(connect, moderator, "welcome")
    alice, _ = await enter(connect, participant, "welcome", after=0)
    await alice.drain()
    await mod.send({"type": "moderate", "action": "delete", "seq": seq, "reason": "awful"})
    deleted = await alice.receive_type("message.deleted")
    assert deleted == {"type": "message.deleted", "seq": seq, "change": 1}
    await alice.send({"type": "history", "before": seq + 1, "limit": 10})
    [shown] = (await alice.receive_type("history"))["messages"]
    assert (shown["deleted"], shown["body"]) == (True, "")
    await mod.send({"type": "history", "before": seq + 1, "limit": 10})
    [seen] = (await mod.receive_type("history"))["messages"]
    assert (seen["deleted"], seen["body"]) == (True, "something awful")
    body = await database_sync_to_async(lambda: Message.objects.get(seq=seq).body)()
    assert body == "something awful"


async def test_a_client_offline_during_a_deletion_learns_of_it_when_it_resumes(
    connect, welcome, moderator, participant, outsider
):
    seq = await post(welcome, outsider, "soon gone")
    await post(welcome, outsider, "stays", "c2")
    await database_sync_to_async(moderation_services.delete_message)(
        welcome, actor=moderator, seq=seq
    )
    alice, _ = await enter(connect, participant, "welcome", after=2)  # already had both
    frames = [f for f in await alice.drain() if f["type"] == "message"]
    assert [(f["seq"], f.get("deleted"), f["body"]) for f in frames] == [(seq, True, "")]


async def test_slow_mode_refuses_a_second_message(connect, welcome, moderator, participant):
    mod, _ = await enter(connect, moderator, "welcome")
    await mod.send({"type": "moderate", "action": "slow_mode", "seconds": 60})
    await mod.receive_type("room.updated")
    alice, hello = await enter(connect, participant, "welcome")
    assert hello["room"]["slow_mode_seconds"] == 60
    await alice.send(send_frame("first", "s-1"))
    await alice.receive_type("message")
    await alice.send(send_frame("second", "s-2"))
    assert (await alice.receive_type("error"))["code"] == "slow_mode"


async def test_pin_comes_in_hello_and_as_room_updated(connect, welcome, moderator, participant):
    seq = await post(welcome, participant)
    mod, _ = await enter(connect, moderator, "welcome")
    await mod.send({"type": "moderate", "action": "pin", "seq": seq})
    assert (await mod.receive_type("room.updated"))["pinned_seq"] == seq
    _, hello = await enter(connect, participant, "welcome")
    assert hello["room"]["pinned_seq"] == seq
    await mod.send({"type": "moderate", "action": "unpin"})
    assert (await mod.receive_type("room.updated"))["pinned_seq"] is None


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ({"type": "moderate", "action": "explode"}, "invalid"),
        ({"type": "moderate", "action": "mute", "username": "alice", "minutes": "ten"}, "invalid"),
        ({"type": "moderate", "action": "mute", "username": "nobody", "minutes": 5}, "not_found"),
        ({"type": "moderate", "action": "delete", "seq": 999}, "not_found"),
        ({"type": "moderate", "action": "slow_mode", "seconds": -1}, "invalid"),
        ({"type": "moderate", "action": "kick"}, "invalid"),
    ],
)
async def test_bad_moderation_frames_are_refused_and_change_nothing(
    connect, welcome, moderator, participant, frame, code
):
    mod, _ = await enter(connect, moderator, "welcome")
    await mod.send(frame)
    assert (await mod.receive_type("error"))["code"] == code
    assert await database_sync_to_async(ModerationAction.objects.count)() == 0


async def test_a_participant_cannot_act_against_anyone(connect, welcome, participant, outsider):
    await enter(connect, outsider, "welcome")
    alice, _ = await enter(connect, participant, "welcome")
    for action in ("mute", "kick", "ban"):
        await alice.send(
            {"type": "moderate", "action": action, "username": "mallory", "minutes": 5}
        )
        assert (await alice.receive_type("error"))["code"] == "forbidden"
    membership = await database_sync_to_async(
        lambda: Membership.objects.get(room=welcome, user__username="mallory")
    )()
    assert (membership.muted_until, membership.banned) == (None, False)


async def test_a_room_moderator_cannot_ban_a_global_moderator(
    connect, welcome, room_moderator, moderator
):
    await enter(connect, moderator, "welcome")
    socket, _ = await enter(connect, room_moderator, "welcome")
    await socket.send({"type": "moderate", "action": "ban", "username": "mod"})
    assert (await socket.receive_type("error"))["code"] == "forbidden"


async def test_reporting_a_message_files_one_report(connect, welcome, participant, outsider):
    seq = await post(welcome, outsider, "rude words")
    alice, _ = await enter(connect, participant, "welcome")
    await alice.drain()
    for _ in range(2):
        await alice.send({"type": "report", "seq": seq, "reason": "rude"})
        assert await alice.receive_type("report.received") == {
            "type": "report.received",
            "seq": seq,
        }
    report = await database_sync_to_async(Report.objects.select_related("subject").get)()
    assert (report.reason, report.subject.username, report.excerpt) == (
        "rude",
        "mallory",
        "rude words",
    )


async def test_a_report_needs_a_reason_and_a_real_message(connect, welcome, participant):
    alice, _ = await enter(connect, participant, "welcome")
    await alice.send({"type": "report", "seq": 1, "reason": "x"})
    assert (await alice.receive_type("error"))["code"] == "not_found"
    await alice.send({"type": "report", "seq": 1, "reason": ""})
    assert (await alice.receive_type("error"))["code"] == "invalid"


async def test_a_member_of_another_room_cannot_report_into_this_one(
    connect, welcome, pair_room, outsider, participant
):
    await database_sync_to_async(chat_services.add_member)(pair_room, user=participant)
    await post(pair_room, participant, "private")
    socket, _, _ = await connect(outsider, "/ws/rooms/istanbul-madrid/")
    assert await socket.closed_with() == 4403
    assert await database_sync_to_async(Report.objects.count)() == 0


async def test_blocking_hides_the_persons_live_messages_at_once(
    connect, welcome, participant, outsider
):
    alice, _ = await enter(connect, participant, "welcome")
    bob, _ = await enter(connect, outsider, "welcome")
    await database_sync_to_async(safety_services.block_person)(
        blocker=participant, username="mallory"
    )
    await alice.drain()
    await bob.send(send_frame("hidden", "b-1"))
    await bob.receive_type("message")
    assert [f for f in await alice.drain() if f["type"] == "message"] == [
        {"type": "message", "seq": 1, "hidden": True}
    ]
    assert await database_sync_to_async(Block.objects.count)() == 1


async def test_a_blocked_term_refuses_the_message_over_the_socket(
    connect, welcome, moderator, participant
):
    await database_sync_to_async(safety_services.add_blocked_term)(
        actor=moderator, context="", term="salak", mode="refuse"
    )
    alice, _ = await enter(connect, participant, "welcome")
    await alice.send(send_frame("Sen SALAK", "t-1"))
    error = await alice.receive_type("error")
    assert (error["code"], error["client_id"]) == ("blocked_term", "t-1")
    assert await database_sync_to_async(Message.objects.count)() == 0


__all__ = ["Role"]
