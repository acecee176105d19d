from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.urls import reverse

from salam.people import services
from salam.people.permissions import has_complete_profile


class AccountAdapter(DefaultAccountAdapter):
    """Gives every new account its profile, and leads it to complete that profile."""

    def save_user(self, request: HttpRequest, user, form, commit: bool = True):
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            services.register_person(user)
        return user

    def logout(self, request: HttpRequest) -> None:
        user, session_key = request.user, request.session.session_key
        super().logout(request)
        if user.is_authenticated:
            services.end_login(user, session_key=session_key)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        if not has_complete_profile(request.user):
            return reverse("people:edit")
        return super().get_login_redirect_url(request)

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        return reverse("people:edit")
