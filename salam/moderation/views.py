"""The moderation dashboard `/moderation/`, its one-click actions, blocked terms and blocks."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salam.core.errors import DomainError
from salam.core.http import AuthenticatedHttpRequest
from salam.core.params import int_param, text_param
from salam.moderation import registry, selectors, services
from salam.moderation.models import BlockedTerm
from salam.moderation.registry import Scope

AUDIT_PAGE = 50


def _attempt(request: HttpRequest, service: Callable[..., object], **arguments: object) -> bool:
    """Call the service; a refusal becomes a message on the next page."""
    try:
        service(actor=request.user, **arguments)
    except DomainError as error:
        messages.error(request, error.detail)
        return False
    return True


def _moderator_scope(request: HttpRequest) -> Scope:
    scope = selectors.scope_of(request.user)
    if not scope.any:
        raise PermissionDenied
    return scope


def _live_context(request: AuthenticatedHttpRequest, scope: Scope) -> dict:
    """What the dashboard's live part shows: open reports, the panels, the audit log."""
    place, person = text_param(request.GET.get("room")), text_param(request.GET.get("person"))
    audit = Paginator(selectors.audit_log(scope, place=place, person=person), AUDIT_PAGE)
    now = timezone.now()
    panels = [
        {"template": panel.template, **panel.context(request.user, scope, now)}
        for panel in registry.panels()
    ]
    return {
        "reports": selectors.open_reports(scope),
        "panels": panels,
        "audit": audit.get_page(int_param(request.GET.get("page"), 1)),
        "filters": {"room": place, "person": person},
    }


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    scope = _moderator_scope(request)
    return render(
        request,
        "moderation/dashboard.html",
        {
            **_live_context(request, scope),
            "places": sorted(scope.places.values(), key=lambda p: p.title.casefold()),
            "everything": scope.everything,
            "terms": selectors.blocked_terms(scope),
            "term_modes": BlockedTerm.Mode.choices,
        },
    )


@login_required
def live(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The dashboard's live part alone, which moderation.js puts in place on each event."""
    scope = _moderator_scope(request)
    return render(request, "moderation/_live.html", _live_context(request, scope))


@login_required
@require_POST
def report_action(request: AuthenticatedHttpRequest, report_id: int) -> HttpResponse:
    """Dismiss, or act as the report's kind offers (delete, mute, hide...), in one click."""
    scope = _moderator_scope(request)
    report = selectors.report_in_scope(scope, report_id)
    if report is None:
        raise Http404
    done = _attempt(
        request, services.act_on_report, report=report, action=request.POST.get("action", "")
    )
    if request.headers.get("X-Requested-With") == "fetch":  # moderation.js: stay in place
        return _messages_as_json(request, done)
    if done:
        messages.success(request, _("The report is dealt with."))
    return redirect("moderation:dashboard")


def _messages_as_json(request: HttpRequest, done: bool) -> JsonResponse:
    """The outcome of an action taken in place: whether it was done, and what to say."""
    said = [str(message) for message in messages.get_messages(request)]
    return JsonResponse({"ok": done, "messages": said}, status=200 if done else 400)


@login_required
@require_POST
def term_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    _moderator_scope(request)
    added = _attempt(
        request,
        services.add_blocked_term,
        context=text_param(request.POST.get("context")),
        term=text_param(request.POST.get("term")),
        mode=request.POST.get("mode", ""),
    )
    if added:
        messages.success(request, _("The term is blocked."))
    return redirect("moderation:dashboard")


@login_required
@require_POST
def term_remove(request: AuthenticatedHttpRequest, term_id: int) -> HttpResponse:
    scope = _moderator_scope(request)
    term = selectors.blocked_term(scope, term_id)
    if term is None:
        raise Http404
    if _attempt(request, services.remove_blocked_term, blocked_term=term):
        messages.success(request, _("The term is no longer blocked."))
    return redirect("moderation:dashboard")


@login_required
def blocks(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The people this person blocked, each with Unblock."""
    return render(request, "moderation/blocks.html", {"blocks": selectors.blocks_of(request.user)})


@login_required
@require_POST
def block(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Block (or, with `undo`, unblock) a person, then back to `next` on this site."""
    username = request.POST.get("username", "")
    try:
        if request.POST.get("undo"):
            if services.unblock_person(blocker=request.user, username=username):
                messages.success(request, _("You see %(name)s again.") % {"name": username})
        else:
            services.block_person(blocker=request.user, username=username)
            messages.success(request, _("You will no longer see %(name)s.") % {"name": username})
    except DomainError as error:
        messages.error(request, error.detail)
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        return redirect(next_url)
    return redirect("home")
