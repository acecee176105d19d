"""The processing of an accepted upload, run by a job on the job engine (`jobs.py`).

A job is for one attempt of one entry (`Entry.attempt`): it claims the entry, renders into a
temporary directory beside the final one, and moves that into place in one rename, so a failure
or a killed worker leaves nothing half-done where the gallery reads. While it works it refreshes
`heartbeat_at`; `reclaim_stalled` (run by `tick`) gives an entry whose worker stopped refreshing
to a new attempt, and a late job of an older attempt finds its attempt gone and does nothing.
The renders are bit-exact, so a retried run gives the same files as one clean run.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import shutil
import time
import uuid

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from salam.contest import media, paths, services
from salam.contest.errors import Invalid
from salam.contest.frames import EntryProgress
from salam.contest.models import Entry
from salam.core.frames import to_event
from salam.core.realtime import broadcast_on_commit, user_group
from salam.notices.recipient import translated
from salam.notices.services import notify

logger = logging.getLogger(__name__)
REPORT_EVERY_SECONDS = 1.0


def _tell(entry: Entry) -> None:
    frame = EntryProgress(
        entry=entry.pk, state=entry.processing, progress=entry.progress, failure=entry.failure
    )
    broadcast_on_commit(user_group(entry.entrant_id), to_event(frame))


def queue(entry: Entry) -> None:
    """Queue a new attempt for `entry` (locked by the caller); the job starts after commit."""
    from salam.contest.jobs import process_entry

    entry.attempt += 1
    entry.processing = Entry.Processing.QUEUED
    entry.progress = 0
    entry.failure = ""
    entry.heartbeat_at = timezone.now()
    entry.save(update_fields=["attempt", "processing", "progress", "failure", "heartbeat_at"])
    _tell(entry)
    transaction.on_commit(
        functools.partial(process_entry.enqueue, entry_id=entry.pk, attempt=entry.attempt)
    )


def _claim(entry_id: int, attempt: int) -> Entry | None:
    with transaction.atomic():
        entry = Entry.objects.select_for_update().filter(pk=entry_id).first()
        if entry is None or entry.attempt != attempt or entry.processing != Entry.Processing.QUEUED:
            return None
        entry.processing = Entry.Processing.PROCESSING
        entry.heartbeat_at = timezone.now()
        entry.save(update_fields=["processing", "heartbeat_at"])
        _tell(entry)
        return entry


def _still_ours(entry_id: int, attempt: int, **changes: object) -> Entry | None:
    """Write `changes` if this attempt still holds the entry (inside the caller's transaction)."""
    entry = (
        Entry.objects.select_for_update()
        .filter(pk=entry_id, attempt=attempt, processing=Entry.Processing.PROCESSING)
        .first()
    )
    if entry is None:
        return None
    for name, value in changes.items():
        setattr(entry, name, value)
    entry.heartbeat_at = timezone.now()
    entry.save(update_fields=[*changes, "heartbeat_at"])
    return entry


def run(entry_id: int, attempt: int) -> str:
    """Process one attempt; returns what became of it (ready, failed, or stale)."""
    entry = _claim(entry_id, attempt)
    if entry is None:
        return "stale"
    final = paths.entry_dir(entry.pk)
    final.parent.mkdir(parents=True, exist_ok=True)
    for leftover in final.parent.glob(f"{entry.pk}.tmp-*"):  # a killed worker's half-done work
        shutil.rmtree(leftover, ignore_errors=True)
    work = final.parent / f"{entry.pk}.tmp-{attempt}-{uuid.uuid4().hex[:8]}"
    work.mkdir()
    last = 0.0

    def on_progress(fraction: float) -> None:
        nonlocal last
        if time.monotonic() - last < REPORT_EVERY_SECONDS and fraction < 1:
            return
        last = time.monotonic()
        with transaction.atomic():
            moved = _still_ours(entry_id, attempt, progress=min(99, int(fraction * 100)))
            if moved is not None:
                _tell(moved)

    try:
        found = media.probe(paths.absolute(entry.source_name))
        media.render(paths.absolute(entry.source_name), work, found, on_progress=on_progress)
    except Invalid as failure:
        shutil.rmtree(work, ignore_errors=True)
        with transaction.atomic():
            failed = _still_ours(
                entry_id, attempt, processing=Entry.Processing.FAILED, failure=failure.detail
            )
            if failed is not None:
                _tell(failed)
                notify(
                    failed.entrant,
                    kind="contest.failed",
                    # the detail is in the worker's (the site's default) language
                    text=translated(
                        gettext_lazy("Your video could not be processed"), said=failure.detail
                    ),
                    url=failed.get_absolute_url(),
                )
        return "failed"
    with transaction.atomic():
        entry = Entry.objects.select_for_update().get(pk=entry_id)
        if entry.attempt != attempt or entry.processing != Entry.Processing.PROCESSING:
            shutil.rmtree(work, ignore_errors=True)
            return "stale"
        if final.exists():
            old = final.parent / f"{entry.pk}.tmp-old-{uuid.uuid4().hex[:8]}"
            os.replace(final, old)
            shutil.rmtree(old, ignore_errors=True)
        os.replace(work, final)
        entry.processing = Entry.Processing.READY
        entry.progress = 100
        entry.duration_seconds = found.duration
        entry.width, entry.height = found.width, found.height
        entry.media_dir = paths.relative(final)
        entry.save(
            update_fields=[
                "processing",
                "progress",
                "duration_seconds",
                "width",
                "height",
                "media_dir",
            ]
        )
        services.refresh_eligibility(entry, now=timezone.now())
        _tell(entry)
        notify(
            entry.entrant,
            kind="contest.ready",
            text=translated(gettext_lazy("Your video “%(title)s” is ready"), title=entry.title),
            url=entry.get_absolute_url(),
            email=False,
        )
    return "ready"


def reclaim_stalled(now: dt.datetime) -> int:
    """Queue a new attempt for every entry whose worker has not reported for
    CONTEST_PROCESSING_STALL_SECONDS (killed, or its machine gone); returns how many."""
    cutoff = now - dt.timedelta(seconds=settings.CONTEST_PROCESSING_STALL_SECONDS)
    reclaimed = 0
    stalled = Entry.objects.filter(
        processing=Entry.Processing.PROCESSING, heartbeat_at__lt=cutoff
    ).values_list("pk", flat=True)
    for entry_id in list(stalled):
        with transaction.atomic():
            entry = (
                Entry.objects.select_for_update(skip_locked=True)
                .filter(
                    pk=entry_id, processing=Entry.Processing.PROCESSING, heartbeat_at__lt=cutoff
                )
                .first()
            )
            if entry is None:
                continue
            logger.warning(
                "Entry %d: attempt %d stalled; queueing another", entry.pk, entry.attempt
            )
            queue(entry)
            reclaimed += 1
    return reclaimed
