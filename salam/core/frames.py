"""The base of every socket frame: msgspec Structs tagged by their `type`.

Each app defines the frames of its sockets once, in its own `frames.py`, as subclasses of
`Frame` with `tag="..."` naming the frame's type; inbound frames are decoded and validated
from those definitions, outbound frames are built from them and encoded once. The protocol's
JSON Schema is generated from the same definitions (`schema`).
"""

from __future__ import annotations

from typing import Any

import msgspec


class Frame(msgspec.Struct, tag_field="type", forbid_unknown_fields=True, omit_defaults=True):
    """A frame on a socket; subclasses give `tag="<type>"` (for example `message.send`)."""


class InvalidFrame(ValueError):
    """A frame that does not match its definition; `detail` says which field and why."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


_encoder = msgspec.json.Encoder()


def encode(frame: Frame | dict[str, Any]) -> str:
    """The frame as JSON text, for a socket."""
    return _encoder.encode(frame).decode()


def to_event(frame: Frame) -> dict[str, Any]:
    """The frame as plain data, for the channel layer (which carries msgpack, not Structs)."""
    return msgspec.to_builtins(frame)


def decoder(frames: Any) -> msgspec.json.Decoder:
    """A decoder for one Frame subclass or a union of them (`A | B | C`)."""
    return msgspec.json.Decoder(frames)


def decode(frames_decoder: msgspec.json.Decoder, text: str | bytes) -> Any:
    try:
        return frames_decoder.decode(text)
    except msgspec.ValidationError as error:
        raise InvalidFrame(str(error)) from error
    except msgspec.DecodeError as error:
        raise InvalidFrame(str(error)) from error


def schema(frames: Any) -> dict[str, Any]:
    """The JSON Schema of one Frame subclass or a union of them."""
    return msgspec.json.schema(frames)
