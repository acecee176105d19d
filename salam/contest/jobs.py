"""The contest's jobs on the job engine (django-tasks): thin entry points into processing."""

from __future__ import annotations

from django_tasks import task


@task()
def process_entry(*, entry_id: int, attempt: int) -> str:
    """Process one attempt of one entry's video (salam.contest.processing.run)."""
    from salam.contest import processing

    return processing.run(entry_id, attempt)
