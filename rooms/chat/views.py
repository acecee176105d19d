from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rooms.chat import selectors, services
from rooms.chat.client_strings import room_client_strings
from rooms.chat.forms import RoomForm
from rooms.errors import RoomError
from rooms.models import Room
from rooms.permissions import RoomAccess, is_private, may_assign_moderators, may_manage_rooms
from salam.core.http import AuthenticatedHttpRequest
from salam.core.zones import zone_name
from salam.people.decorators import profile_required
from salam.people.names import name_of


def _access_or_404(request: AuthenticatedHttpRequest, slug: str) -> RoomAccess:
    """Fetch the room and check the person may enter, in one place; 404 hides private rooms."""
    access = selectors.room_access(slug, request.user)
    # Those who know of the room hear why they are kept out; a stranger learns nothing.
    if access is not None and access.membership is not None and access.membership.banned:
        raise PermissionDenied(_("You were removed from this room by a moderator."))
    if access is not None and not access.may_enter and access.room.kind == Room.Kind.SESSION:
        raise PermissionDenied(_("This session's room is for registered people."))
    if access is None or not access.may_enter:
        raise Http404(_("No such room."))
    return access


@profile_required
def room_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    rooms = selectors.rooms_for(request.user, now=timezone.now())
    return render(
        request,
        "rooms/index.html",
        {
            "rooms": rooms,
            "may_create": may_manage_rooms(request.user),
            "unread_label": _("Unread messages: %s"),
        },
    )


@profile_required
def room_detail(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = _access_or_404(request, slug)
    membership = access.membership
    pairing = selectors.pairing_of_room(access.room)
    pinned = selectors.pinned_message(access.room, request.user, moderator=access.is_moderator)
    return render(
        request,
        "rooms/room.html",
        {
            "pairing": pairing,
            "starters": [_(text) for text in pairing.starters] if pairing else [],
            "room": access.room,
            "access": access,
            "may_edit": may_manage_rooms(request.user),
            "may_assign": may_assign_moderators(request.user),
            "room_strings": room_client_strings(),
            "pinned_body": pinned.get("body", "") if pinned and not pinned.get("hidden") else "",
            "room_config": {
                "slug": access.room.slug,
                "title": access.room.title,
                "username": request.user.get_username(),
                "displayName": name_of(request.user),
                # Blank while no zone is known: the browser's own then.
                "timeZone": zone_name() if getattr(request, "zone_source", "") else "",
                "role": access.role,
                "lastReadSeq": membership.last_read_seq if membership else 0,
            },
        },
    )


@profile_required
def unread_counts(request: AuthenticatedHttpRequest) -> JsonResponse:
    """The person's unread messages per room, by slug: the room list keeps its counts live."""
    return JsonResponse({"unread": selectors.unread_counts(request.user)})


@profile_required
@require_POST
def room_join(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    access = _access_or_404(request, slug)
    try:
        services.join_room(access.room, actor=request.user)
    except RoomError as error:
        messages.error(request, error.detail)
        return redirect("rooms:index")
    messages.success(request, _("You joined the room."))
    return redirect(access.room)


@profile_required
def room_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not may_manage_rooms(request.user):
        raise PermissionDenied
    form = RoomForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            room = services.create_room(actor=request.user, **form.cleaned_data)
        except RoomError as error:
            form.add_error("slug", error.detail)
        else:
            messages.success(request, _("The room is created."))
            return redirect(room)
    return render(request, "rooms/form.html", {"form": form, "room": None})


@profile_required
def room_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    if not may_manage_rooms(request.user):
        raise PermissionDenied
    room = selectors.room_by_slug(slug)
    if room is None:
        raise Http404(_("No such room."))
    initial = {k: getattr(room, k) for k in ("title", "topic", "language", "visibility")}
    form = RoomForm(request.POST or None, initial=initial, editing=True, private=is_private(room))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_room(room, actor=request.user, **form.cleaned_data)
        except RoomError as error:
            form.add_error(None, error.detail)
        else:
            messages.success(request, _("The room is saved."))
            return redirect(room)
    return render(request, "rooms/form.html", {"form": form, "room": room})
