"""Registering for an occurrence, cancelling, the waiting list, and agenda feed tokens.

Seats are the contended resource: every change to an occurrence's registrations first takes
the occurrence row with select_for_update inside the transaction, then counts on it. The
database backs the count with `occurrence_within_capacity` (registered_count <= capacity).
"""

from __future__ import annotations

import functools
import secrets
from datetime import datetime
from typing import TypeGuard

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.errors import Forbidden, Invalid
from events.models import AgendaFeed, Occurrence, Registration, Session, SessionPerson
from events.permissions import can_register
from rooms.chat.services import add_member, remove_member
from rooms.models import Membership, Room
from salam.core.types import Person
from salam.notices.recipient import moment
from salam.notices.services import notify

NOTICE_PROMOTED = "events.promoted"


def _lock(occurrence: Occurrence) -> Occurrence:
    # of=("self",): lock the occurrence row only, not the joined event or the nullable room.
    return (
        Occurrence.objects.select_for_update(of=("self",))
        .select_related("session__event", "room")
        .get(pk=occurrence.pk)
    )


def local_start(occurrence: Occurrence) -> str:
    """The start for a notice: in its recipient's zone, else on the event's wall clock, with
    the zone (call it inside the notice's writer: see salam.notices.recipient)."""
    return moment(occurrence.starts_at, otherwise=occurrence.session.event.zone)


def room_is_open(room: Room | None) -> TypeGuard[Room]:
    return room is not None and room.state != Room.State.ARCHIVED


def admit_to_room(occurrence: Occurrence, user: Person) -> None:
    """Add a newly seated person to the session's room if it is open already."""
    if room_is_open(occurrence.room):
        is_moderator = occurrence.session.people.filter(
            user=user, role=SessionPerson.Role.MODERATOR
        ).exists()
        role = Membership.Role.MODERATOR if is_moderator else Membership.Role.PARTICIPANT
        add_member(occurrence.room, user=user, role=role)


@transaction.atomic
def register(occurrence: Occurrence, *, actor: Person, now: datetime | None = None) -> Registration:
    """A seat if one is free, else a place at the end of the waiting list. Idempotent: a
    person already registered or waiting keeps their place."""
    now = now or timezone.now()
    occurrence = _lock(occurrence)
    session = occurrence.session
    if not can_register(actor, session.event):
        raise Forbidden(_("Registration is not open for this event."))
    if occurrence.cancelled_at is not None or session.cancelled_at is not None:
        raise Invalid(_("This session is cancelled."), code="cancelled")
    if occurrence.ends_at <= now:
        raise Invalid(_("This session is over."), code="over")
    registration = Registration.objects.filter(occurrence=occurrence, user=actor).first()
    if registration is not None and registration.status != Registration.Status.CANCELLED:
        return registration
    occurrence.last_ticket += 1
    seated = occurrence.registered_count < occurrence.capacity
    if seated:
        occurrence.registered_count += 1
    occurrence.save(update_fields=["last_ticket", "registered_count", "updated_at"])
    status = Registration.Status.REGISTERED if seated else Registration.Status.WAITING
    if registration is None:
        registration = Registration.objects.create(
            occurrence=occurrence, user=actor, status=status, ticket=occurrence.last_ticket
        )
    else:
        registration.status, registration.ticket = status, occurrence.last_ticket
        registration.save(update_fields=["status", "ticket", "updated_at"])
    if seated:
        admit_to_room(occurrence, actor)
    return registration


@transaction.atomic
def register_series(
    session: Session, *, actor: Person, now: datetime | None = None
) -> list[Registration]:
    """Register for every date of the session still to come and not cancelled: on each, a
    seat if one is free there, else a place on that date's waiting list (each date's seats
    and queue are its own). Idempotent like `register`. The dates are locked one by one in
    id order inside one transaction, so two people taking the series at once never deadlock
    and never share a seat."""
    now = now or timezone.now()
    dates = list(
        session.occurrences.filter(cancelled_at__isnull=True, ends_at__gt=now).order_by("pk")
    )
    if session.cancelled_at is not None or not dates:
        raise Invalid(_("This session has no dates left to register for."), code="no_dates")
    registrations = [register(occurrence, actor=actor, now=now) for occurrence in dates]
    return sorted(registrations, key=lambda r: r.occurrence.starts_at)


@transaction.atomic
def cancel_registration(occurrence: Occurrence, *, actor: Person) -> Registration:
    """Give up a seat or a waiting place; a freed seat goes to the first on the waiting list,
    who is notified."""
    occurrence = _lock(occurrence)
    registration = (
        Registration.objects.filter(occurrence=occurrence, user=actor)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )
    if registration is None:
        raise Invalid(_("You are not registered for this session."), code="not_registered")
    was_seated = registration.status == Registration.Status.REGISTERED
    registration.status = Registration.Status.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    if was_seated:
        occurrence.registered_count -= 1
        occurrence.save(update_fields=["registered_count", "updated_at"])
        promote_waiting(occurrence)
        takes_part = occurrence.session.people.filter(user=actor).exists()
        if room_is_open(occurrence.room) and not takes_part:
            remove_member(occurrence.room, user=actor)
    return registration


def promote_waiting(occurrence: Occurrence) -> list[Registration]:
    """Seat people from the waiting list, in ticket order, while seats are free.

    The caller holds the occurrence row (select_for_update) inside its transaction.
    """
    promoted: list[Registration] = []
    if occurrence.cancelled_at is not None:
        return promoted
    free = occurrence.capacity - occurrence.registered_count
    if free <= 0:
        return promoted
    queue = (
        Registration.objects.filter(occurrence=occurrence, status=Registration.Status.WAITING)
        .select_related("user")
        .order_by("ticket")[:free]
    )
    session = occurrence.session
    for registration in queue:
        registration.status = Registration.Status.REGISTERED
        registration.save(update_fields=["status", "updated_at"])
        occurrence.registered_count += 1
        promoted.append(registration)
        notify(
            registration.user,
            kind=NOTICE_PROMOTED,
            text=functools.partial(_promoted_text, occurrence),
            url=session.get_absolute_url(),
        )
        admit_to_room(occurrence, registration.user)
    if promoted:
        occurrence.save(update_fields=["registered_count", "updated_at"])
    return promoted


def _promoted_text(occurrence: Occurrence) -> tuple[str, str]:
    return (
        _("You have a seat at “%(title)s”") % {"title": occurrence.session.title},
        _("A seat came free: you are registered for %(when)s.") % {"when": local_start(occurrence)},
    )


@transaction.atomic
def issue_agenda_feed(*, actor: Person) -> AgendaFeed:
    """A fresh private token for the person's agenda feed; any previous URL stops working."""
    feed, _created = AgendaFeed.objects.update_or_create(
        user=actor, defaults={"token": secrets.token_urlsafe(32)}
    )
    return feed


@transaction.atomic
def revoke_agenda_feed(*, actor: Person) -> bool:
    """Turn the agenda feed off; returns whether there was one."""
    deleted, _by_model = AgendaFeed.objects.filter(user=actor).delete()
    return bool(deleted)


@transaction.atomic
def enrol(occurrence: Occurrence, *, user: Person) -> Registration:
    """A seat for someone an organiser placed (a member of a programme's cohort): no public
    registration is needed and nobody waits, the seats grow to hold them. Idempotent."""
    occurrence = _lock(occurrence)
    registration = Registration.objects.filter(occurrence=occurrence, user=user).first()
    if registration is not None and registration.status == Registration.Status.REGISTERED:
        return registration
    occurrence.last_ticket += 1
    occurrence.registered_count += 1
    occurrence.capacity = max(occurrence.capacity, occurrence.registered_count)
    occurrence.save(update_fields=["last_ticket", "registered_count", "capacity", "updated_at"])
    if registration is None:
        registration = Registration.objects.create(
            occurrence=occurrence,
            user=user,
            status=Registration.Status.REGISTERED,
            ticket=occurrence.last_ticket,
        )
    else:
        registration.status = Registration.Status.REGISTERED
        registration.ticket = occurrence.last_ticket
        registration.save(update_fields=["status", "ticket", "updated_at"])
    admit_to_room(occurrence, user)
    return registration
