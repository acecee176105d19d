"""Organisers' writes: events, spaces, tracks and sessions (with their occurrences)."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from events.errors import Forbidden, Invalid
from events.models import Event, Occurrence, Registration, Session, SessionPerson, Space, Track
from events.permissions import can_create_event, can_edit_event
from events.scheduling import RecurrenceError, expand, parse_recurrence
from events.services.registrations import local_start, promote_waiting
from salam.core.types import Person
from salam.library.models import Resource
from salam.notices.services import notify

NOTICE_CANCELLED = "events.changed"  # salam/notices/kinds.py: changed time or cancelled

# Paths under /events/ that an event's slug may not take.
RESERVED_SLUGS = {"agenda", "new", "feeds"}

# A speaker or moderator: a person on the platform, or a guest's name.
PersonRef = Person | str


def _check_editor(actor: Person, event: Event) -> None:
    if not can_edit_event(actor, event):
        raise Forbidden(_("Only the event's organisers may change it."))


def _check_zone(name: str) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise Invalid(_("Unknown time zone: %(zone)s") % {"zone": name}, code="zone") from exc


def _check_dates(start_date: date, end_date: date) -> None:
    if end_date < start_date:
        raise Invalid(_("The last day comes before the first."), code="dates")


def _clean_partners(partners: Sequence[str]) -> list[str]:
    return [" ".join(name.split()) for name in partners if name.strip()]


@transaction.atomic
def create_event(
    *,
    actor: Person,
    title: str,
    slug: str,
    city: str,
    time_zone: str,
    start_date: date,
    end_date: date,
    description: str = "",
    partners: Sequence[str] = (),
    private: bool = False,
) -> Event:
    """A draft event (a `private` one runs at once for the people placed in it, listed
    nowhere); its creator becomes its first organiser."""
    if not can_create_event(actor):
        raise Forbidden(_("Only organisers may create events."))
    slug = slugify(slug)
    if not slug or slug in RESERVED_SLUGS:
        raise Invalid(_("Choose another address for this event."), code="slug")
    if Event.objects.filter(slug=slug).exists():
        raise Invalid(_("An event with this address exists already."), code="taken")
    _check_zone(time_zone)
    _check_dates(start_date, end_date)
    event = Event.objects.create(
        title=title.strip(),
        slug=slug,
        city=city.strip(),
        time_zone=time_zone,
        start_date=start_date,
        end_date=end_date,
        description=description.strip(),
        partners=_clean_partners(partners),
        status=Event.Status.PRIVATE if private else Event.Status.DRAFT,
    )
    event.organisers.add(actor)
    return event


@transaction.atomic
def update_event(
    event: Event,
    *,
    actor: Person,
    title: str,
    city: str,
    time_zone: str,
    start_date: date,
    end_date: date,
    description: str = "",
    partners: Sequence[str] = (),
    organisers: Sequence[Person] | None = None,
) -> Event:
    """Change an event's details; `organisers`, when given, replaces its organisers."""
    _check_editor(actor, event)
    _check_zone(time_zone)
    _check_dates(start_date, end_date)
    event.title, event.city, event.time_zone = title.strip(), city.strip(), time_zone
    event.start_date, event.end_date = start_date, end_date
    event.description, event.partners = description.strip(), _clean_partners(partners)
    event.save()
    if organisers is not None:
        event.organisers.set(organisers)
    return event


@transaction.atomic
def set_related_resources(event: Event, *, actor: Person, resources: Iterable[Resource]) -> Event:
    """The library resources shown on the event's page: `resources` replaces the previous ones."""
    _check_editor(actor, event)
    event.resources.set(list(resources))
    return event


@transaction.atomic
def create_space(
    event: Event,
    *,
    actor: Person,
    name: str,
    kind: str = Space.Kind.HALL,
    capacity: int | None = None,
) -> Space:
    _check_editor(actor, event)
    _check_space(event, name=name, kind=kind, capacity=capacity)
    return Space.objects.create(
        event=event,
        name=name.strip(),
        kind=kind,
        capacity=capacity if kind == Space.Kind.HALL else None,
        position=event.spaces.count(),
    )


@transaction.atomic
def update_space(
    space: Space, *, actor: Person, name: str, kind: str, capacity: int | None
) -> Space:
    _check_editor(actor, space.event)
    _check_space(space.event, name=name, kind=kind, capacity=capacity, exclude=space.pk)
    space.name, space.kind = name.strip(), kind
    space.capacity = capacity if kind == Space.Kind.HALL else None
    space.save()
    return space


def _check_space(
    event: Event, *, name: str, kind: str, capacity: int | None, exclude: int | None = None
) -> None:
    if kind == Space.Kind.HALL and not capacity:
        raise Invalid(_("A hall needs its number of seats."), code="capacity")
    same_name = event.spaces.filter(name=name.strip())
    if exclude is not None:
        same_name = same_name.exclude(pk=exclude)
    if same_name.exists():
        raise Invalid(_("This event has a space of that name already."), code="taken")


@transaction.atomic
def create_track(event: Event, *, actor: Person, name: str, colour: str) -> Track:
    _check_editor(actor, event)
    if event.tracks.filter(name=name.strip()).exists():
        raise Invalid(_("This event has a track of that name already."), code="taken")
    track = Track(event=event, name=name.strip(), colour=colour)
    track.full_clean(exclude=["event"])
    track.save()
    return track


@transaction.atomic
def update_track(track: Track, *, actor: Person, name: str, colour: str) -> Track:
    _check_editor(actor, track.event)
    if track.event.tracks.filter(name=name.strip()).exclude(pk=track.pk).exists():
        raise Invalid(_("This event has a track of that name already."), code="taken")
    track.name, track.colour = name.strip(), colour
    track.full_clean(exclude=["event"])
    track.save()
    return track


@dataclass(frozen=True)
class SessionFields:
    """What an organiser sets on a session; times are aware datetimes."""

    title: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    kind: str = Session.Kind.WORKING
    abstract: str = ""
    track: Track | None = None
    space: Space | None = None
    languages: Sequence[str] = ()
    recurrence: str = ""
    speakers: Sequence[PersonRef] = ()
    moderators: Sequence[PersonRef] = ()


def _check_session(event: Event, fields: SessionFields) -> str:
    """Validate; returns the normalised recurrence rule."""
    if timezone.is_naive(fields.starts_at) or timezone.is_naive(fields.ends_at):
        raise Invalid(_("Session times need a time zone."), code="naive")
    if fields.ends_at <= fields.starts_at:
        raise Invalid(_("A session ends after it starts."), code="times")
    if fields.capacity < 1:
        raise Invalid(_("A session needs at least one seat."), code="capacity")
    if fields.track is not None and fields.track.event_id != event.pk:
        raise Invalid(_("That track belongs to another event."), code="track")
    if fields.space is not None and fields.space.event_id != event.pk:
        raise Invalid(_("That space belongs to another event."), code="space")
    if fields.kind not in Session.Kind.values:
        raise Invalid(_("Unknown kind of session."), code="kind")
    try:
        return parse_recurrence(fields.recurrence)
    except RecurrenceError as exc:
        raise Invalid(str(exc), code="recurrence") from exc


def _set_people(session: Session, fields: SessionFields) -> None:
    session.people.all().delete()
    rows = []
    for role, refs in (
        (SessionPerson.Role.SPEAKER, fields.speakers),
        (SessionPerson.Role.MODERATOR, fields.moderators),
    ):
        for position, ref in enumerate(refs):
            if isinstance(ref, str):
                rows.append(
                    SessionPerson(
                        session=session,
                        role=role,
                        guest_name=" ".join(ref.split()),
                        position=position,
                    )
                )
            else:
                rows.append(SessionPerson(session=session, role=role, user=ref, position=position))
    SessionPerson.objects.bulk_create(rows)


@transaction.atomic
def create_session(event: Event, *, actor: Person, fields: SessionFields) -> Session:
    """A session and its occurrences (one, or one per date of its recurrence)."""
    _check_editor(actor, event)
    rule = _check_session(event, fields)
    session = Session.objects.create(
        event=event,
        title=fields.title.strip(),
        abstract=fields.abstract.strip(),
        kind=fields.kind,
        track=fields.track,
        space=fields.space,
        starts_at=fields.starts_at,
        ends_at=fields.ends_at,
        languages=list(dict.fromkeys(fields.languages)),
        capacity=fields.capacity,
        recurrence=rule,
    )
    _set_people(session, fields)
    times = expand(session.starts_at, session.ends_at, rule=rule, zone=event.zone)
    Occurrence.objects.bulk_create(
        Occurrence(session=session, index=n, starts_at=s, ends_at=e, capacity=session.capacity)
        for n, (s, e) in enumerate(times)
    )
    return session


@transaction.atomic
def update_session(
    session: Session,
    *,
    actor: Person,
    fields: SessionFields,
    now: datetime | None = None,
) -> Session:
    """Change a session and bring its occurrences in line.

    Occurrences are matched by their index in the recurrence and keep their registrations; one
    that moves (start, end or space) gets a higher iCalendar sequence; those the recurrence no
    longer produces are cancelled. A capacity below an occurrence's registered count is refused;
    a higher one seats people from the waiting list.
    """
    event = session.event
    _check_editor(actor, event)
    rule = _check_session(event, fields)
    now = now or timezone.now()
    space_moved = (fields.space.pk if fields.space else None) != session.space_id
    session.title, session.abstract = fields.title.strip(), fields.abstract.strip()
    session.kind, session.track, session.space = fields.kind, fields.track, fields.space
    session.starts_at, session.ends_at = fields.starts_at, fields.ends_at
    session.languages = list(dict.fromkeys(fields.languages))
    session.capacity, session.recurrence = fields.capacity, rule
    session.save()
    _set_people(session, fields)
    times = expand(session.starts_at, session.ends_at, rule=rule, zone=event.zone)
    existing = {o.index: o for o in session.occurrences.select_for_update().order_by("index")}
    for index, (start, end) in enumerate(times):
        occurrence = existing.pop(index, None)
        if occurrence is None:
            Occurrence.objects.create(
                session=session, index=index, starts_at=start, ends_at=end, capacity=fields.capacity
            )
            continue
        if fields.capacity < occurrence.registered_count:
            raise Invalid(
                _("%(count)s people are registered already: keep at least as many seats.")
                % {"count": occurrence.registered_count},
                code="capacity",
            )
        moved = space_moved or (occurrence.starts_at, occurrence.ends_at) != (start, end)
        if moved or occurrence.cancelled_at is not None:
            occurrence.sequence += 1
        occurrence.starts_at, occurrence.ends_at, occurrence.cancelled_at = start, end, None
        occurrence.capacity = fields.capacity
        occurrence.save()
        promote_waiting(occurrence)
    for occurrence in existing.values():
        if occurrence.cancelled_at is None:
            occurrence.cancelled_at = now
            occurrence.sequence += 1
            occurrence.save(update_fields=["cancelled_at", "sequence", "updated_at"])
    return session


@transaction.atomic
def cancel_session(session: Session, *, actor: Person, now: datetime | None = None) -> Session:
    """Cancel a session and its occurrences. The one way a session is cancelled, so the place
    to hook what follows: everyone registered or waiting for a date still to come, and its
    speakers and moderators, get one notice (kind "events.changed") at once, listing the
    dates; the next release does not tell them a second time. Cancelling twice does nothing."""
    _check_editor(actor, session.event)
    now = now or timezone.now()
    session = Session.objects.select_for_update().select_related("event").get(pk=session.pk)
    if session.cancelled_at is not None:
        return session
    session.cancelled_at = now
    session.save(update_fields=["cancelled_at"])
    dropped = []
    for occurrence in session.occurrences.select_for_update().filter(cancelled_at__isnull=True):
        occurrence.cancelled_at = now
        occurrence.sequence += 1
        occurrence.save(update_fields=["cancelled_at", "sequence", "updated_at"])
        if occurrence.ends_at > now:
            dropped.append(occurrence)
    _tell_cancelled(session, dropped, actor=actor)
    return session


def _tell_cancelled(session: Session, occurrences: list[Occurrence], *, actor: Person) -> None:
    if not occurrences:
        return
    dates: dict[int, list[Occurrence]] = {}
    people: dict[int, Person] = {}
    registrations = (
        Registration.objects.filter(
            occurrence__in=occurrences,
            status__in=(Registration.Status.REGISTERED, Registration.Status.WAITING),
        )
        .select_related("user", "occurrence")
        .order_by("occurrence__starts_at", "pk")
    )
    for registration in registrations:
        registration.occurrence.session = session  # for its event's zone, without a query
        dates.setdefault(registration.user_id, []).append(registration.occurrence)
        people[registration.user_id] = registration.user
    every_date = sorted(occurrences, key=lambda o: o.starts_at)
    for person in session.people.filter(user__isnull=False).select_related("user"):
        user = person.user
        if user is not None and user.pk not in people and user.pk != actor.pk:
            dates[user.pk] = every_date
            people[user.pk] = user
    for user_id, when in dates.items():
        notify(
            people[user_id],
            kind=NOTICE_CANCELLED,
            text=functools.partial(_cancelled_text, session, when),
            url=session.get_absolute_url(),
        )


def _cancelled_text(session: Session, occurrences: list[Occurrence]) -> tuple[str, str]:
    dates = "; ".join(local_start(o) for o in occurrences)
    return (
        _("Cancelled: “%(title)s”") % {"title": session.title},
        _("“%(title)s” is cancelled: %(dates)s.") % {"title": session.title, "dates": dates},
    )
