"""The base of every socket frame: msgspec Structs tagged by their `type`.

Each app defines the frames of its sockets once, in its own `frames.py`, as subclasses of
`Frame` with `tag="..."` naming the frame's type; inbound frames are decoded and validated
from those definitions, outbound frames are built from them and encoded once. Each socket
registers its frames here (`register_socket`), and the protocol's JSON Schema is generated
from the same definitions (`schema`, `socket_schema`; `manage.py protocol_schema` writes it).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Annotated, Any, Union

import msgspec


class Frame(msgspec.Struct, tag_field="type", forbid_unknown_fields=True, omit_defaults=True):
    """A frame on a socket; subclasses give `tag="<type>"` (for example `message.send`)."""


class Request(Frame, kw_only=True):
    """A frame a client sends. Any may carry a `client_id`: an error answering the frame
    echoes it."""

    client_id: str | msgspec.UnsetType = msgspec.UNSET


class Part(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True):
    """An object inside a frame (an author, a room), with no type of its own."""


# A whole number that a database column (a bigint) holds: a larger one in a frame is invalid,
# not an overflow in the database.
Integer = Annotated[int, msgspec.Meta(ge=-(2**63), le=2**63 - 1)]


class InvalidFrame(ValueError):
    """A frame that does not match its definition; `detail` says which field and why."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


# ---- the frames every socket shares -------------------------------------------------------


class Error(Frame, tag="error"):
    """The answer to a frame that was refused; the socket stays open. `client_id` echoes the
    refused frame's, when it had a string one."""

    code: str
    detail: str
    client_id: str | msgspec.UnsetType = msgspec.UNSET
    retry_after: int | msgspec.UnsetType = msgspec.UNSET  # seconds until a retry may pass
    until: str | msgspec.UnsetType = msgspec.UNSET  # when a refusal ends (a mute), ISO 8601


class SessionEnded(Frame, tag="session.ended"):
    """Sent on `user.<id>` (never forwarded): close the sockets of the login with this
    session key, or of every login when it is null (the account was deactivated)."""

    session_key: str | None


class AccessChanged(Frame, tag="access.changed"):
    """Sent on `user.<id>` (never forwarded): the person's password or roles changed; each
    socket signs in again from its session (closing 4401 when that fails) and re-decides
    what it may do (salam/people/signals.py)."""


# ---- encoding and decoding ----------------------------------------------------------------

_encoder = msgspec.json.Encoder()


def encode(frame: Frame | dict[str, Any]) -> str:
    """The frame as JSON text, for a socket."""
    return _encoder.encode(frame).decode()


def to_event(frame: Frame) -> dict[str, Any]:
    """The frame as plain data, for the channel layer (which carries msgpack, not Structs)."""
    return msgspec.to_builtins(frame)


def union(*frames: type) -> Any:
    """The tagged union of these Frame subclasses, as a type a decoder takes."""
    return frames[0] if len(frames) == 1 else Union[frames]  # noqa: UP007 (built at run time)


def decoder(frames: Any) -> msgspec.json.Decoder:
    """A decoder for one Frame subclass or a union of them (`A | B | C`)."""
    return msgspec.json.Decoder(frames)


# The bounds of an inbound frame, checked before it is parsed: every socket's frames fit in
# 64 KiB (a message body is at most 2,000 characters) and nest two levels deep, and the parser
# recurses once per level (a frame nested a thousand deep raised RecursionError).
MAX_FRAME_BYTES = 64 * 1024
MAX_FRAME_DEPTH = 16

_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKETS = re.compile(rb"[^\[\]]+")
_BRACKETS = bytes.maketrans(b"{}", b"[]")


def too_big(data: str | bytes) -> bool:
    """Whether the frame is over MAX_FRAME_BYTES in UTF-8 (counted without encoding it when
    its length in characters decides)."""
    if isinstance(data, bytes) or len(data) > MAX_FRAME_BYTES:
        return len(data) > MAX_FRAME_BYTES
    if len(data) * 4 <= MAX_FRAME_BYTES:  # four bytes at most per character
        return False
    return len(data.encode("utf-8", "surrogatepass")) > MAX_FRAME_BYTES


def too_deep(data: str | bytes) -> bool:
    """Whether the JSON text nests arrays and objects deeper than MAX_FRAME_DEPTH, outside its
    strings; malformed text errs on the deep side (the parser refuses it either way). Every
    step runs in C: strings and other characters are dropped, then innermost pairs removed
    once per level."""
    if isinstance(data, str):
        if data.count("[") + data.count("{") <= MAX_FRAME_DEPTH:
            return False
        raw = data.encode("utf-8", "surrogatepass")
    elif data.count(b"[") + data.count(b"{") <= MAX_FRAME_DEPTH:
        return False
    else:
        raw = data
    brackets = _NOT_BRACKETS.sub(b"", _STRINGS.sub(b"", raw.translate(_BRACKETS)))
    for _level in range(MAX_FRAME_DEPTH):
        inner = brackets.replace(b"[]", b"")
        if inner == brackets:  # unbalanced: what is left opens this many more levels
            return _level + brackets.count(b"[") > MAX_FRAME_DEPTH
        brackets = inner
    return bool(brackets)


def decode(frames_decoder: msgspec.json.Decoder, text: str | bytes) -> Any:
    """The frame `text` holds, as its definition says; InvalidFrame for anything else (too
    deep, not JSON, not a frame of this decoder, a field of the wrong type or missing)."""
    if too_deep(text):
        raise InvalidFrame(f"Nested deeper than {MAX_FRAME_DEPTH} levels")
    try:
        return frames_decoder.decode(text)
    except msgspec.ValidationError as error:
        raise InvalidFrame(str(error)) from error
    except msgspec.DecodeError as error:
        raise InvalidFrame(str(error)) from error


class _Echo(msgspec.Struct):
    client_id: Any = None


_echo_decoder = msgspec.json.Decoder(_Echo)


def client_id_of(text: str | bytes) -> str | None:
    """The string `client_id` of a refused frame, to echo in its error (None when it has
    none, or is not a JSON object, or is too deep to parse); only the error path pays for
    this second parse."""
    try:
        client_id = decode(_echo_decoder, text).client_id
    except InvalidFrame:
        return None
    return client_id if isinstance(client_id, str) else None


def schema(frames: Any) -> dict[str, Any]:
    """The JSON Schema of one Frame subclass or a union of them."""
    return msgspec.json.schema(frames)


# ---- the registry of sockets --------------------------------------------------------------


@dataclass(frozen=True)
class Socket:
    """A socket's frames: what clients send (`inbound`), what the server sends
    (`outbound`), and the events services send the socket that it acts on without
    forwarding (`internal`). `schema_path` is where its JSON Schema is kept, from the
    project's root."""

    name: str
    path: str
    description: str
    inbound: tuple[type, ...]
    outbound: tuple[type, ...]
    schema_path: str
    internal: tuple[type, ...] = ()


_sockets: dict[str, Socket] = {}


def register_socket(
    name: str,
    *,
    path: str,
    description: str,
    inbound: tuple[type, ...],
    outbound: tuple[type, ...],
    schema_path: str,
    internal: tuple[type, ...] = (),
) -> Socket:
    """Register a socket's frames (in its app's frames.py); registering again replaces it."""
    socket = Socket(name, path, description, inbound, outbound, schema_path, internal)
    _sockets[name] = socket
    return socket


def sockets() -> dict[str, Socket]:
    """Every registered socket, by name."""
    return dict(sorted(_sockets.items()))


def sent_decoder(socket: Socket) -> msgspec.json.Decoder:
    """A decoder of everything the server sends on this socket or its services send it
    (outbound and internal frames): tests check every emitted event with it."""
    return decoder(union(*socket.outbound, *socket.internal))


def socket_schema(socket: Socket) -> dict[str, Any]:
    """One JSON Schema document for a socket: `$defs` holds every frame, and the unions
    `Inbound`, `Outbound` (and `Internal`) say which go which way."""
    directions = {"Inbound": socket.inbound, "Outbound": socket.outbound}
    if socket.internal:
        directions["Internal"] = socket.internal
    types = [frame for frames in directions.values() for frame in frames]
    refs, definitions = msgspec.json.schema_components(types, ref_template="#/$defs/{name}")
    unions: dict[str, dict[str, Any]] = {}
    start = 0
    for direction, frames in directions.items():
        # a socket that accepts nothing: a schema that no frame matches (oneOf may not be empty)
        chosen = list(refs[start : start + len(frames)])
        unions[direction] = {"oneOf": chosen} if chosen else {"not": {}}
        start += len(frames)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": socket.path,
        "description": socket.description,
        "anyOf": [{"$ref": "#/$defs/Inbound"}, {"$ref": "#/$defs/Outbound"}],
        "$defs": {**unions, **dict(sorted(definitions.items()))},
    }


def schema_text(socket: Socket) -> str:
    """The socket's schema as the file in the repository holds it."""
    return json.dumps(socket_schema(socket), indent=2, ensure_ascii=False) + "\n"
