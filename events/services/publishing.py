"""Publishing a schedule: a numbered release, what changed, and telling those concerned."""

from __future__ import annotations

import functools
from collections import defaultdict
from datetime import UTC, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events import selectors
from events.errors import Forbidden, HasConflicts, Invalid
from events.models import Event, Occurrence, Registration, Release
from events.permissions import can_edit_event
from events.scheduling import diff_snapshots
from salam.core.types import Person
from salam.notices.recipient import moment
from salam.notices.services import notify

NOTICE_CHANGED = "events.changed"


def snapshot_of(occurrences: list[Occurrence]) -> dict[str, dict]:
    """The release's frozen schedule: plain JSON keyed by occurrence id."""
    return {
        str(o.pk): {
            "session": o.session_id,
            "title": o.session.title,
            "starts_at": o.starts_at.astimezone(UTC).isoformat(),
            "ends_at": o.ends_at.astimezone(UTC).isoformat(),
            "space": o.session.space.name if o.session.space else "",
        }
        for o in occurrences
    }


@transaction.atomic
def publish_schedule(event: Event, *, actor: Person, now: datetime | None = None) -> Release:
    """Publish the event with its next numbered release; refused while conflicts remain.

    From the second release on, `changes` lists the added, moved and cancelled occurrences,
    and everyone registered or waiting for a moved or cancelled one gets one notice.
    """
    if not can_edit_event(actor, event):
        raise Forbidden(_("Only the event's organisers may publish it."))
    now = now or timezone.now()
    # The event row serialises publishing, so release numbers never collide.
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status == Event.Status.PRIVATE:  # a programme's: its people only, ever
        raise Invalid(
            _("This event is private to the people placed in it: it is never published."),
            code="private",
        )
    occurrences = list(selectors.live_occurrences(event))
    conflicts = selectors.conflicts_of(event, occurrences, event.spaces.all())
    if conflicts:
        raise HasConflicts(
            _("The schedule has %(count)s conflicts: resolve them before publishing.")
            % {"count": len(conflicts)},
            conflicts=conflicts,
        )
    snapshot = snapshot_of(occurrences)
    previous = event.releases.order_by("-number").first()
    changes = (
        diff_snapshots(previous.snapshot, snapshot)
        if previous
        else {"added": [], "moved": [], "cancelled": []}
    )
    release = Release.objects.create(
        event=event,
        number=previous.number + 1 if previous else 1,
        snapshot=snapshot,
        changes=changes,
        published_by=actor,
        published_at=now,
    )
    if event.status != Event.Status.PUBLISHED:
        event.status = Event.Status.PUBLISHED
        event.save(update_fields=["status"])
    _notify_changes(event, changes)
    return release


def _notify_changes(event: Event, changes: dict[str, list]) -> None:
    # per occurrence, the changes to tell (written in each recipient's language and zone)
    lines: dict[int, list[tuple[str, dict]]] = {}
    for entry in changes["moved"]:
        lines[int(entry["key"])] = [("moved", entry)]
    # a cancelled session told its people when it was cancelled (editing.cancel_session)
    told_at_cancel = set(
        Occurrence.objects.filter(
            pk__in=[int(entry["key"]) for entry in changes["cancelled"]],
            session__cancelled_at__isnull=False,
        ).values_list("pk", flat=True)
    )
    for entry in changes["cancelled"]:
        if int(entry["key"]) in told_at_cancel:
            continue
        lines[int(entry["key"])] = [("cancelled", entry)]
    if not lines:
        return
    per_person: dict[int, list[tuple[str, dict]]] = defaultdict(list)
    people = {}
    registrations = Registration.objects.filter(
        occurrence_id__in=lines, status__in=selectors.ACTIVE
    ).select_related("user")
    for registration in registrations.order_by("occurrence__starts_at", "pk"):
        per_person[registration.user_id].extend(lines[registration.occurrence_id])
        people[registration.user_id] = registration.user
    for user_id, told in per_person.items():
        notify(
            people[user_id],
            kind=NOTICE_CHANGED,
            text=functools.partial(_changes_text, event, told),
            url=event.get_absolute_url(),
        )


def _changes_text(event: Event, told: list[tuple[str, dict]]) -> tuple[str, str]:
    lines = []
    for change, entry in told:
        if change == "moved":
            lines.append(
                _("“%(title)s” moved from %(before)s to %(when)s%(space)s.")
                % {
                    "title": entry["title"],
                    "before": _local(event, entry["before"]["starts_at"]),
                    "when": _local(event, entry["after"]["starts_at"]),
                    "space": f", {entry['after']['space']}" if entry["after"]["space"] else "",
                }
            )
        else:
            lines.append(
                _("“%(title)s” on %(when)s is cancelled.")
                % {"title": entry["title"], "when": _local(event, entry["starts_at"])}
            )
    title = _("Changes to your sessions at %(event)s") % {"event": event.title}
    return title, "\n".join(lines)


def _local(event: Event, when: str | datetime) -> str:
    at = datetime.fromisoformat(when) if isinstance(when, str) else when
    return moment(at, otherwise=event.zone)
