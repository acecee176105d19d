"""One place that fetches an event or session for a request and checks who asks."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from events.models import Event, Session
from events.permissions import can_edit_event, can_view_event


def event_for_viewer(request: HttpRequest, slug: str) -> Event:
    """The event, or 404 when it does not exist or is a draft the person may not see."""
    event = get_object_or_404(Event, slug=slug)
    if not can_view_event(request.user, event):
        raise Http404("No such event.")
    return event


def event_for_editor(request: HttpRequest, slug: str) -> Event:
    """The event, or 404 when it does not exist and 403 when the person may not edit it."""
    event = get_object_or_404(Event, slug=slug)
    if not can_edit_event(request.user, event):
        raise PermissionDenied(_("Only the event's organisers may change it."))
    return event


def session_of(event: Event, pk: int) -> Session:
    session = get_object_or_404(
        Session.objects.select_related("event", "track", "space"), pk=pk, event=event
    )
    session.event = event
    return session
