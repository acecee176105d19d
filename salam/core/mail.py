"""Every mail the site sends leaves through here, as a job: a request never waits on SMTP.

`send_later(message)` enqueues the `send_email` job once the current transaction commits. The job
sends; when the send fails (SMTP refused, timed out, unreachable) it enqueues itself again after
`EMAIL_RETRY_BACKOFF_SECONDS` × 1, 2, 4, ... up to `EMAIL_RETRY_ATTEMPTS` attempts in all, and the
last failure is logged at ERROR and recorded as a failed job. django-tasks has no retry of its own,
so the attempt count travels in the job's arguments.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PublicSite:
    """What mails call the site (allauth's templates read `current_site.name` and `.domain`)."""

    name: str
    domain: str


def public_site() -> PublicSite:
    return PublicSite(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


def absolute_url(path: str) -> str:
    """`/events/x/` on the site's public address (`SITE_URL`); a full URL stays as it is."""
    if not path or urlsplit(path).scheme:
        return path
    return urljoin(f"{settings.SITE_URL}/", path.lstrip("/"))


def send_later(message: EmailMessage) -> None:
    """Enqueue the sending of `message` after the current transaction commits (at once outside
    one), so a rolled-back change mails nobody."""
    html = ""
    if isinstance(message, EmailMultiAlternatives):
        html = next((str(body) for body, kind in message.alternatives if kind == "text/html"), "")
    mail = {
        "subject": str(message.subject),
        "body": str(message.body),
        "to": list(message.to),
        "from_email": message.from_email or settings.DEFAULT_FROM_EMAIL,
        "html": html,
        "headers": dict(message.extra_headers),
    }
    transaction.on_commit(functools.partial(send_email.enqueue, mail=mail))


@task()
def send_email(*, mail: dict[str, Any], attempt: int = 1) -> dict[str, Any]:
    """Send one mail (the fields `send_later` wrote); on a failed send, enqueue the next attempt
    with backoff, or give up loudly after the last one."""
    message = EmailMultiAlternatives(
        mail["subject"], mail["body"], mail["from_email"], mail["to"], headers=mail["headers"]
    )
    if mail["html"]:
        message.attach_alternative(mail["html"], "text/html")
    try:
        message.send()
    # smtplib's errors are OSErrors, as are a refused connection and a timeout.
    except OSError as error:
        recipients = ", ".join(mail["to"])
        if attempt >= settings.EMAIL_RETRY_ATTEMPTS:
            logger.error(
                "Mail %r to %s failed %d times; giving up: %s",
                mail["subject"],
                recipients,
                attempt,
                error,
            )
            raise
        delay = settings.EMAIL_RETRY_BACKOFF_SECONDS * 2 ** (attempt - 1)
        retry_at = timezone.now() + dt.timedelta(seconds=delay)
        send_email.using(run_after=retry_at).enqueue(mail=mail, attempt=attempt + 1)
        logger.warning(
            "Mail %r to %s failed (attempt %d of %d): %s; trying again in %d s",
            mail["subject"],
            recipients,
            attempt,
            settings.EMAIL_RETRY_ATTEMPTS,
            error,
            delay,
        )
        return {"sent": False, "attempt": attempt, "retry_at": retry_at.isoformat()}
    return {"sent": True, "attempt": attempt}
