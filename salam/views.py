from __future__ import annotations

import functools
import json
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import get_language, get_language_bidi, gettext
from django.views.decorators.cache import cache_control, never_cache

from salam.health import health_report


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


@never_cache
async def healthz(request: HttpRequest) -> JsonResponse:
    ok, report = await health_report()
    return JsonResponse(
        {"status": "ok" if ok else "unavailable", **report}, status=200 if ok else 503
    )


@cache_control(max_age=86400, public=True)
def manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest, so the site can be installed on a phone's home screen."""
    icons = [
        {"src": static(f"icons/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
        for size in (192, 512)
    ]
    icons += [
        {
            "src": static("icons/icon-maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
        {"src": static("icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
    ]
    data = {
        "name": settings.SITE_NAME,
        "short_name": settings.SITE_NAME,
        "description": gettext(
            "Café Salam: ordinary people have more in common than what divides them."
        ),
        "lang": get_language() or settings.LANGUAGE_CODE,
        "dir": "rtl" if get_language_bidi() else "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#fbfaf7",
        "theme_color": "#0b6e4f",
        "icons": icons,
    }
    return HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type="application/manifest+json"
    )


@functools.cache
def _favicon() -> bytes:
    return (Path(settings.BASE_DIR) / "static" / "icons" / "favicon.ico").read_bytes()


@cache_control(max_age=86400, public=True)
def favicon(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_favicon(), content_type="image/vnd.microsoft.icon")
