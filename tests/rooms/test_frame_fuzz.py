"""Generated frames thrown at every socket (`/ws/rooms/<slug>/`, `/ws/me/`, `/ws/moderation/`):
each answers `invalid` (or, over 64 KiB, closes with 1009), the socket stays open, and nothing
is stored.

The frames come from each socket's definitions (salam.core.frames' registry, the schema's
source): a frame of the socket with one field of a wrong type, an unknown field or a required
field left out; then nesting up to far beyond the bound, strings near and over 64 KiB, text
that is not JSON, JSON that is not an object, and binary frames. Every generated frame is
checked against the socket's decoder first, so each one is invalid by construction, not by
luck. One socket serves a test's examples (a 1009 close opens a new one).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any, Literal, get_args, get_origin

import msgspec
import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rooms.chat import frames as room_frames
from rooms.chat.models import Message
from rooms.pairing import frames as personal_frames
from rooms.pairing.models import PairingRequest
from salam.asgi import application
from salam.core import frames
from salam.moderation import frames as moderation_frames
from salam.moderation.models import ModerationAction, Report
from tests.rooms.conftest import ORIGIN, session_cookie

pytestmark = [pytest.mark.django_db(transaction=True)]

# Five times the profile's count (tests/conftest.py): seconds by default, more under CI=true.
FUZZ = settings(
    max_examples=5 * settings.default.max_examples,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

LIMIT = frames.MAX_FRAME_BYTES

# ---- the frames -------------------------------------------------------------------------

JSON_LEAF = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
JSON_VALUE = st.recursive(
    JSON_LEAF,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
BIG_INTEGERS = st.integers(min_value=2**63 - 2, max_value=2**70) | st.integers(max_value=-(2**63))


def accepts(annotation: Any, value: Any) -> bool:
    try:
        msgspec.convert(value, type=annotation, strict=True)
    except msgspec.ValidationError:
        return False
    return True


def a_valid_value(annotation: Any) -> Any:
    if get_origin(annotation) is Literal:  # an action's name, say: its first value
        return get_args(annotation)[0]
    for candidate in ("c-1", 1, "moderate", None, True, {}, "audio"):
        if accepts(annotation, candidate):
            return candidate
    raise AssertionError(f"no sample value for {annotation}")


def base_frame(cls: type) -> tuple[dict, list[msgspec.structs.FieldInfo]]:
    """A valid frame of `cls` with only its required fields (a sample value each)."""
    config = cls.__struct_config__
    fields = [field for field in msgspec.structs.fields(cls) if field.name != config.tag_field]
    frame = {config.tag_field: config.tag}
    frame.update({f.encode_name: a_valid_value(f.type) for f in fields if f.required})
    return frame, fields


@st.composite
def mistyped(draw, classes: tuple[type, ...]) -> dict:
    """A frame of the socket with one field (or the tag) holding a value its type refuses."""
    frame, fields = base_frame(draw(st.sampled_from(classes)))
    tag_field = next(iter(frame))
    names = [tag_field, *(field.encode_name for field in fields)]
    name = draw(st.sampled_from(names))
    annotation = next((f.type for f in fields if f.encode_name == name), None)
    wrong = draw(
        (JSON_VALUE | BIG_INTEGERS).filter(
            lambda value: (
                not isinstance(value, str) if annotation is None else not accepts(annotation, value)
            )
        )
    )
    return {**frame, name: wrong}


@st.composite
def with_unknown_field(draw, classes: tuple[type, ...]) -> dict:
    frame, _ = base_frame(draw(st.sampled_from(classes)))
    name = "x_" + draw(st.text(min_size=1, max_size=10))
    return {**frame, name: draw(JSON_VALUE)}


@st.composite
def missing_a_field(draw, classes: tuple[type, ...]) -> dict:
    frame, _ = base_frame(draw(st.sampled_from(classes)))
    del frame[draw(st.sampled_from(sorted(frame)))]
    return frame


def nested(depth: int, kind: str) -> str:
    return ("[" * depth + "]" * depth) if kind == "[" else ('{"a":' * depth + "1" + "}" * depth)


@st.composite
def deeply_nested(draw, classes: tuple[type, ...]) -> str:
    bound = frames.MAX_FRAME_DEPTH
    depth = draw(
        st.sampled_from([bound, bound + 1, 2 * bound, 1_000, 5_000, 12_000])
        | st.integers(1, 4 * bound)
        | st.integers(1, 12_000)
    )
    value = nested(depth, draw(st.sampled_from("[{")))
    frame, _ = base_frame(draw(st.sampled_from(classes)))
    if draw(st.booleans()):
        return value  # a JSON value that is not a frame at all
    field = draw(st.sampled_from(["x_nested", *frame]))  # unknown, or in place of a field
    text = json.dumps({**frame, field: "@"})
    return text.replace('"@"', value)


@st.composite
def huge_strings(draw, classes: tuple[type, ...]) -> str:
    """A string of about 64 KiB where no string that long is allowed."""
    frame, _ = base_frame(draw(st.sampled_from(classes)))
    character = draw(st.sampled_from(["x", "é", "€", "😀", "\\u00e9"]))
    room = LIMIT - len(json.dumps({**frame, "x_big": ""}))
    width = len(character.encode())
    count = draw(st.integers(room // width - 8, room // width + 8) | st.integers(0, room))
    field = draw(st.sampled_from(["x_big", *frame]))
    text = json.dumps({**frame, field: "@"}, ensure_ascii=False)
    return text.replace('"@"', '"' + character * max(count, 0) + '"')


NOT_OBJECTS = JSON_VALUE.filter(lambda value: not isinstance(value, dict)).map(json.dumps)
NOT_JSON = st.text(max_size=200)


def frames_for(classes: tuple[type, ...]) -> st.SearchStrategy[str | bytes]:
    texts = st.one_of(
        mistyped(classes).map(json.dumps),
        with_unknown_field(classes).map(json.dumps),
        missing_a_field(classes).map(json.dumps),
        deeply_nested(classes),
        huge_strings(classes),
        NOT_OBJECTS,
        NOT_JSON,
    )
    binary = texts.map(lambda text: text.encode("utf-8", "surrogatepass")) | st.binary(max_size=200)
    return texts | binary


# ---- one socket, many frames ------------------------------------------------------------


def is_valid(decoder: msgspec.json.Decoder | None, data: str | bytes) -> bool:
    """Whether `data` is a frame the socket takes (such frames are left out)."""
    if decoder is None or frames.too_big(data):
        return False
    try:
        frame = frames.decode(decoder, data)
        if isinstance(frame, room_frames.Moderate):
            frames.decode(room_frames.moderation_decoder, data)
    except frames.InvalidFrame:
        return False
    return True


class Fuzzer:
    """One socket reused across examples; a 1009 close opens a new one."""

    def __init__(self, path: str, cookie: str, decoder: msgspec.json.Decoder | None) -> None:
        self.path, self.cookie, self.decoder = path, cookie, decoder
        # A loop of its own (hypothesis calls the examples synchronously); closing the runner
        # cancels what the socket's hub left running, as pytest-asyncio does after a test.
        self.runner = asyncio.Runner()
        self.communicator: WebsocketCommunicator | None = None
        self.answers: dict[str, int] = {"invalid": 0, "1009": 0}

    def run(self, coroutine):
        return self.runner.run(coroutine)

    async def open(self) -> None:
        headers = [ORIGIN, (b"cookie", self.cookie.encode())]
        self.communicator = WebsocketCommunicator(application, self.path, headers=headers)
        connected, _ = await self.communicator.connect(timeout=5)
        assert connected
        assert json.loads((await self.communicator.receive_output(5))["text"])["type"] == "hello"

    async def answer(self) -> dict:
        """The socket's next frame or close (presence frames skipped)."""
        while True:
            output = await self.communicator.receive_output(5)
            if output["type"] == "websocket.close":
                return output
            frame = json.loads(output["text"])
            if frame["type"] != "presence":
                return frame

    async def throw(self, data: str | bytes) -> None:
        if self.communicator is None:
            await self.open()
        # send_input, not send_to: an empty frame is a frame too
        key = "bytes" if isinstance(data, bytes) else "text"
        await self.communicator.send_input({"type": "websocket.receive", key: data})
        answer = await self.answer()
        if frames.too_big(data):
            assert answer == {"type": "websocket.close", "code": 1009}
            self.answers["1009"] += 1
            await self.communicator.disconnect()  # the client's side of the close
            self.communicator = None
            return
        assert answer["type"] == "error", answer
        assert answer["code"] == "invalid", answer
        self.answers["invalid"] += 1

    async def probe(self, valid: str, expected: str) -> None:
        """A valid frame after the storm: the socket still works."""
        if self.communicator is None:
            await self.open()
        await self.communicator.send_to(text_data=valid)
        assert (await self.answer())["type"] == expected

    def close(self) -> None:
        if self.communicator is not None:
            self.run(self.communicator.disconnect())
        self.runner.close()


def stored() -> dict[str, int]:
    return {
        "messages": Message.objects.count(),
        "reports": Report.objects.count(),
        "moderation actions": ModerationAction.objects.count(),
        "pairing requests": PairingRequest.objects.count(),
    }


NOTHING = {"messages": 0, "reports": 0, "moderation actions": 0, "pairing requests": 0}


def fuzz(fuzzer: Fuzzer, classes: tuple[type, ...]) -> None:
    @FUZZ
    @given(data=frames_for(classes))
    def throw_one(data: str | bytes) -> None:
        if is_valid(fuzzer.decoder, data):
            return  # a frame the socket takes: not what this test throws
        fuzzer.run(fuzzer.throw(data))
        assert fuzzer.run(database_sync_to_async(stored)()) == NOTHING

    throw_one()
    assert fuzzer.answers["invalid"] > 0


@pytest.fixture
def fuzzer_for():
    made: list[Fuzzer] = []

    def make(path: str, user, decoder) -> Fuzzer:
        fuzzer = Fuzzer(path, session_cookie(user), decoder)
        made.append(fuzzer)
        return fuzzer

    yield make
    for fuzzer in made:
        fuzzer.close()


ROOM_FRAMES = frames.sockets()["room"].inbound


def test_the_room_socket_answers_invalid_to_every_generated_frame(welcome, moderator, fuzzer_for):
    fuzzer = fuzzer_for("/ws/rooms/welcome/", moderator, room_frames.inbound_decoder)
    fuzz(fuzzer, ROOM_FRAMES)
    valid = json.dumps({"type": "message.send", "body": "still here", "client_id": "ok"})
    fuzzer.run(fuzzer.probe(valid, "message"))
    assert Message.objects.count() == 1


def test_the_personal_socket_answers_invalid_to_every_generated_frame(participant, fuzzer_for):
    fuzzer = fuzzer_for("/ws/me/", participant, personal_frames.inbound_decoder)
    fuzz(fuzzer, frames.sockets()["me"].inbound)
    fuzzer.run(fuzzer.probe('{"type": "pairing.cancel"}', "pairing.cancelled"))


def test_the_moderation_socket_answers_invalid_to_every_generated_frame(moderator, fuzzer_for):
    assert moderation_frames.SOCKET.inbound == ()  # it accepts nothing: every frame is invalid
    fuzzer = fuzzer_for("/ws/moderation/", moderator, None)
    fuzz(fuzzer, ROOM_FRAMES + frames.sockets()["me"].inbound)
    fuzzer.run(fuzzer.probe('{"type": "pairing.cancel"}', "error"))
