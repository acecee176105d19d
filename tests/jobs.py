"""Run the job engine's due jobs inside a test, as `manage.py db_worker` would."""

from __future__ import annotations

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def run_jobs() -> int:
    """Run every job that is due, and the due jobs those enqueue, in this thread and inside the
    test's transaction (the worker's own loop would close the test's connection); returns how
    many ran. Jobs deferred to later (`run_after` in the future) stay queued."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="tests",
        excluded_queue_names=[],
    )
    ran = 0
    while (job := DBTaskResult.objects.ready().first()) is not None:
        job.claim(worker.worker_id)
        worker.run_task(job)
        ran += 1
    return ran
