from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from salam.notices import selectors, services


@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    notices = selectors.recent_notices(request.user)
    return render(request, "notices/list.html", {"notices": notices})


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.mark_read(request.user)
    return redirect("notices:list")
