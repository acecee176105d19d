"""The processing job: progress frames on /ws/me/, a file ffmpeg cannot read, stale attempts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from salam.contest import paths, processing
from salam.contest.models import Entry
from salam.core.realtime import user_group
from tests.contest.conftest import SRT_EN, upload_file
from tests.jobs import run_jobs
from tests.rooms.frames import Listener, fits

pytestmark = pytest.mark.django_db


def test_processing_reports_progress_live_and_ends_ready_and_eligible(
    entry, video, django_capture_on_commit_callbacks, now
):
    from salam.contest import services

    services.add_subtitles(
        entry, actor=entry.entrant, language="en", data=SRT_EN, name="en.srt", now=now
    )
    listener = Listener(user_group(entry.entrant_id))
    with django_capture_on_commit_callbacks(execute=True):
        upload_file(entry, video)
    with django_capture_on_commit_callbacks(execute=True):
        assert run_jobs() == 1
    events = [e for e in listener.events() if e["type"] == "contest.progress"]
    states = [e["state"] for e in events]
    assert states[0] == "queued" and states[1] == "processing" and states[-1] == "ready"
    assert events[-1] == {
        "type": "contest.progress",
        "entry": entry.pk,
        "state": "ready",
        "progress": 100,
    }
    for event in events:
        fits("me", event)
    entry.refresh_from_db()
    assert entry.eligible, entry.problems
    assert entry.category.name == "18 to 25"
    folder = paths.absolute(entry.media_dir)
    assert sorted(p.name for p in folder.iterdir()) == [
        "360p.mp4",
        "720p.mp4",
        "poster.jpg",
        "strip.jpg",
    ]
    assert list(folder.parent.glob("*.tmp-*")) == []


def test_a_file_ffmpeg_cannot_read_fails_clearly_and_stores_nothing(
    entry, video, video_dir, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        entry = upload_file(entry, video)
    # the stored source goes bad before the job runs (a disk fault, a truncated copy)
    paths.absolute(entry.source_name).write_bytes((video_dir / "corrupt.mp4").read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        assert run_jobs() == 1
    entry.refresh_from_db()
    assert (entry.processing, entry.failure) == (
        "failed",
        "The file is not a video that can be read.",
    )
    assert entry.media_dir == ""
    assert not paths.entry_dir(entry.pk).exists()
    assert list(paths.entry_dir(entry.pk).parent.glob("*")) == []
    assert "video" in [p["code"] for p in entry.problems]


def test_a_job_of_an_older_attempt_does_nothing(entry, video, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        entry = upload_file(entry, video)
    assert processing.run(entry.pk, entry.attempt - 1) == "stale"
    assert processing.run(entry.pk, entry.attempt) == "ready"
    assert processing.run(entry.pk, entry.attempt) == "stale"  # ran once; a duplicate does nothing


def test_a_stalled_attempt_is_given_to_a_new_one(entry, video, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        entry = upload_file(entry, video)
    Entry.objects.filter(pk=entry.pk).update(
        processing="processing", heartbeat_at=timezone.now() - dt.timedelta(minutes=5)
    )
    assert processing.reclaim_stalled(timezone.now() - dt.timedelta(minutes=4)) == 0  # not yet
    with django_capture_on_commit_callbacks(execute=True):
        assert processing.reclaim_stalled(timezone.now()) == 1
    entry.refresh_from_db()
    assert (entry.processing, entry.attempt) == ("queued", 2)
    with django_capture_on_commit_callbacks(execute=True):
        assert run_jobs() == 2  # the first attempt's job finds itself stale; the second works
    entry.refresh_from_db()
    assert entry.processing == "ready"
