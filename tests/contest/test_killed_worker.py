"""A real `db_worker` killed in the middle of a processing job: the job is given to another
attempt, and the result is the same as one clean run."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import signal
import sys
import time

import pytest
from django.db import transaction
from django.utils import timezone

from salam.contest import media, paths, processing, services
from salam.contest.models import Entry
from tests.contest.conftest import entry_form, upload_file
from tests.daphne import ServerProcess, subprocess_database_url
from tests.jobs import run_jobs

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


def digests(entry: Entry) -> dict[str, str]:
    folder = paths.absolute(entry.media_dir)
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_job_leaves_it_to_be_retried_with_the_same_result(
    postgres, edition, entrant, server_logs, tmp_path, settings
):
    source = media.make_test_video(tmp_path / "long.mp4", seconds=12, size="640x360", rate=25)
    now = timezone.now()
    killed_entry = services.submit_entry(edition, entrant=entrant, form=entry_form(), now=now)
    clean_entry = services.submit_entry(
        edition, entrant=entrant, form=entry_form(title="Clean"), now=now
    )
    with transaction.atomic():  # its job is queued when this commits, for the worker to take
        killed_entry = upload_file(killed_entry, source, chunk=500_000)
    worker = ServerProcess(
        "worker",
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--no-reload",
            "--interval",
            "0.1",
            "--no-startup-delay",
            "--worker-id",
            "doomed",
            "--verbosity",
            "2",
        ],
        {
            **{k: v for k, v in os.environ.items() if k != "REDIS_URL"},
            "DATABASE_URL": subprocess_database_url(),
            "MEDIA_ROOT": settings.MEDIA_ROOT,
            "DJANGO_SETTINGS_MODULE": "salam.settings",
            "PYTHONUNBUFFERED": "1",
        },
        server_logs,
    )
    worker.spawn()
    try:
        deadline = time.monotonic() + 90
        while True:  # wait until the worker is well into the job, then kill it
            killed_entry.refresh_from_db()
            if killed_entry.processing == "processing" and killed_entry.progress >= 5:
                break
            assert killed_entry.processing in ("queued", "processing"), killed_entry.failure
            assert worker.running and time.monotonic() < deadline, worker.log()
            time.sleep(0.05)
    finally:
        worker.stop(signal.SIGKILL)
    killed_entry.refresh_from_db()
    assert killed_entry.processing == "processing"  # the dead worker left it claimed
    assert killed_entry.media_dir == ""  # and nothing where the gallery reads
    assert list(
        paths.entry_dir(killed_entry.pk).parent.glob(f"{killed_entry.pk}.tmp-*")
    )  # half-done
    # tick, once the stall has lasted: a new attempt, which another worker (here: this one) runs
    later = timezone.now() + dt.timedelta(seconds=settings.CONTEST_PROCESSING_STALL_SECONDS + 1)
    assert processing.reclaim_stalled(later) == 1
    assert run_jobs() == 1
    killed_entry.refresh_from_db()
    assert (killed_entry.processing, killed_entry.attempt) == ("ready", 2)
    assert list(paths.entry_dir(killed_entry.pk).parent.glob(f"{killed_entry.pk}.tmp-*")) == []
    # one clean run of the same file gives the same files, byte for byte
    with transaction.atomic():
        clean_entry = upload_file(clean_entry, source, chunk=500_000)
    assert run_jobs() == 1
    clean_entry.refresh_from_db()
    assert clean_entry.processing == "ready"
    assert digests(killed_entry) == digests(clean_entry)
    assert killed_entry.duration_seconds == clean_entry.duration_seconds
