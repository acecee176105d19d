"""The conversation's frames over the socket: edits, one's own deletions, replies, mentions,
reactions, member completion, ping, moderators' edit history and the moderator's answer,
each with its personas, and resume replaying the changes in order."""

from __future__ import annotations

import datetime as dt

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone

from rooms.chat import services as chat_services
from rooms.models import Membership, Message, MessageChange, Reaction, Room
from rooms.moderation import services as moderation_services
from salam.notices.models import Notice
from tests.rooms.conftest import enter

pytestmark = [pytest.mark.django_db(transaction=True)]


def send_frame(body: str, client_id: str, **extra) -> dict:
    return {"type": "message.send", "body": body, "client_id": client_id, **extra}


@pytest.fixture
def room_moderator(make_person, welcome):
    person = make_person("roommod")
    chat_services.add_member(welcome, user=person, role=Membership.Role.MODERATOR)
    return person


@pytest.fixture
def other_room(db):
    return chat_services.create_room(slug="other", title="Other")


@pytest.fixture
def other_rooms_moderator(make_person, other_room):
    person = make_person("othermod")
    chat_services.add_member(other_room, user=person, role=Membership.Role.MODERATOR)
    return person


@pytest.fixture
def bob(make_person, welcome):
    person = make_person("bob")
    chat_services.add_member(welcome, user=person)
    return person


@database_sync_to_async
def post(room, author, body="hello", client_id="c1", **extra) -> int:
    chat_services.join_room(room, actor=author)
    return chat_services.post_message(
        room, author=author, body=body, client_id=client_id, **extra
    ).message.seq


async def error_of(socket, frame: dict) -> dict:
    await socket.send({**frame, "client_id": "x-1"})
    error = await socket.receive_type("error")
    assert error["client_id"] == "x-1"
    return error


# ---- edits ------------------------------------------------------------------------------


async def test_an_edit_reaches_everyone_with_its_change_number(connect, welcome, participant, bob):
    seq = await post(welcome, participant, "helo")
    alice, _ = await enter(connect, participant, "welcome", after=seq)
    other, _ = await enter(connect, bob, "welcome", after=seq)
    await alice.send({"type": "message.edit", "seq": seq, "body": "hello"})
    for socket in (alice, other):
        frame = await socket.receive_type("message.edited")
        assert {k: v for k, v in frame.items() if k != "edited_at"} == {
            "type": "message.edited",
            "seq": seq,
            "change": 1,
            "author": {"username": "alice", "display_name": "Alice"},
            "body": "hello",
        }
    await other.send({"type": "history", "before": seq + 1, "limit": 5})
    [shown] = (await other.receive_type("history"))["messages"]
    assert (shown["body"], "edited_at" in shown) == ("hello", True)


async def test_only_the_author_edits_and_only_within_the_window(
    connect, welcome, participant, bob, room_moderator, other_rooms_moderator, moderator, settings
):
    seq = await post(welcome, participant, "mine")
    for person in (bob, room_moderator, moderator, other_rooms_moderator):
        socket, _ = await enter(connect, person, "welcome")
        error = await error_of(socket, {"type": "message.edit", "seq": seq, "body": "theirs"})
        assert error["code"] == "forbidden"
    settings.ROOMS_EDIT_WINDOW_SECONDS = 0
    alice, _ = await enter(connect, participant, "welcome")
    error = await error_of(alice, {"type": "message.edit", "seq": seq, "body": "late"})
    assert error["code"] == "forbidden"
    body = await database_sync_to_async(lambda: Message.objects.get(seq=seq).body)()
    assert body == "mine"
    changes = await database_sync_to_async(MessageChange.objects.count)()
    assert changes == 0


@pytest.mark.parametrize(
    ("frame", "code"),
    [
        ({"type": "message.edit", "seq": 99, "body": "x"}, "not_found"),
        ({"type": "message.edit", "seq": 1, "body": "   "}, "empty"),
        ({"type": "message.edit", "seq": 1, "body": "x" * 2001}, "too_long"),
        ({"type": "message.edit", "seq": "1", "body": "x"}, "invalid"),
        ({"type": "message.edit", "seq": 1}, "invalid"),
        ({"type": "message.delete", "seq": 99}, "not_found"),
        ({"type": "reaction.add", "seq": 1, "emoji": "🦄"}, "invalid"),
        ({"type": "reaction.add", "seq": 99, "emoji": "👍"}, "not_found"),
        ({"type": "reaction.add", "seq": 1, "emoji": "👍", "extra": 1}, "invalid"),
        ({"type": "members", "prefix": "x" * 151}, "invalid"),
        (send_frame("re", "r-1", reply_to=99), "not_found"),
    ],
)
async def test_bad_conversation_frames_answer_a_clear_error_and_change_nothing(
    connect, welcome, participant, frame, code
):
    await post(welcome, participant, "original")
    alice, _ = await enter(connect, participant, "welcome")
    assert (await error_of(alice, frame))["code"] == code
    counts = await database_sync_to_async(
        lambda: (Message.objects.count(), MessageChange.objects.count(), Reaction.objects.count())
    )()
    assert counts == (1, 0, 0)
    assert (await database_sync_to_async(Message.objects.get)(seq=1)).body == "original"


async def test_a_muted_member_may_not_edit_or_react_but_may_delete_their_own(
    connect, welcome, participant, room_moderator
):
    seq = await post(welcome, participant, "before the mute")
    await database_sync_to_async(moderation_services.mute_member)(
        welcome, actor=room_moderator, username="alice", minutes=10, reason="calm"
    )
    alice, hello = await enter(connect, participant, "welcome")
    assert "muted_until" in hello["you"]
    assert hello["you"]["mute_reason"] == "calm"  # the banner says why after a reload too
    error = await error_of(alice, {"type": "message.edit", "seq": seq, "body": "after"})
    assert (error["code"], "until" in error) == ("muted", True)
    error = await error_of(alice, {"type": "reaction.add", "seq": seq, "emoji": "👍"})
    assert error["code"] == "muted"
    await alice.send({"type": "message.delete", "seq": seq})
    assert (await alice.receive_type("message.deleted"))["seq"] == seq


async def test_an_unmuted_member_hello_carries_neither_end_nor_reason(
    connect, welcome, participant, room_moderator
):
    await post(welcome, participant, "a member")
    for action in (moderation_services.mute_member, moderation_services.unmute_member):
        extra = (
            {"minutes": 10, "reason": "calm"} if action is moderation_services.mute_member else {}
        )
        await database_sync_to_async(action)(
            welcome, actor=room_moderator, username="alice", **extra
        )
    _, hello = await enter(connect, participant, "welcome")
    assert "muted_until" not in hello["you"] and "mute_reason" not in hello["you"]
    membership = await database_sync_to_async(Membership.objects.get)(
        room=welcome, user=participant
    )
    assert membership.mute_reason == ""


async def test_in_a_locked_room_a_participant_may_not_edit(
    connect, welcome, participant, room_moderator
):
    seq = await post(welcome, participant, "x")
    await database_sync_to_async(moderation_services.set_locked)(
        welcome, actor=room_moderator, locked=True
    )
    alice, _ = await enter(connect, participant, "welcome")
    error = await error_of(alice, {"type": "message.edit", "seq": seq, "body": "y"})
    assert error["code"] == "locked"


# ---- deleting one's own -----------------------------------------------------------------


async def test_the_author_deletes_their_own_message_and_its_reactions_go(
    connect, welcome, participant, bob, room_moderator
):
    seq = await post(welcome, participant, "oops")
    await database_sync_to_async(chat_services.react)(welcome, actor=bob, seq=seq, emoji="👍")
    other, _ = await enter(connect, bob, "welcome")
    mod, _ = await enter(connect, room_moderator, "welcome")
    alice, _ = await enter(connect, participant, "welcome")
    error = await error_of(other, {"type": "message.delete", "seq": seq})
    assert error["code"] == "forbidden"
    await alice.send({"type": "message.delete", "seq": seq})
    for socket in (alice, other, mod):
        assert await socket.receive_type("message.deleted") == {
            "type": "message.deleted",
            "seq": seq,
            "change": 2,
        }
    assert await database_sync_to_async(Reaction.objects.count)() == 0
    await other.send({"type": "history", "before": seq + 1, "limit": 5})
    [shown] = (await other.receive_type("history"))["messages"]
    assert (shown["deleted"], shown["body"], "reactions" in shown) == (True, "", False)
    await mod.send({"type": "history", "before": seq + 1, "limit": 5})
    [seen] = (await mod.receive_type("history"))["messages"]
    assert (seen["deleted"], seen["body"]) == (True, "oops")
    error = await error_of(other, {"type": "reaction.add", "seq": seq, "emoji": "👍"})
    assert error["code"] == "not_found"


# ---- replies and mentions ---------------------------------------------------------------


async def test_a_reply_carries_a_quote_of_the_original(connect, welcome, participant, bob):
    seq = await post(welcome, participant, "Where do we meet?")
    other, _ = await enter(connect, bob, "welcome", after=seq)
    await other.send(send_frame("At the café", "r-1", reply_to=seq))
    frame = await other.receive_type("message")
    assert frame["reply_to"] == {
        "seq": seq,
        "author": {"username": "alice", "display_name": "Alice"},
        "excerpt": "Where do we meet?",
    }
    await other.send({"type": "history", "before": frame["seq"] + 1, "limit": 1})
    [again] = (await other.receive_type("history"))["messages"]
    assert again["reply_to"] == frame["reply_to"]


async def test_a_mention_notifies_the_member_named_and_nobody_else(
    connect, welcome, participant, bob, make_person
):
    make_stranger = database_sync_to_async(make_person)
    await make_stranger("carol")  # not a member of the room: no notice
    alice, _ = await enter(connect, participant, "welcome")
    await alice.send(send_frame("@bob and @carol and @alice, see you.", "m-1"))
    await alice.receive_type("message")
    notices = await database_sync_to_async(
        lambda: list(Notice.objects.values_list("user__username", "kind", "url"))
    )()
    assert notices == [("bob", "mention", f"/rooms/welcome/#m{1}")]


async def test_members_completes_usernames_of_the_room(connect, welcome, participant, bob):
    alice, _ = await enter(connect, participant, "welcome")
    await alice.send({"type": "members", "prefix": "bo"})
    assert await alice.receive_type("members") == {
        "type": "members",
        "prefix": "bo",
        "people": [{"username": "bob", "display_name": "Bob"}],
    }


# ---- reactions --------------------------------------------------------------------------


async def test_a_reaction_is_one_per_person_per_emoji_with_counts_and_people(
    connect, welcome, participant, bob
):
    seq = await post(welcome, participant, "Good news!")
    alice, _ = await enter(connect, participant, "welcome")
    other, _ = await enter(connect, bob, "welcome")
    for socket in (alice, other, other):  # bob twice: counted once
        await socket.send({"type": "reaction.add", "seq": seq, "emoji": "🎉"})
    first = await alice.receive_type("reactions")
    second = await alice.receive_type("reactions")
    assert (first["change"], second["change"]) == (1, 2)
    assert second["reactions"] == [
        {
            "emoji": "🎉",
            "count": 2,
            "people": [
                {"username": "alice", "display_name": "Alice"},
                {"username": "bob", "display_name": "Bob"},
            ],
        }
    ]
    assert [f for f in await alice.drain() if f["type"] != "presence"] == []
    await other.send({"type": "reaction.remove", "seq": seq, "emoji": "🎉"})
    third = await alice.receive_type("reactions")
    assert [(r["emoji"], r["count"]) for r in third["reactions"]] == [("🎉", 1)]


async def test_reactions_are_rate_limited(connect, welcome, participant, settings):
    settings.ROOMS_REACTIONS_PER_MINUTE = 2
    seq = await post(welcome, participant, "x")
    alice, _ = await enter(connect, participant, "welcome")
    for emoji in ("👍", "❤️"):
        await alice.send({"type": "reaction.add", "seq": seq, "emoji": emoji})
        await alice.receive_type("reactions")
    error = await error_of(alice, {"type": "reaction.add", "seq": seq, "emoji": "😂"})
    assert error["code"] == "rate_limited"
    assert 1 <= error["retry_after"] <= 60


@database_sync_to_async
def members_only_room(make_person):
    room = chat_services.create_room(slug="club", title="Club", visibility=Room.Visibility.MEMBERS)
    member = make_person("member")
    chat_services.add_member(room, user=member)
    chat_services.post_message(room, author=member, body="inside", client_id="i-1")
    return room, member


async def test_only_members_react(connect, make_person, other_room):
    room, _member = await members_only_room(make_person)
    stranger = await database_sync_to_async(make_person)("stranger")
    await database_sync_to_async(chat_services.add_member)(other_room, user=stranger)
    with pytest.raises(Exception, match="Only the room's members react"):
        await database_sync_to_async(chat_services.react)(room, actor=stranger, seq=1, emoji="👍")
    socket, _connected, _code = await connect(stranger, "/ws/rooms/club/")
    assert await socket.closed_with() == 4403
    assert await database_sync_to_async(Reaction.objects.count)() == 0


# ---- moderators -------------------------------------------------------------------------


async def test_moderators_read_the_edit_history_and_nobody_else(
    connect, welcome, participant, bob, room_moderator, other_rooms_moderator
):
    seq = await post(welcome, participant, "first")
    for body in ("second", "third"):
        await database_sync_to_async(chat_services.edit_message)(
            welcome, actor=participant, seq=seq, body=body
        )
    mod, _ = await enter(connect, room_moderator, "welcome")
    await mod.send({"type": "message.versions", "seq": seq})
    answer = await mod.receive_type("message.versions")
    assert ([v["body"] for v in answer["versions"]], answer["deleted"]) == (
        ["first", "second", "third"],
        False,
    )
    for person in (participant, bob, other_rooms_moderator):
        socket, _ = await enter(connect, person, "welcome")
        error = await error_of(socket, {"type": "message.versions", "seq": seq})
        assert error["code"] == "forbidden"


async def test_a_moderator_downgraded_may_no_longer_read_the_history(
    connect, welcome, participant, room_moderator
):
    seq = await post(welcome, participant, "x")
    mod, _ = await enter(connect, room_moderator, "welcome")
    await database_sync_to_async(
        lambda: Membership.objects.filter(user=room_moderator).update(role="participant")
    )()
    await database_sync_to_async(
        lambda: Membership.objects.get(user=room_moderator).save()  # the role signal
    )()
    await mod.receive_type("you.role")
    error = await error_of(mod, {"type": "message.versions", "seq": seq})
    assert error["code"] == "forbidden"


async def test_the_moderator_is_told_what_was_done(connect, welcome, participant, room_moderator):
    await post(welcome, participant, "x")
    mod, _ = await enter(connect, room_moderator, "welcome")
    await mod.send(
        {"type": "moderate", "action": "mute", "username": "alice", "minutes": 60,
         "reason": "spam", "client_id": "d-1"}
    )  # fmt: skip
    done = await mod.receive_type("moderated")
    until = dt.datetime.fromisoformat(done.pop("until"))
    assert done == {
        "type": "moderated",
        "action": "mute",
        "username": "alice",
        "display_name": "Alice",
        "minutes": 60,
        "client_id": "d-1",
    }
    assert abs((until - timezone.now()).total_seconds() - 3600) < 60


async def test_ping_is_answered_with_pong(connect, welcome, participant):
    alice, _ = await enter(connect, participant, "welcome")
    await alice.send({"type": "ping"})
    assert await alice.receive_type("pong") == {"type": "pong"}


async def test_hello_shows_the_pinned_message(connect, welcome, participant, room_moderator):
    seq = await post(welcome, participant, "Read the rules")
    await database_sync_to_async(moderation_services.set_pinned)(
        welcome, actor=room_moderator, seq=seq
    )
    _, hello = await enter(connect, participant, "welcome")
    assert (hello["pinned"]["seq"], hello["pinned"]["body"]) == (seq, "Read the rules")


# ---- resume -----------------------------------------------------------------------------


async def test_resume_replays_edits_deletions_and_reactions_in_order_once(
    connect, welcome, participant, bob, room_moderator
):
    one = await post(welcome, participant, "one", "c1")
    two = await post(welcome, participant, "two", "c2")
    three = await post(welcome, bob, "three", "c3")
    alice, hello = await enter(connect, participant, "welcome")
    seen_seq, seen_change = hello["last_seq"], hello["last_change"]
    await alice.close()

    edit = database_sync_to_async(chat_services.edit_message)
    react = database_sync_to_async(chat_services.react)
    await edit(welcome, actor=participant, seq=one, body="one, edited")  # 1
    await react(welcome, actor=bob, seq=one, emoji="👍")  # 2
    await edit(welcome, actor=participant, seq=one, body="one, again")  # 3
    await react(welcome, actor=participant, seq=three, emoji="❤️")  # 4
    await database_sync_to_async(chat_services.delete_own_message)(
        welcome, actor=participant, seq=two
    )  # 5
    await react(welcome, actor=bob, seq=one, emoji="🎉")  # 6
    await database_sync_to_async(moderation_services.delete_message)(
        welcome, actor=room_moderator, seq=three
    )  # 7
    four = await post(welcome, bob, "four", "c4")

    again, hello = await enter(connect, participant, "welcome", after=seen_seq, changes=seen_change)
    assert hello["last_change"] == 7
    frames = [f for f in await again.drain() if f["type"] != "presence"]
    summary = [(f["type"], f["seq"], f.get("change"), f.get("body")) for f in frames]
    assert summary == [
        ("message", four, None, "four"),
        ("message.edited", one, 1, "one, edited"),
        ("message.edited", one, 3, "one, again"),
        ("message.deleted", two, 5, None),
        ("reactions", one, 6, None),
        ("message.deleted", three, 7, None),
    ]
    assert [(r["emoji"], r["count"]) for r in frames[4]["reactions"]] == [("👍", 1), ("🎉", 1)]
    # Nothing arrives twice: the changes replayed are not delivered live again.
    assert [f for f in await again.drain() if f["type"] != "presence"] == []


async def test_a_resume_without_changes_gets_tombstones_as_before(
    connect, welcome, participant, bob
):
    one = await post(welcome, participant, "one", "c1")
    await database_sync_to_async(chat_services.delete_own_message)(
        welcome, actor=participant, seq=one
    )
    socket, _ = await enter(connect, bob, "welcome", after=one)
    frames = [f for f in await socket.drain() if f["type"] == "message"]
    assert [(f["seq"], f["deleted"]) for f in frames] == [(one, True)]
