"""The contest's figures: video processing time per minute of 720p video, and the throughput of
the resumable chunked upload through the site's own request path."""

from __future__ import annotations

import datetime as dt
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone


@dataclass(frozen=True)
class ProcessingFigure:
    seconds_of_video: float
    processing_seconds: float

    @property
    def per_minute(self) -> float:
        return self.processing_seconds / self.seconds_of_video * 60


@dataclass(frozen=True)
class UploadFigure:
    bytes_sent: int
    chunk_bytes: int
    seconds: float

    @property
    def mib_per_second(self) -> float:
        return self.bytes_sent / self.seconds / 1024 / 1024


def measure_processing(seconds: int) -> ProcessingFigure:
    from salam.contest import media

    with tempfile.TemporaryDirectory() as folder:
        source = media.make_test_video(
            Path(folder) / "720p.mp4", seconds=seconds, size="1280x720", rate=25, source="testsrc2"
        )
        out = Path(folder) / "out"
        out.mkdir()
        found = media.probe(source)
        started = time.perf_counter()
        media.render(source, out, found, on_progress=lambda fraction: None)
        return ProcessingFigure(found.duration, time.perf_counter() - started)


def measure_upload(total_bytes: int, chunk_bytes: int) -> UploadFigure:
    """PATCH `total_bytes` of a real video's bytes in chunks through Django (middleware, view,
    service, fsync) inside a transaction that is rolled back: nothing stays behind."""
    from salam.contest import services
    from salam.contest.models import Upload
    from salam.people.roles import Role
    from salam.people.services import ensure_role_groups, grant_role, register_person

    with (
        tempfile.TemporaryDirectory() as media_root,
        override_settings(
            MEDIA_ROOT=media_root,
            ALLOWED_HOSTS=["testserver"],
            CONTEST_CHUNK_BYTES=chunk_bytes,
            CONTEST_MAX_UPLOAD_BYTES=total_bytes + 1,
        ),
        transaction.atomic(),
    ):
        ensure_role_groups()
        User = get_user_model()
        now = timezone.now()
        organiser = User.objects.create_user(username="bench-contest-organiser")
        register_person(organiser)
        grant_role(organiser, Role.ORGANISER)
        entrant = User.objects.create_user(username="bench-contest-entrant")
        register_person(entrant)
        edition = services.create_edition(
            actor=organiser,
            slug="bench-contest",
            title="Bench",
            themes=["Migration"],
            categories=[services.CategorySpec("All", 0, 99)],
            earliest_production=now.date() - dt.timedelta(days=10),
            opens_at=now - dt.timedelta(days=1),
            closes_at=now + dt.timedelta(days=1),
        )
        entry = services.submit_entry(
            edition,
            entrant=entrant,
            now=now,
            form=services.EntryForm(
                title="Bench",
                synopsis="Bench.",
                themes=["Migration"],
                languages=["en"],
                collaborators=[],
                country="FR",
                birth_date=now.date().replace(year=now.year - 20),
                production_date=now.date(),
                video_format="mp4",
                rights_declared=True,
                not_excluded=True,
            ),
        )
        upload = services.start_upload(entry, actor=entrant, size=total_bytes, filename="b.mp4")
        client = Client()
        client.force_login(entrant)
        url = f"/contest/uploads/{upload.token.hex}/"
        piece = b"\x00\x00\x00\x18ftypmp42" + bytes(chunk_bytes - 12)
        offset, started = 0, time.perf_counter()
        while offset < total_bytes - chunk_bytes:  # the last chunk (the check) is not timed
            response = client.generic(
                "PATCH",
                url,
                piece,
                content_type="application/offset+octet-stream",
                HTTP_UPLOAD_OFFSET=str(offset),
            )
            if response.status_code != 200:
                raise RuntimeError(response.content.decode())
            offset = response.json()["offset"]
        seconds = time.perf_counter() - started
        assert Upload.objects.get(pk=upload.pk).received == offset  # noqa: S101 a benchmark's sanity check
        transaction.set_rollback(True)
    return UploadFigure(offset, chunk_bytes, seconds)
