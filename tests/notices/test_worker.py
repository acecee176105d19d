"""Production's job engine: `manage.py db_worker` processes on PostgreSQL deliver queued mail,
several at once, each job once."""

from __future__ import annotations

import os
import signal
import sys
import time
from email import message_from_string
from pathlib import Path

import pytest
from django.db import transaction
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from salam.notices.services import notify
from tests.daphne import ServerProcess, subprocess_database_url
from tests.notices.text import says

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

MAILS = 8


def delivered(outbox: Path) -> list[str]:
    """The recipients of every mail the filebased backend wrote (one file per connection)."""
    separator = "\n" + "-" * 79 + "\n"
    recipients = []
    for path in outbox.glob("*.log"):
        for text in path.read_text().split(separator):
            if text.strip():
                recipients.append(message_from_string(text.lstrip())["To"])
    return recipients


@pytest.mark.django_db(transaction=True)
def test_db_workers_deliver_every_queued_mail_once(postgres, make_person, server_logs, tmp_path):
    outbox = tmp_path / "outbox"
    env = {
        **{key: value for key, value in os.environ.items() if key != "REDIS_URL"},
        "DJANGO_SETTINGS_MODULE": "tests.worker_settings",
        "DATABASE_URL": subprocess_database_url(),
        "EMAIL_FILE_PATH": str(outbox),
        "PYTHONUNBUFFERED": "1",
    }
    workers = [
        ServerProcess(
            f"worker-{n}",
            [
                sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.1",
                "--no-startup-delay", "--worker-id", f"worker-{n}", "--verbosity", "2",
            ],
            env,
            server_logs,
        )
        for n in (1, 2)
    ]  # fmt: skip
    for worker in workers:
        worker.spawn()
    try:
        # A worker installs its graceful stop before it logs "Starting worker"; until then a
        # SIGTERM kills it, so the race for the jobs starts once both are up.
        deadline = time.monotonic() + 60
        while not all("Starting worker" in worker.log() for worker in workers):
            assert all(worker.running for worker in workers), [w.log() for w in workers]
            assert time.monotonic() < deadline, [w.log() for w in workers]
            time.sleep(0.2)
        people = [make_person(f"reader{n}") for n in range(MAILS)]
        with transaction.atomic():  # all the jobs appear at once, for both workers to race for
            for person in people:
                notify(person, kind="events.changed", text=says(f"For {person.username}"))
        deadline = time.monotonic() + 60
        while DBTaskResult.objects.successful().count() < MAILS:
            assert all(worker.running for worker in workers), [w.log() for w in workers]
            assert time.monotonic() < deadline, [w.log() for w in workers]
            time.sleep(0.2)
        assert sorted(delivered(outbox)) == sorted(person.email for person in people)
        jobs = DBTaskResult.objects.all()
        assert {job.status for job in jobs} == {TaskResultStatus.SUCCESSFUL}
        assert all(len(job.worker_ids) == 1 for job in jobs)
        assert {job.worker_ids[0] for job in jobs} <= {"worker-1", "worker-2"}
    finally:
        # SIGTERM is the worker's graceful stop: it finishes the job at hand and exits 0.
        codes = [worker.stop(signal.SIGTERM) for worker in workers]
        for worker in workers:
            print(f"===== {worker.name} =====\n{worker.log()}")
    assert codes == [0, 0]
