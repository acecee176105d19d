from __future__ import annotations

import functools
import ipaddress
from collections.abc import Sequence

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

    def get_client_ip(self, request: HttpRequest) -> str:
        """The address allauth's rate limits count: X-Forwarded-For only through our proxies."""
        address = client_address(
            request.META.get("REMOTE_ADDR", ""),
            request.headers.get("x-forwarded-for", ""),
            trusted=settings.SALAM_TRUSTED_PROXIES,
        )
        return address or super().get_client_ip(request)

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


@functools.lru_cache(maxsize=8)
def _networks(
    trusted: tuple[str, ...],
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in trusted)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.partition(":")[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def client_address(remote: str, forwarded_for: str, *, trusted: Sequence[str]) -> str | None:
    """The client's address: the connecting one, unless that is a trusted proxy; then the
    X-Forwarded-For hops are read from the nearest, each trusted proxy vouching for the one
    before it, and the first hop that is not a trusted proxy is the client. Whatever a client
    wrote further left is never believed. None when the connecting address is malformed."""
    networks = _networks(tuple(trusted))
    nearest = _address(remote)
    if nearest is None:
        return None

    def is_trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        return any(address in network for network in networks)

    for hop in reversed([hop for hop in forwarded_for.split(",") if hop.strip()]):
        if not is_trusted(nearest):
            break
        address = _address(hop)
        if address is None:  # a proxy wrote nonsense: count the proxy, the last one we know
            break
        nearest = address
    return str(nearest)
