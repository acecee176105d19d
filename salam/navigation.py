"""What the header links for the person looking: the role checks live here, not in templates."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from salam.moderation.selectors import may_use_dashboard
from salam.people.permissions import is_editor, is_organiser


def _links(request: HttpRequest) -> dict[str, bool]:
    user = request.user
    signed_in = bool(user.is_authenticated and user.is_active)
    return {
        "notices": signed_in,
        "moderation": signed_in and may_use_dashboard(user),
        "rounds": is_organiser(user),
        "desk": is_editor(user),
    }


def navigation(request: HttpRequest) -> dict[str, object]:
    """`nav.moderation`, `nav.rounds`, `nav.desk`, `nav.notices`: whether the header links each.

    Lazy, so that a response without the header (a feed, a redirect) asks nothing."""
    return {"nav": SimpleLazyObject(lambda: _links(request))}
