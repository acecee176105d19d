from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from salam.core.http import AuthenticatedHttpRequest
from salam.notices import selectors, services


@login_required
def notice_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    notices = selectors.recent_notices(request.user)
    return render(request, "notices/list.html", {"notices": notices})


@login_required
@require_POST
def mark_all_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.mark_read(request.user)
    return redirect("notices:list")
