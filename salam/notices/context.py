"""The bell's unread count, for every page's header (read only when a template shows it)."""

from __future__ import annotations

import functools

from django.http import HttpRequest

from salam.notices.kinds import BROWSER_KINDS
from salam.notices.selectors import unread_count


def bell(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # a callable: the template calls it once, where the bell is drawn
    return {
        "notices_unread": functools.cache(functools.partial(unread_count, user.pk)),
        "notices_browser_kinds": " ".join(BROWSER_KINDS),
    }
