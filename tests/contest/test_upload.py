"""The resumable chunked upload: interrupted and completed, refused files, strangers."""

from __future__ import annotations

import hashlib
import io

import pytest

from salam.contest import paths, services
from salam.contest.errors import Invalid
from salam.contest.models import Entry, Upload
from tests.contest.conftest import upload_file
from tests.jobs import run_jobs

pytestmark = pytest.mark.django_db


def start(client, entry, size, filename="film.mp4"):
    return client.post(
        f"/contest/{entry.edition.slug}/entries/{entry.pk}/upload/",
        {"size": size, "filename": filename},
        content_type="application/json",
    )


def patch(client, url, offset, piece, **extra):
    return client.generic(
        "PATCH",
        url,
        piece,
        content_type="application/offset+octet-stream",
        HTTP_UPLOAD_OFFSET=str(offset),
        **extra,
    )


def test_an_interrupted_upload_resumes_where_it_stopped_and_completes(
    client, entry, video, django_capture_on_commit_callbacks
):
    data = video.read_bytes()
    client.force_login(entry.entrant)
    opened = start(client, entry, len(data)).json()
    url, chunk = opened["url"], 10_000
    assert opened["offset"] == 0
    assert patch(client, url, 0, data[:chunk]).json()["offset"] == chunk
    # the connection drops inside the second chunk: the body ends before its Content-Length
    # (the test client cannot send that, so the service gets the short stream directly)
    with pytest.raises(Invalid) as cut:
        services.receive_chunk(
            url.split("/")[-2],
            actor=entry.entrant,
            offset=chunk,
            body=io.BytesIO(data[chunk : chunk + 3000]),
            length=chunk,
        )
    assert cut.value.code == "short"
    # the client asks where to go on from, then sends the rest
    assert client.get(url).json()["offset"] == chunk
    assert client.get(url)["Upload-Offset"] == str(chunk)
    offset = chunk
    with django_capture_on_commit_callbacks(execute=True):
        while offset < len(data):
            answer = patch(client, url, offset, data[offset : offset + chunk])
            assert answer.status_code == 200, answer.content
            offset = answer.json()["offset"]
    assert answer.json()["complete"] is True
    entry.refresh_from_db()
    assert entry.processing == Entry.Processing.QUEUED
    source = paths.absolute(entry.source_name)
    assert hashlib.sha256(source.read_bytes()).digest() == hashlib.sha256(data).digest()
    assert run_jobs() == 1
    entry.refresh_from_db()
    assert (entry.processing, entry.progress, entry.failure) == ("ready", 100, "")


def test_a_chunk_at_the_wrong_offset_is_refused_with_the_right_one(client, entry, video):
    data = video.read_bytes()
    client.force_login(entry.entrant)
    url = start(client, entry, len(data)).json()["url"]
    patch(client, url, 0, data[:5000])
    wrong = patch(client, url, 9000, data[9000:12000])
    assert (wrong.status_code, wrong.json()["error"], wrong.json()["offset"]) == (
        409,
        "offset",
        5000,
    )
    assert Upload.objects.get().received == 5000


def test_an_html_page_named_mp4_is_refused_when_complete(entry, video_dir):
    with pytest.raises(Exception) as refused:
        upload_file(entry, video_dir / "page.mp4", name="film.mp4")
    assert getattr(refused.value, "code", "") == "not_video"
    entry.refresh_from_db()
    assert entry.processing == Entry.Processing.WAITING
    assert entry.failure == "The file is not a MP4 video."
    assert not Upload.objects.exists()
    assert list((paths.root() / "partial").iterdir()) == []


def test_an_upload_over_the_limit_or_of_another_kind_is_refused(client, entry, settings):
    settings.CONTEST_MAX_UPLOAD_BYTES = 1000
    client.force_login(entry.entrant)
    assert start(client, entry, 1001).json()["error"] == "too_large"
    assert start(client, entry, 100, filename="film.exe").json()["error"] == "format"
    assert not Upload.objects.exists()


def test_a_stranger_can_neither_open_nor_feed_nor_read_an_upload(client, entry, outsider, video):
    data = video.read_bytes()
    client.force_login(entry.entrant)
    url = start(client, entry, len(data)).json()["url"]
    client.force_login(outsider)
    assert start(client, entry, len(data)).status_code == 404  # cannot even see the entry
    assert patch(client, url, 0, data[:100]).status_code == 403
    assert client.get(url).status_code == 404
    client.logout()
    assert patch(client, url, 0, data[:100]).status_code == 302  # to the login page
    assert Upload.objects.get().received == 0


def test_the_chunk_path_has_its_own_body_limit(settings):
    from salam.request_limits import limit_for

    assert (
        limit_for("/contest/uploads/" + "a" * 32 + "/") == settings.CONTEST_CHUNK_BYTES + 64 * 1024
    )
    assert limit_for("/contest/yim/enter/") == settings.SALAM_MAX_REQUEST_BYTES
