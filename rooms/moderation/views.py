"""The room page's moderator forms `/rooms/<slug>/moderate/` (for people without JavaScript,
too), through the same action table as the room socket."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rooms.errors import RoomError
from rooms.models import Room
from rooms.moderation import actions
from salam.core.http import AuthenticatedHttpRequest
from salam.core.params import int_param


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
