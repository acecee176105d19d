"""Byte ranges: the pure parsing of `Range` (a table and properties), then the media view
answering 206, 416 and 200 to the people who may see the file, and 404 to the others."""

from __future__ import annotations

import pytest
from django.test import AsyncRequestFactory
from hypothesis import given
from hypothesis import strategies as st

from salam.contest import paths, serving
from salam.contest.ranges import ByteRange, Unsatisfiable, requested_range

SIZE = 1000


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=0-99", ByteRange(0, 99, SIZE)),
        ("bytes=500-", ByteRange(500, 999, SIZE)),
        ("bytes=-100", ByteRange(900, 999, SIZE)),
        ("bytes=-5000", ByteRange(0, 999, SIZE)),  # more than the file: all of it
        ("bytes=990-5000", ByteRange(990, 999, SIZE)),  # the end is clipped
        ("bytes=999-999", ByteRange(999, 999, SIZE)),
        ("BYTES=0-0", ByteRange(0, 0, SIZE)),  # the unit is case-insensitive
        (" bytes=1-2 ", ByteRange(1, 2, SIZE)),
        ("bytes=1000-", Unsatisfiable(SIZE)),
        ("bytes=1000-2000", Unsatisfiable(SIZE)),
        ("bytes=-0", Unsatisfiable(SIZE)),
        (None, None),
        ("", None),
        ("bytes=", None),
        ("bytes=-", None),
        ("bytes=5-2", None),  # invalid: ignored
        ("bytes=0-1,5-9", None),  # several ranges: the whole file
        ("items=0-9", None),
        ("bytes=a-b", None),
        ("bytes=²-9", None),  # not an ASCII digit
        ("bytes=" + "9" * 5000 + "-", None),  # absurdly long: ignored, not a crash
    ],
)
def test_the_range_asked_for(header, expected):
    assert requested_range(header, SIZE) == expected


def test_an_empty_file_satisfies_no_range():
    assert requested_range("bytes=0-", 0) == Unsatisfiable(0)
    assert requested_range("bytes=-1", 0) == Unsatisfiable(0)


def test_the_headers_it_writes():
    assert ByteRange(0, 99, SIZE).content_range == "bytes 0-99/1000"
    assert ByteRange(0, 99, SIZE).length == 100
    assert Unsatisfiable(SIZE).content_range == "bytes */1000"


def _slice(data: bytes, found: ByteRange) -> bytes:
    return data[found.start : found.end + 1]


@given(
    data=st.binary(min_size=1, max_size=300),
    first=st.integers(min_value=0, max_value=400),
    last=st.integers(min_value=0, max_value=400) | st.none(),
)
def test_a_range_from_a_position_is_pythons_slice(data, first, last):
    header = f"bytes={first}-{'' if last is None else last}"
    found = requested_range(header, len(data))
    if last is not None and last < first:
        assert found is None
    elif first >= len(data):
        assert found == Unsatisfiable(len(data))
    else:
        assert isinstance(found, ByteRange)
        stop = len(data) if last is None else last + 1
        assert _slice(data, found) == data[first:stop]
        assert found.length == len(_slice(data, found))


@given(data=st.binary(min_size=1, max_size=300), suffix=st.integers(min_value=1, max_value=400))
def test_a_suffix_range_is_the_files_end(data, suffix):
    found = requested_range(f"bytes=-{suffix}", len(data))
    assert isinstance(found, ByteRange)
    assert _slice(data, found) == data[-suffix:]


@given(header=st.text(max_size=40), size=st.integers(min_value=0, max_value=10_000))
def test_any_header_gives_a_slice_inside_the_file_or_none(header, size):
    found = requested_range(header, size)
    if isinstance(found, ByteRange):
        assert 0 <= found.start <= found.end < size


# ---- the view -----------------------------------------------------------------------------


@pytest.fixture
def served(make_ready, make_person):
    """An entry in the gallery with a rendition of known bytes (as processing leaves it)."""
    film = make_ready(make_person("maker"), title="Harbour")
    film.media_dir = "contest/entries/test-range"
    film.save(update_fields=["media_dir"])
    folder = paths.absolute(film.media_dir)
    folder.mkdir(parents=True, exist_ok=True)
    data = bytes(range(256)) * 40  # 10,240 bytes
    (folder / "720p.mp4").write_bytes(data)
    return film, data


def _url(film) -> str:
    return f"/contest/{film.edition.slug}/entries/{film.pk}/media/720p.mp4"


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize(
    ("header", "start", "stop"),
    [("bytes=100-199", 100, 200), ("bytes=10000-", 10000, 10240), ("bytes=-40", 10200, 10240)],
)
def test_a_range_is_answered_206_with_its_slice(client, served, header, start, stop):
    film, data = served
    response = client.get(_url(film), HTTP_RANGE=header)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {start}-{stop - 1}/{len(data)}"
    assert response["Content-Length"] == str(stop - start)
    assert (response["Accept-Ranges"], response["Content-Type"]) == ("bytes", "video/mp4")
    assert _body(response) == data[start:stop]


def test_a_range_outside_the_file_is_answered_416(client, served):
    film, data = served
    response = client.get(_url(film), HTTP_RANGE=f"bytes={len(data)}-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(data)}"
    assert response["Accept-Ranges"] == "bytes"


@pytest.mark.parametrize("header", [None, "bytes=0-1,5-9", "bytes=9-2", "lines=1-2"])
def test_no_range_or_one_not_understood_sends_the_whole_file(client, served, header):
    film, data = served
    extra = {"HTTP_RANGE": header} if header else {}
    response = client.get(_url(film), **extra)
    assert response.status_code == 200
    assert (response["Content-Length"], response["Accept-Ranges"]) == (str(len(data)), "bytes")
    assert "Content-Range" not in response
    assert _body(response) == data


def test_if_range_sends_the_whole_file(client, served):
    film, data = served
    response = client.get(_url(film), HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"other"')
    assert (response.status_code, _body(response)) == (200, data)


def test_head_gives_the_headers_without_the_bytes(client, served):
    film, data = served
    whole = client.head(_url(film))
    assert (whole.status_code, whole["Content-Length"], whole.content) == (
        200,
        str(len(data)),
        b"",
    )
    part = client.head(_url(film), HTTP_RANGE="bytes=0-9")
    assert (part.status_code, part["Content-Range"], part["Content-Length"]) == (
        206,
        f"bytes 0-9/{len(data)}",
        "10",
    )
    assert client.post(_url(film)).status_code == 405


def test_a_file_not_in_the_gallery_stays_refused_to_others(client, served, outsider):
    film, data = served
    film.hidden_at = film.submitted_at
    film.save(update_fields=["hidden_at"])
    assert client.get(_url(film), HTTP_RANGE="bytes=0-9").status_code == 404
    client.force_login(outsider)
    assert client.get(_url(film), HTTP_RANGE="bytes=0-9").status_code == 404
    client.force_login(film.entrant)
    assert _body(client.get(_url(film), HTTP_RANGE="bytes=0-9")) == data[:10]


async def test_under_asgi_the_slice_is_streamed_in_blocks(tmp_path):
    data = bytes(range(256)) * 4000  # a little over 1 MB: several blocks
    path = tmp_path / "720p.mp4"
    path.write_bytes(data)
    request = AsyncRequestFactory().get("/media", headers={"Range": "bytes=1000-"})
    response = serving.file_response(
        request, path, content_type="video/mp4", cache_control="private"
    )
    assert (response.status_code, response["Content-Range"]) == (
        206,
        f"bytes 1000-{len(data) - 1}/{len(data)}",
    )
    assert response.is_async
    blocks = [chunk async for chunk in response.streaming_content]
    assert len(blocks) > 1 and max(map(len, blocks)) <= serving.BLOCK
    assert b"".join(blocks) == data[1000:]
