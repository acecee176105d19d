"""The viewer's time zone and languages, activated for each request.

The zone is the profile's when the person chose one, else the browser's: `static/js/zone.js`
puts `Intl.DateTimeFormat().resolvedOptions().timeZone` in the `tz` cookie, and a cookie
naming no real zone is ignored. `request.zone_source` says which ("profile", "browser", or
"" for none: UTC then) so that the page can ask the browser once when it knows none.

A signed-in person's UI language is the one on their profile when they chose one (by the
header's switch or on their profile), whatever the browser says: it follows them from device
to device after sign-in, and the language cookie is set to it so that the pages they see after
signing out stay in it."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from salam.core import locality
from salam.core.zones import zone_named
from salam.people.selectors import site_language

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
        preferred = site_language(profile.ui_language) if profile is not None else None
        if preferred is not None and preferred != translation.get_language():
            translation.activate(preferred)
            request.LANGUAGE_CODE = preferred
        try:
            response = self.get_response(request)
            cookie = settings.LANGUAGE_COOKIE_NAME
            # not over a cookie the response sets: the switch just chose another language
            if (
                preferred is not None
                and request.COOKIES.get(cookie) != preferred
                and cookie not in response.cookies
            ):
                _set_language_cookie(response, preferred)
            return response
        finally:
            timezone.deactivate()
            locality.deactivate()


def _set_language_cookie(response: HttpResponse, language: str) -> None:
    """As Django's set_language sets it."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
