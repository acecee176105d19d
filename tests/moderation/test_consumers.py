"""`/ws/moderation/`: for moderators only, and each receives the frames of what they moderate."""

from __future__ import annotations

import json

import pytest
from channels.db import database_sync_to_async

from rooms.chat import services as chat_services
from rooms.moderation import reports as report_services
from salam.core.frames import sent_decoder, sockets
from salam.forum import services as forum_services
from salam.moderation import services
from salam.moderation.models import Report

pytestmark = [pytest.mark.django_db(transaction=True)]


async def post(room, author, body="hello", client_id="c1") -> int:
    posted = await database_sync_to_async(chat_services.post_message)(
        room, author=author, body=body, client_id=client_id
    )
    return posted.message.seq


async def test_the_moderation_socket_is_for_moderators_and_carries_reports(
    connect, welcome, moderator, participant, outsider
):
    refused, _, _ = await connect(participant, "/ws/moderation/")
    assert await refused.closed_with() == 4403
    dashboard, _, _ = await connect(moderator, "/ws/moderation/")
    assert (await dashboard.receive())["type"] == "hello"
    seq = await post(welcome, outsider, "rude")
    await database_sync_to_async(report_services.report_message)(
        welcome, reporter=participant, seq=seq, reason="rude"
    )
    frame = await dashboard.receive_type("report.new")
    assert frame["room"] == "welcome"


async def test_a_room_moderator_sees_only_their_rooms_on_the_moderation_socket(
    connect, welcome, other_room, other_rooms_moderator, participant, outsider
):
    dashboard, _, _ = await connect(other_rooms_moderator, "/ws/moderation/")
    assert (await dashboard.receive())["type"] == "hello"
    seq = await post(welcome, outsider, "rude")
    await database_sync_to_async(report_services.report_message)(
        welcome, reporter=participant, seq=seq, reason="rude"
    )
    assert await dashboard.nothing(0.5)


async def test_the_dashboard_socket_receives_report_new_and_report_resolved(
    connect, welcome, moderator, participant, outsider
):
    dashboard, _, _ = await connect(moderator, "/ws/moderation/")
    assert await dashboard.receive() == {"type": "hello"}
    seq = await post(welcome, outsider, "rude")
    report = await database_sync_to_async(report_services.report_message)(
        welcome, reporter=participant, seq=seq, reason="rude"
    )
    context = f"room:{welcome.pk}"
    assert await dashboard.receive_type("report.new") == {
        "type": "report.new",
        "report": report.pk,
        "room": "welcome",
        "context": context,
    }
    await database_sync_to_async(services.act_on_report)(report, actor=moderator, action="dismiss")
    action = await dashboard.receive_type("moderation.action")
    assert (action["action"], action["context"], action["target"]) == (
        "dismiss",
        context,
        "mallory",
    )
    assert await dashboard.receive_type("report.resolved") == {
        "type": "report.resolved",
        "report": report.pk,
        "room": "welcome",
        "context": context,
    }


async def test_a_forum_flag_reaches_global_moderators_not_room_moderators(
    connect, forum_thread, moderator, other_rooms_moderator, outsider
):
    everything, _, _ = await connect(moderator, "/ws/moderation/")
    one_room, _, _ = await connect(other_rooms_moderator, "/ws/moderation/")
    assert (await everything.receive())["type"] == "hello"
    assert (await one_room.receive())["type"] == "hello"
    post_ = await database_sync_to_async(forum_thread.posts.get)()
    await database_sync_to_async(forum_services.flag_post)(post_, actor=outsider, reason="x")
    report = await database_sync_to_async(Report.objects.get)()
    assert await everything.receive_type("report.new") == {
        "type": "report.new",
        "report": report.pk,
        "room": None,
        "context": "forum",
    }
    assert await one_room.nothing(0.5)


async def test_the_dashboard_socket_answers_any_frame_invalid_and_stays_open(
    connect, welcome, moderator, participant, outsider
):
    dashboard, _, _ = await connect(moderator, "/ws/moderation/")
    assert await dashboard.receive() == {"type": "hello"}
    await dashboard.send({"type": "report", "seq": 1})
    error = await dashboard.receive()
    assert (error["type"], error["code"]) == ("error", "invalid")
    decoder = sent_decoder(sockets()["moderation"])
    assert decoder.decode(json.dumps(error)).code == "invalid"
    seq = await post(welcome, outsider, "rude")
    await database_sync_to_async(report_services.report_message)(
        welcome, reporter=participant, seq=seq, reason="rude"
    )
    assert (await dashboard.receive_type("report.new"))["room"] == "welcome"


async def test_the_dashboard_socket_closes_when_the_global_role_is_revoked(connect, make_person):
    from salam.people.roles import Role
    from salam.people.services import revoke_role

    moderator = await database_sync_to_async(make_person)("globalmod", role=Role.MODERATOR)
    dashboard, _, _ = await connect(moderator, "/ws/moderation/")
    assert await dashboard.receive() == {"type": "hello"}
    await database_sync_to_async(revoke_role)(moderator, Role.MODERATOR)
    assert await dashboard.closed_with() == 4403


async def test_the_dashboard_socket_closes_when_the_last_room_moderation_ends(
    connect, other_room, other_rooms_moderator
):
    from rooms.models import Membership

    dashboard, _, _ = await connect(other_rooms_moderator, "/ws/moderation/")
    assert await dashboard.receive() == {"type": "hello"}

    def demote() -> None:
        membership = Membership.objects.get(room=other_room, user=other_rooms_moderator)
        membership.role = Membership.Role.PARTICIPANT
        membership.save()

    await database_sync_to_async(demote)()
    assert await dashboard.closed_with() == 4403


async def test_the_dashboard_socket_stays_for_a_moderator_who_keeps_a_room(
    connect, welcome, moderator, participant, outsider
):
    from salam.people.roles import Role
    from salam.people.services import revoke_role

    dashboard, _, _ = await connect(moderator, "/ws/moderation/")  # also welcome's moderator
    assert await dashboard.receive() == {"type": "hello"}
    await database_sync_to_async(revoke_role)(moderator, Role.MODERATOR)
    seq = await post(welcome, outsider, "rude")
    await database_sync_to_async(report_services.report_message)(
        welcome, reporter=participant, seq=seq, reason="rude"
    )
    assert (await dashboard.receive_type("report.new"))["room"] == "welcome"
