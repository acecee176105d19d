from __future__ import annotations

import functools
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from salam.people.permissions import has_complete_profile


def profile_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Sign-in first, then a complete profile, before the view runs."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not has_complete_profile(request.user):
            messages.info(request, _("Please complete your profile first."))
            return redirect(f"{reverse('people:edit')}?next={request.get_full_path()}")
        return view(request, *args, **kwargs)

    return wrapper
