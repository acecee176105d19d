"""The moderation dashboard `/rooms/moderation/` and its one-click actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rooms.errors import RoomError
from rooms.models import BlockedTerm, Report, Room
from rooms.moderation import reports as report_services
from rooms.moderation import safety as safety_services
from rooms.moderation import selectors
from rooms.moderation import services as moderation_services

QUICK_MUTE_MINUTES = 60


def _dashboard_user(request: HttpRequest) -> None:
    if not selectors.may_use_dashboard(request.user):
        raise PermissionDenied


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    _dashboard_user(request)
    room_slug, person = request.GET.get("room", ""), request.GET.get("person", "")
    audit = Paginator(selectors.audit_log(request.user, room_slug=room_slug, person=person), 50)
    rooms = selectors.moderated_rooms(request.user)
    terms = BlockedTerm.objects.filter(room__in=rooms) | BlockedTerm.objects.filter(
        room__isnull=True
    )
    return render(
        request,
        "rooms/moderation.html",
        {
            "reports": selectors.open_reports(request.user),
            "rooms": selectors.rooms_with_online(request.user, now=timezone.now()),
            "audit": audit.get_page(request.GET.get("page")),
            "filters": {"room": room_slug, "person": person},
            "terms": terms.select_related("room").order_by("term"),
            "term_modes": BlockedTerm.Mode.choices,
        },
    )


@login_required
@require_POST
def report_action(request: HttpRequest, report_id: int) -> HttpResponse:
    """dismiss, delete, mute or ban from a report, in one click."""
    _dashboard_user(request)
    report = get_object_or_404(
        Report.objects.select_related("room", "message", "subject"), pk=report_id
    )
    action = request.POST.get("action")
    try:
        if action == "dismiss":
            report_services.resolve_report(
                report, actor=request.user, status=Report.Status.DISMISSED
            )
        elif report.room is None or report.subject is None:
            raise RoomError(_("This report has no room action; dismiss it or act on the page."))
        else:
            _act_on_report(request, report, action)
            report_services.resolve_report(
                report, actor=request.user, status=Report.Status.ACTIONED
            )
    except RoomError as error:
        messages.error(request, error.detail)
    return redirect("rooms:moderation")


def _act_on_report(request: HttpRequest, report: Report, action: str | None) -> None:
    room, username = report.room, report.subject.get_username()
    reason = _("Report %(id)d: %(reason)s") % {"id": report.pk, "reason": report.reason}
    if action == "delete" and report.message is not None:
        moderation_services.delete_message(
            room, actor=request.user, seq=report.message.seq, reason=reason
        )
    elif action == "mute":
        moderation_services.mute_member(
            room, actor=request.user, username=username, minutes=QUICK_MUTE_MINUTES, reason=reason
        )
    elif action == "ban":
        moderation_services.ban_member(room, actor=request.user, username=username, reason=reason)
    else:
        raise RoomError(_("Unknown action."))


@login_required
@require_POST
def term_add(request: HttpRequest) -> HttpResponse:
    _dashboard_user(request)
    slug = request.POST.get("room", "")
    room = get_object_or_404(Room, slug=slug) if slug else None
    try:
        safety_services.add_blocked_term(
            actor=request.user,
            room=room,
            term=request.POST.get("term", ""),
            mode=request.POST.get("mode", ""),
        )
    except RoomError as error:
        messages.error(request, error.detail)
    return redirect("rooms:moderation")


@login_required
@require_POST
def term_remove(request: HttpRequest, term_id: int) -> HttpResponse:
    _dashboard_user(request)
    try:
        safety_services.remove_blocked_term(
            actor=request.user, blocked_term=get_object_or_404(BlockedTerm, pk=term_id)
        )
    except RoomError as error:
        messages.error(request, error.detail)
    return redirect("rooms:moderation")


@login_required
@require_POST
def room_moderate(request: HttpRequest, slug: str) -> HttpResponse:
    """The room page's moderator forms (for people without JavaScript, too)."""
    room = get_object_or_404(Room, slug=slug)
    post = request.POST
    username, reason = post.get("username", ""), post.get("reason", "")
    actions = {
        "mute": lambda: moderation_services.mute_member(
            room,
            actor=request.user,
            username=username,
            minutes=_int(post.get("minutes")),
            reason=reason,
        ),
        "unmute": lambda: moderation_services.unmute_member(
            room, actor=request.user, username=username
        ),
        "kick": lambda: moderation_services.kick_member(
            room, actor=request.user, username=username, reason=reason
        ),
        "ban": lambda: moderation_services.ban_member(
            room, actor=request.user, username=username, reason=reason
        ),
        "unban": lambda: moderation_services.unban_member(
            room, actor=request.user, username=username
        ),
        "lock": lambda: moderation_services.set_locked(
            room, actor=request.user, locked=True, reason=reason
        ),
        "unlock": lambda: moderation_services.set_locked(room, actor=request.user, locked=False),
        "slow_mode": lambda: moderation_services.set_slow_mode(
            room, actor=request.user, seconds=_int(post.get("seconds"))
        ),
        "assign": lambda: moderation_services.assign_moderator(
            room, actor=request.user, username=username
        ),
    }
    action = actions.get(post.get("action", ""))
    try:
        if action is None:
            raise RoomError(_("Unknown action."))
        action()
        messages.success(request, _("Done."))
    except RoomError as error:
        messages.error(request, error.detail)
    return redirect(room)


@login_required
@require_POST
def block(request: HttpRequest) -> HttpResponse:
    username = request.POST.get("username", "")
    try:
        if request.POST.get("undo"):
            safety_services.unblock_person(blocker=request.user, username=username)
        else:
            safety_services.block_person(blocker=request.user, username=username)
            messages.success(request, _("You will no longer see %(name)s.") % {"name": username})
    except RoomError as error:
        messages.error(request, error.detail)
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        return redirect(next_url)
    return redirect("rooms:index")


def _int(value: str | None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return None
