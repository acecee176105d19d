from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.encoding import force_str

from salam.core.mail import public_site, send_later
from salam.people import services
from salam.people.permissions import has_complete_profile


class AccountAdapter(DefaultAccountAdapter):
    """Gives every new account its profile, and leads it to complete that profile; its mails
    speak in the site's name and leave through the job engine."""

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

    def format_email_subject(self, subject: str) -> str:
        return f"[{settings.SITE_NAME}] {force_str(subject)}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render in the request (its language, its links), send from a job."""
        mail_context = {
            "request": allauth_context.request,
            "email": email,
            **context,
            "current_site": public_site(),
        }
        send_later(self.render_mail(template_prefix, email, mail_context))
