"""The viewer's time zone and languages, activated for each request.

The zone is the profile's when the person chose one, else the browser's: `static/js/zone.js`
puts `Intl.DateTimeFormat().resolvedOptions().timeZone` in the `tz` cookie, and a cookie
naming no real zone is ignored. `request.zone_source` says which ("profile", "browser", or
"" for none: UTC then) so that the page can ask the browser once when it knows none."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from salam.core import locality
from salam.core.zones import zone_named

ZONE_COOKIE = "tz"


class ViewerLocalityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        profile = None
        if request.user.is_authenticated:
            profile = getattr(request.user, "profile", None)
        browser_zone = zone_named(unquote(request.COOKIES.get(ZONE_COOKIE, "")))
        profile_zone = zone_named(profile.time_zone) if profile is not None else None
        zone = profile_zone or browser_zone
        request.browser_zone = browser_zone  # type: ignore[attr-defined]
        request.zone_source = (  # type: ignore[attr-defined]
            "profile" if profile_zone else "browser" if browser_zone else ""
        )
        languages = list(profile.languages) if profile is not None else []
        if zone is not None:
            timezone.activate(zone)
        else:
            timezone.deactivate()
        locality.activate(languages=languages, browser_zone=browser_zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
            locality.deactivate()
