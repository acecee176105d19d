"""The call's frames on the room socket, end to end through WebsocketCommunicator, with every
persona: members, a stranger, a banned person, a muted one, another room's moderator, this
room's moderator (a facilitator), and the mesh's limit."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from rooms.calls import rules
from rooms.calls.models import CallMember
from rooms.chat import services
from rooms.models import Membership, Room
from rooms.moderation import services as moderation
from salam.moderation.models import ModerationAction
from salam.people.roles import Role
from tests.rooms.conftest import enter
from tests.rooms.frames import fits

pytestmark = [pytest.mark.django_db(transaction=True)]

OFFER = {"type": "offer", "sdp": "v=0\r\n"}


def person(name: str, audio: bool = True, video: bool = True) -> dict:
    return {"username": name, "display_name": name.title(), "audio": audio, "video": video}


@pytest.fixture
def people(make_person, pair_room):
    """alice, bob, carol, dan, erin: members of the pair room; fac: its facilitator."""
    made = {name: make_person(name) for name in ("alice", "bob", "carol", "dan", "erin")}
    for user in made.values():
        services.add_member(pair_room, user=user)
    made["fac"] = make_person("fac")
    services.add_member(pair_room, user=made["fac"], role=Membership.Role.MODERATOR)
    return made


async def received(socket, kind: str, timeout: float = 3) -> dict:
    frame = await socket.receive_type(kind, timeout)
    fits("room", frame)
    return frame


async def join(connect, user, *, audio: bool = True, video: bool = True):
    socket, hello = await enter(connect, user, "istanbul-madrid")
    await socket.send({"type": "call.join", "audio": audio, "video": video})
    joined = await received(socket, "call.joined")
    return socket, hello, joined


async def error_of(socket, frame: dict) -> dict:
    await socket.send(frame)
    error = await received(socket, "error")
    return error


async def rows() -> list[tuple[str, bool, bool]]:
    return await database_sync_to_async(
        lambda: sorted(CallMember.objects.values_list("user__username", "audio", "video"))
    )()


async def test_hello_says_whether_the_room_has_a_call_and_who_is_in_it(connect, people, welcome):
    _, hello = await enter(connect, people["alice"], "istanbul-madrid")
    assert hello["call"] == {"available": True, "max": 4, "participants": []}
    fits("room", hello)
    _, cafe = await enter(connect, people["bob"], "welcome")
    assert cafe["call"] == {"available": False, "max": 4, "participants": []}


async def test_joining_answers_the_joiner_and_tells_every_member_in_the_room(connect, people):
    bob, _ = await enter(connect, people["bob"], "istanbul-madrid")
    _alice, _, joined = await join(connect, people["alice"], audio=False, video=True)
    assert joined == {
        "type": "call.joined",
        "ice_servers": [],
        "participants": [person("alice", audio=False)],
    }
    assert await received(bob, "call.state") == {
        "type": "call.state",
        "participants": [person("alice", audio=False)],
    }
    _, hello = await enter(connect, people["carol"], "istanbul-madrid")
    assert hello["call"]["participants"] == [person("alice", audio=False)]


async def test_media_changes_and_leaving_reach_everyone(connect, people):
    alice, _, _ = await join(connect, people["alice"])
    bob, _, joined = await join(connect, people["bob"])
    assert joined["participants"] == [person("alice"), person("bob")]
    await bob.send({"type": "call.media", "audio": False, "video": True})
    state = await received(alice, "call.state")
    while state["participants"] != [person("alice"), person("bob", audio=False)]:
        state = await received(alice, "call.state")
    await bob.send({"type": "call.leave"})
    state = await received(alice, "call.state")
    assert state == {"type": "call.state", "participants": [person("alice")]}
    assert await rows() == [("alice", True, True)]
    assert (await error_of(bob, {"type": "call.leave"}))["code"] == "not_in_call"


async def test_closing_the_socket_leaves_the_call(connect, people):
    alice, _, _ = await join(connect, people["alice"])
    bob, _, _ = await join(connect, people["bob"])
    await bob.close()
    state = await received(alice, "call.state")
    while state["participants"] != [person("alice")]:
        state = await received(alice, "call.state")
    assert await rows() == [("alice", True, True)]


async def test_the_call_is_full_at_the_mesh_limit_plus_one(connect, people):
    for name in ("alice", "bob", "carol", "dan"):
        await join(connect, people[name])
    erin, _ = await enter(connect, people["erin"], "istanbul-madrid")
    error = await error_of(
        erin, {"type": "call.join", "audio": True, "video": True, "client_id": "j"}
    )
    assert error == {
        "type": "error",
        "code": "call_full",
        "detail": "The call is full: at most 4 people.",
        "client_id": "j",
    }
    assert len(await rows()) == 4


async def test_the_limit_comes_from_the_setting(connect, people, settings):
    settings.CALL_MESH_MAX = 2
    await join(connect, people["alice"])
    await join(connect, people["bob"])
    carol, hello = await enter(connect, people["carol"], "istanbul-madrid")
    assert hello["call"]["max"] == 2
    error = await error_of(carol, {"type": "call.join", "audio": False, "video": False})
    assert error["code"] == "call_full"


async def test_an_open_cafe_room_has_no_call(connect, people, welcome):
    socket, _ = await enter(connect, people["alice"], "welcome")
    for frame in ({"type": "call.join", "audio": True, "video": True},):
        assert (await error_of(socket, frame))["code"] == "call_unavailable"
    assert (await error_of(socket, {"type": "call.media", "audio": True, "video": True}))[
        "code"
    ] == "not_in_call"
    assert (await error_of(socket, {"type": "call.signal", "to": "bob", "data": {}}))[
        "code"
    ] == "not_in_call"
    assert await rows() == []


async def test_an_archived_pair_room_has_no_call(connect, people, pair_room):
    await database_sync_to_async(
        lambda: Room.objects.filter(pk=pair_room.pk).update(state=Room.State.ARCHIVED)
    )()
    socket, hello = await enter(connect, people["alice"], "istanbul-madrid")
    assert hello["call"]["available"] is False
    error = await error_of(socket, {"type": "call.join", "audio": True, "video": True})
    assert error["code"] == "call_unavailable"


async def test_strangers_and_other_rooms_moderators_cannot_reach_the_call(
    connect, people, make_person, welcome
):
    stranger = await database_sync_to_async(make_person)("mallory")
    global_moderator = await database_sync_to_async(make_person)("gmod", role=Role.MODERATOR)
    other_room_moderator = await database_sync_to_async(make_person)("othermod")

    def make_other_room():
        other = services.create_room(
            slug="other-pair", title="Other", kind=Room.Kind.PAIR,
            visibility=Room.Visibility.MEMBERS,
        )  # fmt: skip
        services.add_member(other, user=other_room_moderator, role=Membership.Role.MODERATOR)

    await database_sync_to_async(make_other_room)()
    for user in (stranger, global_moderator, other_room_moderator):
        socket, connected, _ = await connect(user, "/ws/rooms/istanbul-madrid/")
        assert connected
        assert await socket.closed_with() == 4403
    assert await rows() == []


async def test_a_participant_pretending_to_moderate_the_call_is_forbidden(connect, people):
    _alice, _, _ = await join(connect, people["alice"])
    bob, _, _ = await join(connect, people["bob"])
    for action in (
        {"action": "call.remove", "username": "alice"},
        {"action": "call.mute", "username": "alice", "kind": "audio"},
    ):
        error = await error_of(bob, {"type": "moderate", **action})
        assert error["code"] == "forbidden"
    assert await rows() == [("alice", True, True), ("bob", True, True)]


async def test_a_moderator_mutes_a_camera_in_the_call_on_the_record(connect, people):
    alice, _, _ = await join(connect, people["alice"])
    fac, _ = await enter(connect, people["fac"], "istanbul-madrid")
    await fac.send(
        {"type": "moderate", "action": "call.mute", "username": "alice", "kind": "video",
         "reason": "Please check your background"}
    )  # fmt: skip
    assert await received(alice, "call.muted") == {
        "type": "call.muted",
        "room": "istanbul-madrid",
        "kind": "video",
        "reason": "Please check your background",
    }
    state = await received(fac, "call.state")
    while state["participants"] != [person("alice", video=False)]:
        state = await received(fac, "call.state")
    action = await database_sync_to_async(
        lambda: ModerationAction.objects.values(
            "action", "actor_username", "target_username", "reason", "details"
        ).get()
    )()
    assert action == {
        "action": "call.mute",
        "actor_username": "fac",
        "target_username": "alice",
        "reason": "Please check your background",
        "details": {"kind": "video"},
    }
    # A call mute is a nudge: the person may turn the camera on again.
    await alice.send({"type": "call.media", "audio": True, "video": True})
    state = await received(fac, "call.state")
    while state["participants"] != [person("alice")]:
        state = await received(fac, "call.state")


async def test_a_moderator_removes_a_person_whose_signalling_then_ends(connect, people):
    alice, _, _ = await join(connect, people["alice"])
    bob, _, _ = await join(connect, people["bob"])
    fac, _, _ = await join(connect, people["fac"])
    await fac.send(
        {"type": "moderate", "action": "call.remove", "username": "bob", "reason": "rude"}
    )
    assert await received(bob, "call.removed") == {
        "type": "call.removed", "room": "istanbul-madrid", "reason": "rude",
    }  # fmt: skip
    state = await received(alice, "call.state")
    while "removed" not in state:
        state = await received(alice, "call.state")
    assert state == {
        "type": "call.state",
        "participants": [person("alice"), person("fac")],
        "removed": "bob",
    }
    # Nothing goes to or from bob any more.
    assert (await error_of(bob, {"type": "call.signal", "to": "alice", "data": OFFER}))[
        "code"
    ] == "not_in_call"
    error = await error_of(alice, {"type": "call.signal", "to": "bob", "data": OFFER})
    assert error == {"type": "error", "code": "not_in_call", "detail": "bob is not in the call."}
    assert [f for f in await bob.drain() if f["type"] == "call.signal"] == []
    recorded = await database_sync_to_async(
        lambda: list(ModerationAction.objects.values_list("action", "target_username", "reason"))
    )()
    assert recorded == [("call.remove", "bob", "rude")]


async def test_moderating_someone_not_in_the_call_changes_nothing(connect, people):
    fac, _ = await enter(connect, people["fac"], "istanbul-madrid")
    error = await error_of(fac, {"type": "moderate", "action": "call.remove", "username": "bob"})
    assert error["code"] == "not_in_call"
    error = await error_of(fac, {"type": "moderate", "action": "call.remove", "username": "nobody"})
    assert error["code"] == "not_found"
    error = await error_of(
        fac, {"type": "moderate", "action": "call.mute", "username": "bob", "kind": "smell"}
    )
    assert error["code"] == "invalid"
    assert await database_sync_to_async(ModerationAction.objects.count)() == 0


async def test_a_moderator_demoted_while_connected_may_no_longer_remove(connect, people, pair_room):
    _alice, _, _ = await join(connect, people["alice"])
    fac, _ = await enter(connect, people["fac"], "istanbul-madrid")
    await database_sync_to_async(
        lambda: Membership.objects.filter(user=people["fac"]).update(role="participant")
    )()
    error = await error_of(fac, {"type": "moderate", "action": "call.remove", "username": "alice"})
    assert error["code"] == "forbidden"
    assert await rows() == [("alice", True, True)]


async def test_a_banned_person_is_out_of_the_call_at_once(connect, people, pair_room):
    alice, _, _ = await join(connect, people["alice"])
    bob, _, _ = await join(connect, people["bob"])
    await database_sync_to_async(moderation.ban_member)(
        pair_room, actor=people["fac"], username="bob", reason="abuse"
    )
    assert await bob.closed_with() == 4403
    state = await received(alice, "call.state")
    while state["participants"] != [person("alice")]:
        state = await received(alice, "call.state")
    assert await rows() == [("alice", True, True)]
    socket, _connected, _ = await connect(people["bob"], "/ws/rooms/istanbul-madrid/")
    assert await socket.closed_with() == 4403


async def test_a_person_whose_membership_ends_leaves_the_call(connect, people, pair_room):
    alice, _, _ = await join(connect, people["alice"])
    bob, _, _ = await join(connect, people["bob"])
    await database_sync_to_async(services.remove_member)(pair_room, user=people["bob"])
    assert await bob.closed_with() == 4403
    state = await received(alice, "call.state")
    while state["participants"] != [person("alice")]:
        state = await received(alice, "call.state")


async def test_a_muted_person_joins_with_camera_but_not_microphone(connect, people, pair_room):
    await database_sync_to_async(moderation.mute_member)(
        pair_room, actor=people["fac"], username="bob", minutes=10
    )
    bob, _ = await enter(connect, people["bob"], "istanbul-madrid")
    error = await error_of(bob, {"type": "call.join", "audio": True, "video": True})
    assert error["code"] == "forbidden"
    assert "camera" in error["detail"]
    assert await rows() == []
    await bob.send({"type": "call.join", "audio": False, "video": True})
    assert (await received(bob, "call.joined"))["participants"] == [person("bob", audio=False)]
    error = await error_of(bob, {"type": "call.media", "audio": True, "video": True})
    assert error["code"] == "forbidden"
    assert await rows() == [("bob", False, True)]
    await database_sync_to_async(moderation.unmute_member)(
        pair_room, actor=people["fac"], username="bob"
    )
    await bob.send({"type": "call.media", "audio": True, "video": True})
    state = await received(bob, "call.state")
    while state["participants"] != [person("bob")]:
        state = await received(bob, "call.state")


async def test_a_mute_during_the_call_turns_the_microphone_off_for_all_to_see(
    connect, people, pair_room
):
    alice, _, _ = await join(connect, people["alice"])
    bob, _, _ = await join(connect, people["bob"])
    await database_sync_to_async(moderation.mute_member)(
        pair_room, actor=people["fac"], username="bob", minutes=10
    )
    assert (await received(bob, "muted"))["room"] == "istanbul-madrid"
    state = await received(alice, "call.state")
    while state["participants"] != [person("alice"), person("bob", audio=False)]:
        state = await received(alice, "call.state")
    assert await rows() == [("alice", True, True), ("bob", False, True)]


async def test_a_signal_reaches_only_its_addressee_socket_in_the_call(connect, people):
    alice, _, _ = await join(connect, people["alice"])
    bob, _, _ = await join(connect, people["bob"])
    carol, _, _ = await join(connect, people["carol"])
    bob_other_tab, _ = await enter(connect, people["bob"], "istanbul-madrid")
    dan, _ = await enter(connect, people["dan"], "istanbul-madrid")  # in the room, not the call
    for socket in (alice, bob, carol, bob_other_tab, dan):
        await socket.drain()

    await alice.send({"type": "call.signal", "to": "bob", "data": OFFER})

    assert await received(bob, "call.signal") == {
        "type": "call.signal",
        "from": "alice",
        "data": OFFER,
    }
    for other in (alice, carol, bob_other_tab, dan):
        assert [f for f in await other.drain() if f["type"] == "call.signal"] == []


async def test_signals_need_both_people_in_the_call(connect, people):
    alice, _, _ = await join(connect, people["alice"])
    dan, _ = await enter(connect, people["dan"], "istanbul-madrid")
    error = await error_of(dan, {"type": "call.signal", "to": "alice", "data": OFFER})
    assert error["code"] == "not_in_call"
    error = await error_of(alice, {"type": "call.signal", "to": "dan", "data": OFFER})
    assert error == {"type": "error", "code": "not_in_call", "detail": "dan is not in the call."}
    error = await error_of(alice, {"type": "call.signal", "to": "alice", "data": OFFER})
    assert error["code"] == "not_in_call"
    assert [f for f in await dan.drain() if f["type"] == "call.signal"] == []


@pytest.mark.parametrize(
    "frame",
    [
        {"type": "call.signal", "to": "bob", "data": "not an object"},
        {"type": "call.signal", "to": "bob", "data": ["offer"]},
        {"type": "call.signal", "to": "bob"},
        {"type": "call.signal", "to": "", "data": {}},
        {"type": "call.signal", "to": "bob", "data": {"sdp": "x" * (16 * 1024)}},
        {"type": "call.join", "audio": "yes", "video": True},
        {"type": "call.join", "audio": True},
        {"type": "call.media", "audio": True, "video": True, "screen": True},
        {"type": "moderate", "action": "call.mute", "username": "bob"},
        {"type": "moderate", "action": "call.mute", "username": "bob", "kind": "smell"},
    ],
)
async def test_bad_call_frames_are_invalid_and_change_nothing(connect, people, frame):
    alice, _, _ = await join(connect, people["alice"])
    bob, _, _ = await join(connect, people["bob"])
    await bob.drain()
    await alice.send(frame)
    error = await received(alice, "error")
    assert error["code"] == "invalid", error
    assert await rows() == [("alice", True, True), ("bob", True, True)]
    assert [f for f in await bob.drain() if f["type"] == "call.signal"] == []


async def test_signalling_is_limited_per_person_across_their_sockets(connect, people, monkeypatch):
    # A small window's worth, an hour long, so that the test's own pace never opens a new one.
    monkeypatch.setattr(rules, "SIGNAL_PER_WINDOW", 20)
    monkeypatch.setattr(rules, "SIGNAL_WINDOW_SECONDS", 3600)
    first, _, _ = await join(connect, people["alice"])  # 1
    bob, _, _ = await join(connect, people["bob"])
    candidate = {"type": "call.signal", "to": "bob", "data": {"candidate": {"candidate": ""}}}
    for _ in range(10):  # 11
        await first.send(candidate)
    for _ in range(10):
        await received(bob, "call.signal")
    # Alice's second window (a reconnect, another tab) takes her place: the count goes on.
    second, _, _ = await join(connect, people["alice"])  # 12
    await received(first, "call.removed")
    for _ in range(10):  # 8 more pass, then the window is spent
        await second.send(candidate)
    errors = [await received(second, "error", timeout=10) for _ in range(2)]
    assert [e["code"] for e in errors] == ["rate_limited", "rate_limited"]
    assert all(0 < e["retry_after"] <= 3600 for e in errors), errors
    assert errors[0]["detail"].startswith("Slow down: too many call frames; try again in ")
    for _ in range(8):
        await received(bob, "call.signal", timeout=10)
    assert [f for f in await bob.drain() if f["type"] == "call.signal"] == []
    assert [f for f in await second.drain() if f["type"] == "error"] == []

    # Bob's count is his own: his signal passes, and reaches Alice's socket in the call.
    await bob.send({"type": "call.signal", "to": "alice", "data": {"candidate": {"candidate": ""}}})
    assert (await received(second, "call.signal"))["from"] == "bob"


async def test_joining_from_another_window_moves_the_call_there(connect, people):
    alice, _, _ = await join(connect, people["alice"])
    _second, _, joined = await join(connect, people["alice"])
    assert joined["participants"] == [person("alice")]
    removed = await received(alice, "call.removed")
    assert removed == {
        "type": "call.removed",
        "room": "istanbul-madrid",
        "reason": "You joined this call in another window.",
    }
    assert len(await rows()) == 1
