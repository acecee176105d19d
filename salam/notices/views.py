from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salam.core.http import AuthenticatedHttpRequest, or_404
from salam.notices import selectors, services
from salam.notices.forms import PreferencesForm
from salam.notices.kinds import BROWSER_KINDS, kind_of
from salam.notices.tokens import read_unsubscribe_token


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@login_required
def notice_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    notices = selectors.recent_notices(request.user)
    return render(request, "notices/list.html", {"notices": notices})


@login_required
def panel(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The bell's dropdown: the latest notices, as a fragment the bell puts in its panel."""
    notices = selectors.recent_notices(request.user, limit=selectors.PANEL_LENGTH)
    return render(
        request,
        "notices/_panel.html",
        {"notices": notices, "unread": selectors.unread_count(request.user)},
    )


@login_required
def unread(request: AuthenticatedHttpRequest) -> HttpResponse:
    return JsonResponse({"unread": selectors.unread_count(request.user)})


@login_required
@require_POST
def mark_all_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    changed = services.mark_read(request.user)
    if _wants_json(request):
        return JsonResponse({"changed": changed, "unread": selectors.unread_count(request.user)})
    messages.success(request, _("All your notices are marked read."))
    return redirect("notices:list")


@login_required
@require_POST
def mark_one_read(request: AuthenticatedHttpRequest, notice_id: int) -> HttpResponse:
    or_404(lambda: services.open_notice(request.user, notice_id=notice_id))
    if _wants_json(request):
        return JsonResponse({"unread": selectors.unread_count(request.user)})
    return redirect("notices:list")


@login_required
def open_notice(request: AuthenticatedHttpRequest, notice_id: int) -> HttpResponse:
    """Follow a notice's link, marking it read on the way."""
    notice = or_404(lambda: services.open_notice(request.user, notice_id=notice_id))
    safe = url_has_allowed_host_and_scheme(
        notice.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return redirect(notice.url if notice.url and safe else "notices:list")


@login_required
def preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    current = selectors.deliveries_of(request.user)
    settings = selectors.settings_of(request.user)
    form = PreferencesForm(
        request.POST or None,
        deliveries={code: str(value) for code, value in current.items()},
        initial={"private_email": settings.private_email},
    )
    if request.method == "POST" and form.is_valid():
        services.set_preferences(
            request.user,
            deliveries=form.deliveries(),
            private_email=form.cleaned_data["private_email"],
        )
        messages.success(request, _("Your notice preferences are saved."))
        return redirect("notices:preferences")
    return render(
        request,
        "notices/preferences.html",
        {"form": form, "browser_kinds": [kind_of(code) for code in BROWSER_KINDS]},
        status=400 if form.is_bound else 200,
    )


def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The mail's link: works without signing in. GET asks, POST stops the mails (so a mail
    scanner that follows links changes nothing)."""
    try:
        target = read_unsubscribe_token(token)
    except signing.BadSignature:
        return render(request, "notices/unsubscribe.html", {"invalid": True}, status=400)
    kind = kind_of(target.kind)
    if kind is None:
        return render(request, "notices/unsubscribe.html", {"invalid": True}, status=400)
    done = False
    if request.method == "POST":
        if services.unsubscribe(user_id=target.user_id, kind=target.kind) is None:
            return render(request, "notices/unsubscribe.html", {"invalid": True}, status=400)
        done = True
    return render(request, "notices/unsubscribe.html", {"kind": kind, "done": done})
