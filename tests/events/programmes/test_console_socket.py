"""The facilitator's console on the room socket of a cohort session, by persona: the cohort's
facilitator steers, members agree, raise hands and pass, a member pretending to facilitate and
a facilitator just removed are refused, others' messages wait for the turn's end, and a client
that comes back finds the same state."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from events.programmes.console_service import CONSOLE_STEPS_PER_WINDOW
from events.programmes.models import CohortFacilitator, ConsoleRun
from rooms.models import Message
from tests.rooms.conftest import connect, enter, welcome  # noqa: F401 fixtures, used by name

pytestmark = [pytest.mark.django_db(transaction=True)]


async def error_of(socket, frame: dict) -> dict:
    await socket.send(frame)
    return await socket.receive_type("error")


async def say(socket, body: str, client_id: str) -> dict:
    await socket.send({"type": "message.send", "body": body, "client_id": client_id})
    while True:
        frame = await socket.receive()
        if frame["type"] == "error" or (
            frame["type"] == "message" and frame.get("client_id") == client_id
        ):
            return frame


async def agreed(connect, person, slug):  # noqa: F811 the fixture
    socket, hello = await enter(connect, person, slug)
    if not hello["console"]["agreed"]:
        await socket.send({"type": "console", "action": "agree"})
        await socket.send({"type": "ping"})
        await socket.receive_type("pong")  # the step before it is done
    return socket, hello


async def test_hello_carries_the_console_in_the_readers_language(
    connect,  # noqa: F811 the fixture
    cohort_room,
    welcome,  # noqa: F811 the fixture
):
    slug = cohort_room["room"].slug
    _, hello = await enter(connect, cohort_room["members"][0], slug)
    console = hello["console"]
    assert [phase["kind"] for phase in console["phases"]] == ["welcome", "go_round", "closing"]
    assert console["phases"][0]["prompt"] == "Prompt of the welcome"
    assert console["state"]["phase"] == 0
    assert console["facilitators"] == [cohort_room["facilitator"].username]
    assert len(console["agreements"]) == 4 and console["agreed"] is False
    # an ordinary room has no console, and its socket refuses console steps
    café, hello = await enter(connect, cohort_room["members"][0], welcome.slug)
    assert "console" not in hello
    error = await error_of(café, {"type": "console", "action": "raise_hand"})
    assert error["code"] == "no_console"


async def test_a_member_accepts_the_agreements_before_their_first_message(
    connect,  # noqa: F811 the fixture
    cohort_room,
):
    slug = cohort_room["room"].slug
    member = cohort_room["members"][0]
    socket, _ = await enter(connect, member, slug)
    refused = await say(socket, "hello all", "c1")
    assert refused["code"] == "agreements"
    assert await database_sync_to_async(Message.objects.count)() == 0
    await socket.send({"type": "console", "action": "agree"})
    posted = await say(socket, "hello all", "c1")
    assert posted["type"] == "message" and posted["body"] == "hello all"
    _, hello = await enter(connect, member, slug)
    assert hello["console"]["agreed"] is True


@pytest.mark.parametrize(
    "frame",
    [
        {"action": "next_phase"},
        {"action": "go_round", "seconds": 60},
        {"action": "give_floor"},
        {"action": "reflect", "seconds": 30},
    ],
)
async def test_a_member_pretending_to_facilitate_is_refused_and_nothing_changes(
    connect,  # noqa: F811 the fixture
    cohort_room,
    frame,
):
    socket, _ = await enter(connect, cohort_room["members"][0], cohort_room["room"].slug)
    error = await error_of(socket, {"type": "console", **frame})
    assert error["code"] == "forbidden"
    assert await database_sync_to_async(ConsoleRun.objects.count)() == 0


async def test_bad_console_frames_answer_invalid(
    connect,  # noqa: F811 the fixture
    cohort_room,
):
    socket, _ = await enter(connect, cohort_room["facilitator"], cohort_room["room"].slug)
    for frame in (
        {"type": "console", "action": "explode"},
        {"type": "console", "action": "reflect", "seconds": 5},
        {"type": "console", "action": "go_round", "seconds": "long"},
    ):
        assert (await error_of(socket, frame))["code"] == "invalid"
    error = await error_of(socket, {"type": "console", "action": "next_turn"})
    assert error["code"] == "no_go_round"


async def test_a_go_round_gives_the_floor_in_turn_and_holds_the_others_until_then(
    connect,  # noqa: F811 the fixture
    cohort_room,
):
    slug = cohort_room["room"].slug
    first, second, third = cohort_room["members"][:3]
    a, _ = await agreed(connect, first, slug)
    b, _ = await agreed(connect, second, slug)
    c, _ = await agreed(connect, third, slug)
    facilitator, _ = await enter(connect, cohort_room["facilitator"], slug)

    await facilitator.send({"type": "console", "action": "next_phase"})
    assert (await b.receive_type("console.state"))["console"]["phase"] == 1
    await facilitator.send({"type": "console", "action": "go_round", "seconds": 120})
    state = (await b.receive_type("console.state"))["console"]
    assert state["go_round"]["order"] == [first.username, second.username, third.username]
    assert state["go_round"]["turn"] == 0 and state["go_round"]["seconds"] == 120

    assert (await say(a, "I am from Istanbul", "a1"))["type"] == "message"
    held = await say(b, "Me too!", "b1")
    assert held["code"] == "held" and 0 < held["retry_after"] <= 120
    assert (await error_of(c, {"type": "console", "action": "pass"}))["code"] == "not_your_turn"
    assert await say(facilitator, "Thank you.", "f1")  # facilitators always may

    await a.send({"type": "console", "action": "pass"})
    state = (await c.receive_type("console.state"))["console"]
    assert state["go_round"]["turn"] == 1 and state["go_round"]["passed"] == [first.username]
    assert (await say(b, "Me too!", "b1"))["type"] == "message"  # the retry posts now
    bodies = await database_sync_to_async(
        lambda: list(Message.objects.order_by("seq").values_list("body", flat=True))
    )()
    assert bodies == ["I am from Istanbul", "Thank you.", "Me too!"]

    # a client that comes back finds the same turn
    _, hello = await enter(connect, third, slug)
    assert hello["console"]["state"]["go_round"]["turn"] == 1
    assert hello["console"]["state"]["phase"] == 1


async def test_in_block_mode_and_in_reflection_others_are_refused(
    connect,  # noqa: F811 the fixture
    cohort_room,
):
    slug = cohort_room["room"].slug
    first, second = cohort_room["members"][:2]
    a, _ = await agreed(connect, first, slug)
    b, _ = await agreed(connect, second, slug)
    facilitator, _ = await enter(connect, cohort_room["facilitator"], slug)
    await facilitator.send({"type": "console", "action": "go_round", "hold": "block"})
    await b.receive_type("console.state")
    assert (await say(b, "now?", "b1"))["code"] == "floor"
    await facilitator.send({"type": "console", "action": "reflect", "seconds": 60})
    await b.receive_type("console.state")
    refused = await say(a, "thinking aloud", "a1")
    assert refused["code"] == "reflection" and 0 < refused["retry_after"] <= 60
    await facilitator.send({"type": "console", "action": "end_reflection"})
    assert "reflection_until" not in (await b.receive_type("console.state"))["console"]


async def test_hands_are_raised_and_the_floor_given_to_the_first(
    connect,  # noqa: F811 the fixture
    cohort_room,
):
    slug = cohort_room["room"].slug
    first, second = cohort_room["members"][:2]
    a, _ = await agreed(connect, first, slug)
    b, _ = await agreed(connect, second, slug)
    facilitator, _ = await enter(connect, cohort_room["facilitator"], slug)
    await b.send({"type": "console", "action": "raise_hand"})
    await a.send({"type": "console", "action": "raise_hand"})
    await a.receive_type("console.state")
    state = (await a.receive_type("console.state"))["console"]
    assert state["queue"] == [second.username, first.username]
    await facilitator.send({"type": "console", "action": "give_floor"})
    frame = await a.receive_type("console.state")
    state = frame["console"]
    assert (state["floor"], state["queue"]) == (second.username, [first.username])
    # the exact frame: defaults (no go-round, no reflection, hold) are left out of the wire
    assert frame == {
        "type": "console.state",
        "console": {"phase": 0, "queue": [first.username], "floor": second.username},
    }
    held = await say(a, "may I?", "a1")
    assert held["code"] == "held" and "retry_after" not in held  # until the floor moves


async def test_a_facilitator_just_removed_steers_nothing(
    connect,  # noqa: F811 the fixture
    cohort_room,
):
    socket, _ = await enter(connect, cohort_room["facilitator"], cohort_room["room"].slug)
    await database_sync_to_async(
        CohortFacilitator.objects.filter(user=cohort_room["facilitator"]).delete
    )()
    error = await error_of(socket, {"type": "console", "action": "next_phase"})
    assert error["code"] == "forbidden"
    assert await database_sync_to_async(ConsoleRun.objects.count)() == 0


async def test_steps_in_a_loop_are_slowed_per_person_across_their_sockets(
    connect,  # noqa: F811 the fixture
    cohort_room,
):
    slug = cohort_room["room"].slug
    first, second = cohort_room["members"][:2]
    sockets = [(await enter(connect, first, slug))[0] for _ in range(2)]
    for n in range(CONSOLE_STEPS_PER_WINDOW):
        await sockets[n % 2].send(
            {"type": "console", "action": "raise_hand" if n % 2 == 0 else "lower_hand"}
        )
    for _ in range(CONSOLE_STEPS_PER_WINDOW):  # each step was taken and told to the room
        await sockets[0].receive_type("console.state")
    error = await error_of(sockets[0], {"type": "console", "action": "raise_hand"})
    assert error["code"] == "rate_limited" and 1 <= error["retry_after"] <= 10
    other, _ = await enter(connect, second, slug)  # another person is not slowed
    await other.send({"type": "console", "action": "raise_hand"})
    state = (await other.receive_type("console.state"))["console"]
    assert second.username in state["queue"]
