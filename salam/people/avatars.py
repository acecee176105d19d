"""Avatars: initials on a colour drawn from the person's username, or a picture they uploaded.

Pure functions over names and bytes. An upload is accepted only when its bytes are a PNG, JPEG,
GIF or WebP image (read from the bytes, never from the name or the browser's type) no larger
than `MAX_BYTES`; it is stored under a random name and served with the type found here.
"""

from __future__ import annotations

import struct
import uuid
from dataclasses import dataclass

from django.utils.translation import gettext as _

from salam.core.errors import DomainError

MAX_BYTES = 1024 * 1024
MAX_SIDE = 4096
# White initials on each of these pass WCAG AA (4.5:1) in light and dark mode alike; the
# stylesheet's .avatar-c<n> classes hold the same colours (tests/salam/test_avatars.py).
PALETTE = (
    "#0b6e4f", "#1f5f8b", "#8e3b46", "#6a4c93", "#2e6b30", "#9a4a00",
    "#005f73", "#9c2c77", "#5d4037", "#37474f", "#7a5c00", "#3949ab",
)  # fmt: skip
TYPES = {"png": "image/png", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp"}


class AvatarRefused(DomainError):
    pass


@dataclass(frozen=True)
class CheckedImage:
    extension: str
    content_type: str
    width: int
    height: int


def initials(name: str) -> str:
    """The first letter of the first two words, upper-cased; "?" for an empty name."""
    words = [word for word in (name or "").replace("_", " ").replace(".", " ").split() if word]
    letters = "".join(word[0] for word in words[:2]).upper()
    return letters or "?"


def fnv1a(text: str) -> int:
    """32-bit FNV-1a over the UTF-8 bytes: stable across processes, unlike hash() (and written
    the same way in static/js/avatar.js)."""
    value = 0x811C9DC5
    for byte in text.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


def colour_index(username: str) -> int:
    return fnv1a(username.casefold()) % len(PALETTE)


def _png_size(data: bytes) -> tuple[int, int] | None:
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR" or len(data) < 24:
        return None
    return struct.unpack(">II", data[16:24])


def _gif_size(data: bytes) -> tuple[int, int] | None:
    if data[:6] not in (b"GIF87a", b"GIF89a") or len(data) < 10:
        return None
    return struct.unpack("<HH", data[6:10])


def _webp_size(data: bytes) -> tuple[int, int] | None:
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP" or len(data) < 30:
        return None
    chunk = data[12:16]
    if chunk == b"VP8 " and data[23:26] == b"\x9d\x01\x2a":
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L" and data[20:21] == b"\x2f":
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X":
        return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    if data[:3] != b"\xff\xd8\xff":
        return None
    at = 2
    while at + 9 < len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            at += 2
            continue
        length = struct.unpack(">H", data[at + 2 : at + 4])[0]
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return width, height
        at += 2 + length
    return None


SNIFFERS = {"png": _png_size, "jpeg": _jpeg_size, "gif": _gif_size, "webp": _webp_size}


def check_image(data: bytes) -> CheckedImage:
    """The image's type and size read from its bytes; raises `AvatarRefused` otherwise."""
    if not data:
        raise AvatarRefused(_("The file is empty."), code="avatar_empty")
    if len(data) > MAX_BYTES:
        raise AvatarRefused(
            _("The picture is larger than %(size)s MB.") % {"size": MAX_BYTES // (1024 * 1024)},
            code="avatar_size",
        )
    for extension, sniff in SNIFFERS.items():
        size = sniff(data)
        if size is not None:
            width, height = size
            if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
                raise AvatarRefused(_("The picture's size is not usable."), code="avatar_type")
            return CheckedImage(extension, TYPES[extension], width, height)
    raise AvatarRefused(
        _("Only PNG, JPEG, GIF or WebP pictures may be uploaded."), code="avatar_type"
    )


def avatar_upload_to(instance: object, filename: str) -> str:
    # The stored name holds nothing the uploader chose: the service names the file itself.
    extension = filename.rsplit(".", 1)[-1] if "." in filename else ""
    extension = extension if extension in TYPES else "bin"
    return f"avatars/{uuid.uuid4().hex}.{extension}"
