"""Avatars: initials on a colour drawn from the person's username, or a picture they uploaded.

Pure functions over names and bytes. An upload is accepted only when Pillow reads it as a PNG,
JPEG, GIF or WebP image (from the bytes, never the name or the browser's type) no larger than
`MAX_BYTES`; what is stored is the picture encoded anew (`reencode`: its pixels only, no
metadata), under a random name, served with the type it was written as.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass

from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from salam.core.errors import DomainError

MAX_BYTES = 1024 * 1024
MAX_SIDE = 4096
STORED_SIDE = 512  # avatars show at most 96 px; twice that and more for sharp screens
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


FORMATS = {"PNG": "png", "JPEG": "jpeg", "GIF": "gif", "WEBP": "webp"}  # Pillow's names
# What each is stored as: the same family, but a GIF's first frame as a PNG.
STORED_AS = {"png": "png", "jpeg": "jpeg", "gif": "png", "webp": "webp"}


@dataclass(frozen=True)
class Avatar:
    """An upload decoded and written anew: only the pixels, at most STORED_SIDE a side."""

    data: bytes
    image: CheckedImage


def _opened(data: bytes) -> Image.Image:
    try:
        image = Image.open(io.BytesIO(data))
    except (OSError, Image.DecompressionBombError, ValueError) as error:
        raise AvatarRefused(_type_refusal(), code="avatar_type") from error
    if image.format not in FORMATS:
        raise AvatarRefused(_type_refusal(), code="avatar_type")
    return image


def _type_refusal() -> str:  # translated when raised, in the reader's language
    return _("Only PNG, JPEG, GIF or WebP pictures may be uploaded.")


def _check_size(data: bytes) -> None:
    if not data:
        raise AvatarRefused(_("The file is empty."), code="avatar_empty")
    if len(data) > MAX_BYTES:
        raise AvatarRefused(
            _("The picture is larger than %(size)s MB.") % {"size": MAX_BYTES // (1024 * 1024)},
            code="avatar_size",
        )


def check_image(data: bytes) -> CheckedImage:
    """The image's type and size read from its bytes by Pillow (the header only: nothing is
    decoded); raises `AvatarRefused` otherwise."""
    _check_size(data)
    image = _opened(data)
    width, height = image.size
    if not (0 < width <= MAX_SIDE and 0 < height <= MAX_SIDE):
        raise AvatarRefused(_("The picture's size is not usable."), code="avatar_type")
    extension = FORMATS[image.format or ""]
    return CheckedImage(extension, TYPES[extension], width, height)


def reencode(data: bytes) -> Avatar:
    """The picture decoded and encoded again: turned upright as its camera said, scaled to at
    most STORED_SIDE a side, and nothing else kept (no EXIF, so no place a phone wrote in it,
    no comments, no second frame). Refused as `check_image` refuses, or when it does not
    decode."""
    checked = check_image(data)
    try:
        image = _opened(data)
        image.load()
        image = ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError) as error:  # a header over broken pixels
        raise AvatarRefused(_type_refusal(), code="avatar_type") from error
    image.thumbnail((STORED_SIDE, STORED_SIDE))
    stored = STORED_AS[checked.extension]
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image = image.convert("RGBA" if has_alpha and stored != "jpeg" else "RGB")
    image = Image.frombytes(image.mode, image.size, image.tobytes())  # the pixels, no info
    out = io.BytesIO()
    if stored == "jpeg":
        image.save(out, format="JPEG", quality=88, optimize=True)
    elif stored == "webp":
        image.save(out, format="WEBP", quality=88)
    else:
        image.save(out, format="PNG", optimize=True)
    return Avatar(out.getvalue(), CheckedImage(stored, TYPES[stored], image.width, image.height))


def avatar_upload_to(instance: object, filename: str) -> str:
    # The stored name holds nothing the uploader chose: the service names the file itself.
    extension = filename.rsplit(".", 1)[-1] if "." in filename else ""
    extension = extension if extension in TYPES else "bin"
    return f"avatars/{uuid.uuid4().hex}.{extension}"
