"""The programmes' pages: thin views over the selectors and services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salam.core.http import AuthenticatedHttpRequest, or_404

from . import selectors, services
from .errors import Forbidden, Invalid


def programme_list(request: HttpRequest) -> HttpResponse:
    return render(request, "programmes/list.html", {"programmes": selectors.open_programmes()})


def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = or_404(lambda: selectors.programme_by_slug(slug))
    return render(
        request,
        "programmes/detail.html",
        {"page": selectors.programme_page(programme, request.user)},
    )


@login_required
@require_POST
def apply_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    programme = or_404(lambda: selectors.programme_by_slug(slug))
    try:
        services.apply(
            programme,
            actor=request.user,
            consent=request.POST.get("consent") == "yes",
            now=timezone.now(),
        )
    except Invalid as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("You applied. We will tell you your cohort when it forms."))
    return redirect(programme)


@login_required
@require_POST
def withdraw_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    programme = or_404(lambda: selectors.programme_by_slug(slug))
    try:
        withdrawn = services.withdraw(programme, actor=request.user, now=timezone.now())
    except Invalid as error:
        messages.error(request, str(error))
    else:
        if withdrawn:
            messages.success(request, _("Your application is withdrawn."))
    return redirect(programme)


@login_required
@require_POST
def form_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    programme = or_404(lambda: selectors.programme_by_slug(slug))
    try:
        formation = services.form_programme(programme, actor=request.user, now=timezone.now())
    except Forbidden as error:
        return render(request, "403.html", {"reason": str(error)}, status=403)
    except Invalid as error:
        messages.error(request, str(error))
    else:
        if formation is not None:
            messages.success(
                request,
                _("%(count)s cohorts formed; %(left)s applicants could not be placed.")
                % {"count": len(formation.cohorts), "left": len(formation.not_placed)},
            )
    return redirect(programme)
