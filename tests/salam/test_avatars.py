"""Avatars: initials on a colour of the person's own, or a picture whose bytes prove it an image."""

from __future__ import annotations

import base64
import io
import re
import struct
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from PIL import Image

from salam.people import avatars, services
from salam.people.avatars import AvatarRefused, check_image, colour_index, initials
from salam.people.models import Profile

ROOT = Path(__file__).resolve().parents[2]
JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAgAAAQABAAD//gAQTGF2YzU5LjM3LjEwMAD/2wBDAAgEBAQEBAUFBQUFBQYGBgYGBgYGBgYGBgYHBwcI"
    "CAgHBwcGBgcHCAgICAkJCQgICAgJCQoKCgwMCwsODg4RERT/xABMAAEBAAAAAAAAAAAAAAAAAAAABgEBAQAAAAAAAAAAAAAA"
    "AAAABgcQAQAAAAAAAAAAAAAAAAAAAAARAQAAAAAAAAAAAAAAAAAAAAD/wAARCAACAAIDASIAAhEAAxEA/9oADAMBAAIRAxEA"
    "PwCLAFF/f//Z"
)  # 2×2, made by ffmpeg
WEBP = base64.b64decode(
    "UklGRjwAAABXRUJQVlA4IDAAAADQAQCdASoCAAIAAgA0JaACdLoB+AADsAD+8Oj3/yC5YXXI1/8gP+QH/ID/+PIAAAA="
)  # 2×2, made by ffmpeg (libwebp)


def gif(width: int = 3, height: int = 2) -> bytes:
    out = io.BytesIO()
    Image.new("P", (width, height), 1).save(out, format="GIF")
    return out.getvalue()


GIF = gif()


def png(width: int = 4, height: int = 3) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\0" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Amina El-Sayed", "AE"),
        ("amina", "A"),
        ("joao_silva", "JS"),
        ("  nadia   van  dijk ", "NV"),
        ("نادية", "ن"),
        ("", "?"),
    ],
)
def test_initials_are_the_first_letters_of_the_first_two_words(name, expected):
    assert initials(name) == expected


def test_the_colour_is_the_same_for_a_name_every_time_and_whatever_its_case():
    assert colour_index("amina") == colour_index("amina") == colour_index("Amina")
    # FNV-1a, not Python's salted hash(): the same in every process and in static/js/avatar.js
    assert avatars.fnv1a("a") == 0xE40C292C  # the published FNV-1a test vector
    assert avatars.fnv1a("amina") == 841459091  # static/js/avatar.js's colourIndex("amina"): 11
    assert colour_index("amina") == 11


def test_names_spread_over_the_palette():
    used = {colour_index(f"person{n}") for n in range(200)}
    assert used == set(range(len(avatars.PALETTE)))


def _luminance(hex_colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def test_white_initials_pass_wcag_aa_on_every_colour_and_the_stylesheet_has_the_same_colours():
    css = (ROOT / "static/css/salam.css").read_text()
    in_css = dict(re.findall(r"\.avatar-c(\d+) \{ background: (#[0-9a-f]{6}); \}", css))
    assert {int(k): v for k, v in in_css.items()} == dict(enumerate(avatars.PALETTE))
    for colour in avatars.PALETTE:
        assert (1.05) / (_luminance(colour) + 0.05) >= 4.5, colour


@pytest.mark.parametrize(
    ("data", "content_type", "size"),
    [
        (png(), "image/png", (4, 3)),
        (JPEG, "image/jpeg", (2, 2)),
        (GIF, "image/gif", (3, 2)),
        (WEBP, "image/webp", (2, 2)),
    ],
)
def test_an_image_is_known_by_its_bytes(data, content_type, size):
    checked = check_image(data)
    assert (checked.content_type, (checked.width, checked.height)) == (content_type, size)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "avatar_empty"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "avatar_type"),
        (b"<html><script>alert(1)</script></html>", "avatar_type"),
        (b"%PDF-1.4 not a picture", "avatar_type"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "avatar_type"),  # a PNG signature, no header
        (png(width=5000), "avatar_type"),  # absurd dimensions
        (png() + b"\0" * avatars.MAX_BYTES, "avatar_size"),
    ],
)
def test_anything_but_a_usable_image_is_refused(data, code):
    with pytest.raises(AvatarRefused) as refused:
        check_image(data)
    assert refused.value.code == code


def photo_with_a_place(width: int, height: int) -> bytes:
    """A JPEG as a phone writes it: EXIF with GPS coordinates, a comment, turned by its tag."""
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: turned 90° clockwise
    exif[0x8825] = {1: "N", 2: (51.0, 55.0, 12.0), 3: "E", 4: (4.0, 28.0, 45.0)}  # GPS
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(
        out, format="JPEG", exif=exif, comment=b"Home: 12 Harbour Street"
    )
    return out.getvalue()


def test_a_stored_picture_keeps_no_metadata_stands_upright_and_is_at_most_512_a_side():
    data = photo_with_a_place(1600, 1200)
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the place is in it
    avatar = avatars.reencode(data)
    stored = Image.open(io.BytesIO(avatar.data))
    assert stored.format == "JPEG"
    assert stored.size == (384, 512)  # upright (the tag said turned) and scaled down
    assert (avatar.image.width, avatar.image.height) == (384, 512)
    assert len(stored.getexif()) == 0 and "comment" not in stored.info
    assert b"Harbour" not in avatar.data


@pytest.mark.parametrize(
    ("data", "stored_as"), [(png(), "PNG"), (GIF, "PNG"), (WEBP, "WEBP"), (JPEG, "JPEG")]
)
def test_every_kind_is_written_anew_as_a_picture_browsers_show(data, stored_as):
    avatar = avatars.reencode(data)
    assert Image.open(io.BytesIO(avatar.data)).format == stored_as
    assert avatar.image.content_type == f"image/{stored_as.lower()}"


def test_a_header_over_broken_pixels_is_refused():
    whole = png()
    at = whole.index(b"IDAT") + 4
    broken = whole[:at] + b"\xde\xad" * 8 + whole[at + 16 :]  # the pixels are not zlib
    assert check_image(broken).extension == "png"
    with pytest.raises(AvatarRefused) as refused:
        avatars.reencode(broken)
    assert refused.value.code == "avatar_type"


def render(person) -> str:
    return Template("{% load people %}{% avatar person %}").render(Context({"person": person}))


@pytest.mark.django_db
def test_the_tag_shows_initials_on_the_persons_colour(participant):
    html = render(participant)
    assert html == (
        f'<span class="avatar avatar-c{colour_index("alice")}" aria-hidden="true">A</span>'
    )
    assert render(participant.profile) == html


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.django_db
def test_a_person_uploads_a_picture_that_is_served_as_the_image_it_is(client, participant, media):
    client.force_login(participant)
    response = client.post(
        "/people/me/avatar/",
        {"picture": SimpleUploadedFile("me.html", png(), content_type="text/html")},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == ["Your picture is saved."]
    profile = Profile.objects.get(user=participant)
    assert profile.avatar_type == "image/png"
    assert re.fullmatch(r"avatars/[0-9a-f]{32}\.png", profile.avatar.name)  # not "me.html"
    assert '<img class="avatar" src="/people/alice/avatar/?v=' in render(participant)

    served = client.get("/people/alice/avatar/")
    assert served.status_code == 200
    assert served["Content-Type"] == "image/png"
    assert served["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in served["Content-Security-Policy"]
    stored = Image.open(io.BytesIO(b"".join(served.streaming_content)))
    assert (stored.format, stored.size) == ("PNG", (4, 3))  # the same picture, written anew


@pytest.mark.django_db
def test_a_refused_upload_changes_nothing_and_says_why(client, participant, media):
    services.set_avatar(participant.profile, data=png())
    before = Profile.objects.get(user=participant).avatar.name
    client.force_login(participant)
    response = client.post(
        "/people/me/avatar/",
        {"picture": SimpleUploadedFile("cat.png", b"<svg onload=alert(1)>", "image/png")},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Only PNG, JPEG, GIF or WebP pictures may be uploaded."
    ]
    big = SimpleUploadedFile("big.png", png() + b"\0" * avatars.MAX_BYTES, "image/png")
    response = client.post("/people/me/avatar/", {"picture": big}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["The picture is larger than 1 MB."]
    assert Profile.objects.get(user=participant).avatar.name == before


@pytest.mark.django_db(transaction=True)
def test_removing_the_picture_goes_back_to_initials_and_deletes_the_file(
    client, participant, media
):
    services.set_avatar(participant.profile, data=png())
    stored = media / Profile.objects.get(user=participant).avatar.name
    assert stored.exists()
    client.force_login(participant)
    response = client.post("/people/me/avatar/", {"remove": "1"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Your picture is removed: your initials show instead."
    ]
    assert not stored.exists()
    assert client.get("/people/alice/avatar/").status_code == 404
    assert "avatar-c" in render(Profile.objects.get(user=participant).user)


@pytest.mark.django_db
def test_only_the_signed_in_person_changes_their_own_picture(client, participant, outsider, media):
    anonymous = client.post("/people/me/avatar/", {"picture": SimpleUploadedFile("a.png", png())})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    client.force_login(outsider)
    client.post("/people/me/avatar/", {"picture": SimpleUploadedFile("a.png", png())})
    assert not Profile.objects.get(user=participant).avatar
    assert Profile.objects.get(user=outsider).avatar
    assert client.get("/people/me/avatar/").status_code == 405  # a GET changes nothing
