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
from django.utils.translation import ngettext
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
    """The profile's zone, else the browser's (the middleware's `tz` cookie), else None."""
    profile = getattr(request.user, "profile", None) if request.user.is_authenticated else None
    try:
        if profile and profile.time_zone:
            return ZoneInfo(profile.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        pass
    return getattr(request, "browser_zone", None)


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


TZ_CHOICE = "events.tz"  # the session key of the schedule's time-zone choice


def _zone_choice(request: HttpRequest) -> str:
    """ "mine" or "event": the choice in the query, remembered for the next visit, else the
    remembered one."""
    asked = request.GET.get("tz")
    if asked in ("mine", "event"):
        if request.session.get(TZ_CHOICE) != asked:
            request.session[TZ_CHOICE] = asked
        return asked
    return str(request.session.get(TZ_CHOICE, "event"))


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """The schedule grid, in the event's time zone or (?tz=mine) the viewer's own; the choice
    is remembered for the person's later visits to any schedule."""
    event = event_for_viewer(request, slug)
    editor = can_edit_event(request.user, event)
    mine = viewer_zone(request)
    choice = _zone_choice(request)
    zone = mine if choice == "mine" and mine else event.zone
    filters = _filters(request.GET)
    schedule = selectors.schedule(
        event, zone=zone, viewer=request.user, show_conflicts=editor, **filters
    )
    form = ScheduleFilterForm(
        request.GET or None,
        initial={"tz": choice},
        tracks=schedule.tracks,
        languages=schedule.languages,
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
            # the list or the grid, as the person chose; unchosen, the screen's width decides
            "view": request.GET.get("view") if request.GET.get("view") in ("list", "grid") else "",
        },
    )


def session_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = event_for_viewer(request, slug)
    session = session_of(event, pk)
    people = selectors.session_people(session)
    occurrences = selectors.session_occurrences(session, viewer=request.user)
    takes_part = request.user.is_authenticated and any(p.user_id == request.user.pk for p in people)
    now = timezone.now()
    upcoming = [
        item
        for item in occurrences
        if item.occurrence.cancelled_at is None and item.occurrence.ends_at > now
    ]
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
            "now": now,
            # the whole series at once: several dates to come, not all of them taken yet
            "offer_series": len(upcoming) > 1
            and not takes_part
            and any(not item.status for item in upcoming),
            "upcoming_count": len(upcoming),
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
def register_series(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    event = event_for_viewer(request, slug)
    session = session_of(event, pk)
    try:
        registrations = services.register_series(session, actor=request.user)
    except EventError as error:
        messages.error(request, error.detail)
    else:
        seated = sum(r.status == r.Status.REGISTERED for r in registrations)
        waiting = len(registrations) - seated
        text = ngettext(
            "You are registered for %(count)d date.",
            "You are registered for %(count)d dates.",
            seated,
        ) % {"count": seated}
        if waiting:
            text += " " + ngettext(
                "%(count)d date is full: you are on its waiting list.",
                "%(count)d dates are full: you are on their waiting lists.",
                waiting,
            ) % {"count": waiting}
        messages.success(request, text)
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
    now = timezone.now()
    entries = selectors.agenda(request.user, now=now)
    feed = selectors.agenda_feed_of(request.user)
    feed_url = request.build_absolute_uri(feed.get_absolute_url()) if feed else ""
    webcal_url = "webcal://" + feed_url.split("://", 1)[1] if feed_url else ""
    return render(
        request,
        "events/agenda.html",
        {
            "entries": entries,
            "feed_url": feed_url,
            "webcal_url": webcal_url,
            "speaking": selectors.speaking(request.user, now=now),
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
