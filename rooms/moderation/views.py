"""The room page's moderator forms `/rooms/<slug>/moderate/` (for people without JavaScript,
too), through the same action table as the room socket; and the reported context of a private
room's report `/rooms/reports/<id>/context/`, read on the record."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rooms.errors import RoomError
from rooms.models import Room
from rooms.moderation import actions, services
from salam.core.http import AuthenticatedHttpRequest
from salam.core.params import int_param
from salam.moderation import selectors as moderation_selectors


@login_required
@require_POST
def room_moderate(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    room = get_object_or_404(Room, slug=slug)
    fields = {
        # each field's last value, as `items()` gives it (typed: a posted list is never empty)
        name: int_param(values[-1], None) if name in actions.NUMBER_FIELDS else values[-1]
        for name, values in request.POST.lists()
        if name not in {"action", "csrfmiddlewaretoken"}
    }
    try:
        actions.perform(
            room, actor=request.user, action=request.POST.get("action", ""), fields=fields
        )
        messages.success(request, _("Done."))
    except RoomError as error:
        messages.error(request, error.detail)
    return redirect(room)


@login_required
def report_context(request: AuthenticatedHttpRequest, report_id: int) -> HttpResponse:
    """The lines around a reported message, for a moderator who handles the report; reading
    them is recorded in the audit log. To anyone else the report does not exist."""
    scope = moderation_selectors.scope_of(request.user)
    report = moderation_selectors.report_in_scope(scope, report_id)
    if report is None:
        raise Http404
    try:
        context = services.read_report_context(report, actor=request.user)
    except RoomError as error:
        raise Http404(error.detail) from error
    return render(request, "rooms/report_context.html", {"report": report, "context": context})
