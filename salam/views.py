from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from salam.health import health_report


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


@never_cache
async def healthz(request: HttpRequest) -> JsonResponse:
    ok, report = await health_report()
    return JsonResponse(
        {"status": "ok" if ok else "unavailable", **report}, status=200 if ok else 503
    )
