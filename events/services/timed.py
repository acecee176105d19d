"""Work that falls due with time: reminders, opening session rooms, archiving them.

`run_due_work(now)` is the one entry point (called by `salam.periodic`: the `tick` command, the
demo server's loop).
Each step is safe when several processes run it at once: a reminder is claimed with a
conditional UPDATE on `reminder_sent_at`, a room is opened under the occurrence's row lock.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from events.models import Event, Occurrence, SessionPerson
from events.selectors import registered_users
from events.services.registrations import local_start
from rooms.chat.services import add_member, create_room, set_room_state
from rooms.models import Membership, Room
from salam.notices.services import notify

REMINDER_LEAD = timedelta(minutes=15)
ROOM_LEAD = timedelta(minutes=15)
NOTICE_REMINDER = "events.reminder"


def _scheduled() -> Q:
    return Q(
        cancelled_at__isnull=True,
        session__cancelled_at__isnull=True,
        session__event__status__in=(Event.Status.PUBLISHED, Event.Status.PRIVATE),
    )


def send_due_reminders(*, now: datetime) -> int:
    """Remind registered people, speakers and moderators of occurrences starting within 15
    minutes; returns the number of notices sent. Each occurrence's reminders go out once,
    whichever process gets there."""
    due = Occurrence.objects.filter(
        _scheduled(),
        reminder_sent_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + REMINDER_LEAD,
    ).values_list("pk", flat=True)
    return sum(_remind(pk, now=now) for pk in list(due))


@transaction.atomic
def _remind(occurrence_id: int, *, now: datetime) -> int:
    # The conditional UPDATE is the claim: a second process's UPDATE waits for this row lock
    # and then finds reminder_sent_at set, so it updates nothing and sends nothing.
    claimed = Occurrence.objects.filter(pk=occurrence_id, reminder_sent_at__isnull=True).update(
        reminder_sent_at=now
    )
    if not claimed:
        return 0
    occurrence = Occurrence.objects.select_related("session__event").get(pk=occurrence_id)
    session = occurrence.session
    # the registered people and the session's speakers and moderators, each once
    users = {user.pk: user for user in registered_users(occurrence)}
    for person in session.people.filter(user__isnull=False).select_related("user"):
        users.setdefault(person.user_id, person.user)
    for user in users.values():
        notify(
            user,
            kind=NOTICE_REMINDER,
            text=functools.partial(_reminder_text, occurrence),
            url=session.get_absolute_url(),
            key=f"events.reminder:{occurrence.pk}",
        )
    return len(users)


def _reminder_text(occurrence: Occurrence) -> tuple[str, str]:
    return (
        _("“%(title)s” starts soon") % {"title": occurrence.session.title},
        _("It starts at %(when)s; its live room is open.") % {"when": local_start(occurrence)},
    )


def open_due_rooms(*, now: datetime) -> list[Room]:
    """Open the live room of every occurrence starting within 15 minutes (or running)."""
    due = Occurrence.objects.filter(
        _scheduled(), room__isnull=True, starts_at__lte=now + ROOM_LEAD, ends_at__gt=now
    ).values_list("pk", flat=True)
    opened = [_open_room(pk) for pk in list(due)]
    return [room for room in opened if room is not None]


def room_slug(occurrence: Occurrence) -> str:
    return f"{occurrence.session.event.slug[:60]}-{occurrence.pk}"


@transaction.atomic
def _open_room(occurrence_id: int) -> Room | None:
    """Create the room and its members: registered people and speakers take part, the
    session's moderators moderate. Under the row lock a second process finds it done."""
    occurrence = (
        Occurrence.objects.select_for_update(of=("self",))
        .select_related("session__event")
        .filter(pk=occurrence_id, room__isnull=True)
        .first()
    )
    if occurrence is None:
        return None
    session = occurrence.session
    title = session.title
    if session.recurrence:
        title = f"{title} ({occurrence.starts_at.astimezone(session.event.zone):%Y-%m-%d})"
    room = create_room(
        slug=room_slug(occurrence),
        title=title[:140],
        kind=Room.Kind.SESSION,
        visibility=Room.Visibility.MEMBERS,
        topic=session.abstract[:280],
        language=(session.languages or ["en"])[0][:8],
    )
    occurrence.room = room
    occurrence.save(update_fields=["room", "updated_at"])
    for user in registered_users(occurrence):
        add_member(room, user=user)
    for person in session.people.filter(user__isnull=False).select_related("user"):
        if person.user is None:  # never: the filter leaves them out (this narrows the type)
            continue
        role = (
            Membership.Role.MODERATOR
            if person.role == SessionPerson.Role.MODERATOR
            else Membership.Role.PARTICIPANT
        )
        add_member(room, user=person.user, role=role)
    return room


def archive_ended_rooms(*, now: datetime) -> list[Room]:
    """Make the rooms of ended or cancelled occurrences read-only; their history stays."""
    ended = (
        Occurrence.objects.filter(room__isnull=False)
        .filter(
            Q(ends_at__lte=now)
            | Q(cancelled_at__isnull=False)
            | Q(session__cancelled_at__isnull=False)
        )
        .exclude(room__state=Room.State.ARCHIVED)
        .select_related("room")
    )
    return [set_room_state(o.room, state=Room.State.ARCHIVED) for o in ended if o.room]


@dataclass(frozen=True)
class DueWork:
    opened: int
    reminded: int
    archived: int


def run_due_work(now: datetime) -> DueWork:
    """Everything due at `now`: open rooms first, so reminders can point at them."""
    opened = open_due_rooms(now=now)
    reminded = send_due_reminders(now=now)
    archived = archive_ended_rooms(now=now)
    return DueWork(opened=len(opened), reminded=reminded, archived=len(archived))
