"""The iCalendar feeds: an event's whole schedule, and a person's agenda by private token."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone

from events import selectors
from events.feeds import build_calendar
from events.views.access import event_for_viewer, session_of


def _ics(request: HttpRequest, body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def event_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for_viewer(request, slug)
    body = build_calendar(
        selectors.feed_occurrences(event=event),
        name=event.title,
        base_url=request.build_absolute_uri("/").rstrip("/"),
        stamp=timezone.now(),
    )
    return _ics(request, body, f"{event.slug}.ics")


def session_calendar(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """ "Add to calendar": one .ics with the session's dates (cancelled ones marked so)."""
    event = event_for_viewer(request, slug)
    session = session_of(event, pk)
    body = build_calendar(
        selectors.feed_occurrences(session=session),
        name=session.title,
        base_url=request.build_absolute_uri("/").rstrip("/"),
        stamp=timezone.now(),
    )
    response = _ics(request, body, f"{event.slug}-{session.pk}.ics")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-{session.pk}.ics"'
    return response


def agenda_calendar(request: HttpRequest, token: str) -> HttpResponse:
    """No sign-in: the token is the key, and issuing a new one, revoking it or deactivating
    the account turns this off."""
    feed = selectors.served_agenda_feed(token)
    if feed is None:
        raise Http404
    body = build_calendar(
        selectors.feed_occurrences(user=feed.user),
        name="Café Salam agenda",
        base_url=request.build_absolute_uri("/").rstrip("/"),
        stamp=timezone.now(),
    )
    return _ics(request, body, "agenda.ics")
