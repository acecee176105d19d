"""Reads for the event pages, feeds and services: each page's data in a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from events.models import (
    AgendaFeed,
    Event,
    Occurrence,
    Registration,
    Session,
    SessionPerson,
    Space,
    Track,
)
from events.scheduling import (
    Conflict,
    ConflictKind,
    Slot,
    SpaceInfo,
    check_schedule,
    clashing_keys,
)
from salam.core.types import AnyUser, Person
from salam.library.models import Resource
from salam.people.permissions import is_organiser

ACTIVE = (Registration.Status.REGISTERED, Registration.Status.WAITING)
WAITING = Registration.Status.WAITING


def upcoming_events(*, now: datetime) -> list[Event]:
    """Published events that have not ended yet, soonest first."""
    candidates = Event.objects.filter(
        status=Event.Status.PUBLISHED, end_date__gte=(now - timedelta(days=1)).date()
    )
    return [event for event in candidates if event.ends_at > now]


def editable_events(user: AnyUser) -> QuerySet[Event]:
    """Every event the person may edit, drafts included."""
    if is_organiser(user):
        return Event.objects.all()
    if not user.is_authenticated:
        return Event.objects.none()
    return Event.objects.filter(organisers=user)


def drafts_of(user: AnyUser) -> QuerySet[Event]:
    """The unpublished events the person may edit (not the private ones: they run)."""
    return editable_events(user).filter(status=Event.Status.DRAFT)


def related_resources(event: Event) -> QuerySet[Resource]:
    """The library resources linked to the event (`Event.resources`), with their organisation."""
    return event.resources.select_related("organisation")


def live_occurrences(event: Event) -> QuerySet[Occurrence]:
    """The event's scheduled (not cancelled) occurrences with their session, space, track and
    people: three queries however many there are."""
    people = SessionPerson.objects.select_related("user__profile")
    return (
        Occurrence.objects.filter(
            session__event=event, cancelled_at__isnull=True, session__cancelled_at__isnull=True
        )
        .select_related("session__event", "session__space", "session__track", "room")
        .prefetch_related(Prefetch("session__people", queryset=people))
        .order_by("starts_at", "session__title", "pk")
    )


def slots_from(occurrences: Iterable[Occurrence]) -> list[Slot]:
    return [
        Slot(
            key=occurrence.pk,
            title=occurrence.session.title,
            start=occurrence.starts_at,
            end=occurrence.ends_at,
            space=occurrence.session.space_id,
            capacity=occurrence.capacity,
            people=frozenset(person.key for person in occurrence.session.people.all()),
        )
        for occurrence in occurrences
    ]


def space_infos(spaces: Iterable[Space]) -> dict[int, SpaceInfo]:
    return {
        space.pk: SpaceInfo(
            name=space.name, capacity=space.capacity if space.kind == Space.Kind.HALL else None
        )
        for space in spaces
    }


def conflicts_of(
    event: Event, occurrences: Sequence[Occurrence], spaces: Iterable[Space]
) -> list[Conflict]:
    return check_schedule(
        slots_from(occurrences),
        spaces=space_infos(spaces),
        window=(event.starts_at, event.ends_at),
    )


@dataclass(frozen=True)
class ConflictView:
    kind: str
    message: str
    keys: tuple


def describe_conflicts(
    conflicts: Iterable[Conflict], occurrences: Iterable[Occurrence], *, zone: ZoneInfo
) -> list[ConflictView]:
    """Each conflict as a sentence naming the sessions, their local times and the person."""
    by_key: dict[Hashable, Occurrence] = {occurrence.pk: occurrence for occurrence in occurrences}
    names = {
        person.key: person.name
        for occurrence in by_key.values()
        for person in occurrence.session.people.all()
    }

    def label(key: Hashable) -> str:
        occurrence = by_key[key]
        start = occurrence.starts_at.astimezone(zone)
        return f"“{occurrence.session.title}” ({start:%Y-%m-%d %H:%M})"

    views = []
    for conflict in conflicts:
        labels = [label(key) for key in conflict.keys]
        if conflict.kind == ConflictKind.SPACE_OVERLAP:
            message = _("%(first)s and %(second)s are in %(space)s at the same time.") % {
                "first": labels[0],
                "second": labels[1],
                "space": conflict.subject,
            }
        elif conflict.kind == ConflictKind.PERSON_DOUBLE_BOOKED:
            message = _("%(person)s is in %(first)s and %(second)s at the same time.") % {
                "person": names.get(conflict.subject, conflict.subject),
                "first": labels[0],
                "second": labels[1],
            }
        elif conflict.kind == ConflictKind.OUTSIDE_EVENT:
            message = _("%(session)s is outside the event's dates.") % {"session": labels[0]}
        else:
            message = _("%(session)s has more seats than %(space)s holds.") % {
                "session": labels[0],
                "space": conflict.subject,
            }
        views.append(ConflictView(kind=str(conflict.kind), message=message, keys=conflict.keys))
    return views


@dataclass
class Row:
    time: time
    cells: list[list[Occurrence]]


@dataclass
class Day:
    date: date
    rows: list[Row] = field(default_factory=list)


@dataclass
class Schedule:
    event: Event
    zone: ZoneInfo
    columns: list[Space | None]
    days: list[Day]
    tracks: list[Track]
    languages: list[str]
    conflicts: list[ConflictView]
    conflict_keys: set[int]
    count: int


def schedule(
    event: Event,
    *,
    zone: ZoneInfo,
    viewer: AnyUser,
    show_conflicts: bool = False,
    track: int | None = None,
    language: str = "",
    kind: str = "",
) -> Schedule:
    """The grid: one table per local day of `zone`, a column per space, a row per start time.

    Six queries whatever the number of sessions: spaces, tracks, occurrences (with session,
    space, track, room), their people (with users and profiles), and the viewer's registrations.
    """
    spaces = list(event.spaces.all())
    tracks = list(event.tracks.all())
    occurrences = list(live_occurrences(event))
    conflicts: list[ConflictView] = []
    if show_conflicts:
        conflicts = describe_conflicts(
            conflicts_of(event, occurrences, spaces), occurrences, zone=zone
        )
    languages = sorted({code for o in occurrences for code in o.session.languages})
    shown = [
        o
        for o in occurrences
        if (track is None or o.session.track_id == track)
        and (not language or language in o.session.languages)
        and (not kind or o.session.kind == kind)
    ]
    columns: list[Space | None] = list(spaces)
    if any(o.session.space_id is None for o in shown):
        columns.append(None)
    index = {(space.pk if space else None): n for n, space in enumerate(columns)}
    cells: dict[date, dict[time, list[list[Occurrence]]]] = defaultdict(dict)
    for occurrence in shown:
        local = occurrence.starts_at.astimezone(zone)
        row = cells[local.date()].setdefault(local.time(), [[] for _ in columns])
        row[index[occurrence.session.space_id]].append(occurrence)
    days = [
        Day(date=day, rows=[Row(time=t, cells=c) for t, c in sorted(cells[day].items())])
        for day in sorted(cells)
    ]
    mine: dict[int, str] = {}
    if viewer.is_authenticated:
        mine = dict(
            Registration.objects.filter(
                user=viewer, status__in=ACTIVE, occurrence__session__event=event
            ).values_list("occurrence_id", "status")
        )
    for occurrence in shown:
        occurrence.viewer_status = mine.get(occurrence.pk, "")
    return Schedule(
        event=event,
        zone=zone,
        columns=columns,
        days=days,
        tracks=tracks,
        languages=languages,
        conflicts=conflicts,
        conflict_keys={key for c in conflicts for key in c.keys},
        count=len(shown),
    )


@dataclass
class OccurrenceView:
    occurrence: Occurrence
    status: str  # the viewer's registration status, "" when none
    waiting_position: int | None


def session_occurrences(session: Session, *, viewer: AnyUser) -> list[OccurrenceView]:
    """The session's occurrences with the viewer's registration and place on the waiting list."""
    occurrences = list(session.occurrences.select_related("room").order_by("starts_at"))
    mine: dict[int, Registration] = {}
    if viewer.is_authenticated:
        mine = {
            r.occurrence_id: r
            for r in Registration.objects.filter(
                user=viewer, occurrence__session=session, status__in=ACTIVE
            )
        }
    views = []
    for occurrence in occurrences:
        registration = mine.get(occurrence.pk)
        position = None
        if registration is not None and registration.status == Registration.Status.WAITING:
            position = Registration.objects.filter(
                occurrence=occurrence,
                status=Registration.Status.WAITING,
                ticket__lte=registration.ticket,
            ).count()
        views.append(
            OccurrenceView(
                occurrence=occurrence,
                status=registration.status if registration else "",
                waiting_position=position,
            )
        )
    return views


@dataclass
class AgendaEntry:
    occurrence: Occurrence
    status: str
    clashes: bool


def agenda(user: Person, *, now: datetime) -> list[AgendaEntry]:
    """The person's registrations (seat or waiting list) that have not ended, clashes marked."""
    registrations = list(
        Registration.objects.filter(
            user=user,
            status__in=ACTIVE,
            occurrence__ends_at__gt=now,
            occurrence__cancelled_at__isnull=True,
            occurrence__session__cancelled_at__isnull=True,
        )
        .select_related(
            "occurrence__session__event", "occurrence__session__space", "occurrence__room"
        )
        .order_by("occurrence__starts_at")
    )
    clashes = clashing_keys(
        Slot(key=r.occurrence_id, title="", start=r.occurrence.starts_at, end=r.occurrence.ends_at)
        for r in registrations
    )
    return [
        AgendaEntry(occurrence=r.occurrence, status=r.status, clashes=r.occurrence_id in clashes)
        for r in registrations
    ]


def feed_occurrences(
    *, event: Event | None = None, user: Person | None = None, session: Session | None = None
) -> list[Occurrence]:
    """Occurrences for a calendar feed, cancelled ones included so subscribers drop them."""
    query = Q()
    if event is not None:
        query &= Q(session__event=event)
    if session is not None:
        query &= Q(session=session)
    if user is not None:
        query &= Q(registrations__user=user, registrations__status__in=ACTIVE)
    return list(
        Occurrence.objects.filter(query)
        .select_related("session__event", "session__space", "session__track")
        .order_by("starts_at", "pk")
        .distinct()
    )


def registered_users(occurrence: Occurrence) -> QuerySet:
    return get_user_model().objects.filter(
        event_registrations__occurrence=occurrence,
        event_registrations__status=Registration.Status.REGISTERED,
    )


def session_people(session: Session) -> list[SessionPerson]:
    """The session's speakers and moderators, with their profiles."""
    return list(session.people.select_related("user__profile"))


def occurrence_of(session: Session, pk: int) -> Occurrence:
    """One occurrence of the session (Occurrence.DoesNotExist when it is not the session's)."""
    return Occurrence.objects.get(pk=pk, session=session)


def agenda_feed_of(user: Person) -> AgendaFeed | None:
    return AgendaFeed.objects.filter(user=user).first()


def served_agenda_feed(token: str) -> AgendaFeed | None:
    """The feed this token opens, while its owner's account is active (None otherwise)."""
    feeds = AgendaFeed.objects.select_related("user")
    return feeds.filter(token=token, user__is_active=True).first()


def space_of(event: Event, pk: int) -> Space:
    return Space.objects.get(pk=pk, event=event)


def track_of(event: Event, pk: int) -> Track:
    return Track.objects.get(pk=pk, event=event)


@dataclass
class SpeakerEntry:
    occurrence: Occurrence
    role: str  # SessionPerson.Role: speaker or moderator
    waiting: int


def speaking(user: Person, *, now: datetime) -> list[SpeakerEntry]:
    """The dates still to come of the sessions the person speaks at or moderates, with how
    many are registered (on the occurrence) and waiting: the speaker's view."""
    roles = dict(
        SessionPerson.objects.filter(user=user).values_list("session_id", "role").order_by("role")
    )
    occurrences = (
        Occurrence.objects.filter(
            session_id__in=roles, ends_at__gt=now, session__cancelled_at__isnull=True
        )
        .select_related("session__event", "session__space", "room")
        .annotate(waiting=Count("registrations", filter=Q(registrations__status=WAITING)))
        .order_by("starts_at", "pk")
    )
    return [
        SpeakerEntry(occurrence=o, role=roles[o.session_id], waiting=o.waiting) for o in occurrences
    ]


def people_told(session: Session) -> int:
    """How many people a cancellation would tell: registered or waiting for a date to come."""
    return (
        Registration.objects.filter(
            occurrence__session=session,
            occurrence__cancelled_at__isnull=True,
            status__in=ACTIVE,
        )
        .values("user")
        .distinct()
        .count()
    )
