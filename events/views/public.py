"""Pages everyone sees: upcoming events, a schedule, a session, one's agenda."""

from __future__ import annotations

from typing import TypedDict
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import selectors, services
from events.errors import EventError
from events.forms import ScheduleFilterForm
from events.models import Occurrence, Session
from events.permissions import can_create_event, can_edit_event, can_register
from events.views.access import event_for_viewer, session_of
from salam.core.http import AuthenticatedHttpRequest
from salam.core.params import text_param


def index(request: HttpRequest) -> HttpResponse:
    events = selectors.upcoming_events(now=timezone.now())
    drafts = selectors.drafts_of(request.user) if request.user.is_authenticated else []
    return render(
        request,
        "events/index.html",
        {"events": events, "drafts": drafts, "can_create": can_create_event(request.user)},
    )


def viewer_zone(request: HttpRequest) -> ZoneInfo | None:
    profile = getattr(request.user, "profile", None) if request.user.is_authenticated else None
    try:
        return ZoneInfo(profile.time_zone) if profile and profile.time_zone else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


class ScheduleFilters(TypedDict):
    """What the query string narrows the schedule to (keywords of `selectors.schedule`)."""

    track: int | None
    language: str
    kind: str


def _filters(query: QueryDict) -> ScheduleFilters:
    track = text_param(query.get("track"))
    kind = text_param(query.get("kind"))
    return {
        "track": int(track) if track.isdigit() else None,
        "language": text_param(query.get("language"), max_length=8),
        "kind": kind if kind in Session.Kind.values else "",
    }


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The schedule grid, in the event's time zone or (?tz=mine) the viewer's own."""
    event = event_for_viewer(request, slug)
    editor = can_edit_event(request.user, event)
    mine = viewer_zone(request)
    zone = mine if request.GET.get("tz") == "mine" and mine else event.zone
    filters = _filters(request.GET)
    schedule = selectors.schedule(
        event, zone=zone, viewer=request.user, show_conflicts=editor, **filters
    )
    form = ScheduleFilterForm(
        request.GET or None, tracks=schedule.tracks, languages=schedule.languages
    )
    if mine is None:
        del form.fields["tz"]
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "schedule": schedule,
            "form": form,
            "editor": editor,
            "zone_name": str(zone),
            "own_zone": mine is not None and zone is mine,
            "related_resources": selectors.related_resources(event),
        },
    )


def session_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = event_for_viewer(request, slug)
    session = session_of(event, pk)
    people = selectors.session_people(session)
    occurrences = selectors.session_occurrences(session, viewer=request.user)
    takes_part = request.user.is_authenticated and any(p.user_id == request.user.pk for p in people)
    return render(
        request,
        "events/session_detail.html",
        {
            "event": event,
            "session": session,
            "speakers": [p for p in people if p.role == "speaker"],
            "moderators": [p for p in people if p.role == "moderator"],
            "occurrences": occurrences,
            "takes_part": takes_part,
            "can_register": can_register(request.user, event),
            "editor": can_edit_event(request.user, event),
            "now": timezone.now(),
        },
    )


def _occurrence(request: HttpRequest, slug: str, pk: int, occurrence: int) -> Occurrence:
    event = event_for_viewer(request, slug)
    session = session_of(event, pk)
    try:
        return selectors.occurrence_of(session, occurrence)
    except Occurrence.DoesNotExist as exc:
        raise Http404 from exc


@login_required
@require_POST
def register(
    request: AuthenticatedHttpRequest, slug: str, pk: int, occurrence: int
) -> HttpResponse:
    target = _occurrence(request, slug, pk, occurrence)
    try:
        registration = services.register(target, actor=request.user)
    except EventError as error:
        messages.error(request, error.detail)
    else:
        if registration.status == registration.Status.REGISTERED:
            messages.success(request, _("You are registered."))
        else:
            messages.info(request, _("The session is full: you are on the waiting list."))
    return redirect("events:session", slug=slug, pk=pk)


@login_required
@require_POST
def unregister(
    request: AuthenticatedHttpRequest, slug: str, pk: int, occurrence: int
) -> HttpResponse:
    target = _occurrence(request, slug, pk, occurrence)
    try:
        services.cancel_registration(target, actor=request.user)
    except EventError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, _("Your registration is cancelled."))
    return redirect("events:session", slug=slug, pk=pk)


@login_required
def agenda(request: AuthenticatedHttpRequest) -> HttpResponse:
    entries = selectors.agenda(request.user, now=timezone.now())
    feed = selectors.agenda_feed_of(request.user)
    feed_url = request.build_absolute_uri(feed.get_absolute_url()) if feed else ""
    return render(
        request,
        "events/agenda.html",
        {
            "entries": entries,
            "feed_url": feed_url,
            "zone": viewer_zone(request) or ZoneInfo("UTC"),
        },
    )


@login_required
@require_POST
def agenda_feed_issue(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.issue_agenda_feed(actor=request.user)
    messages.success(request, _("Your private calendar address is ready; any older one is off."))
    return redirect("events:agenda")


@login_required
@require_POST
def agenda_feed_revoke(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.revoke_agenda_feed(actor=request.user)
    messages.success(request, _("Your private calendar address no longer works."))
    return redirect("events:agenda")
