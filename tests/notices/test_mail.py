"""Mail leaves through the job engine: after commit, from a job, retried with backoff, logged."""

from __future__ import annotations

import logging
import socket
from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from salam.notices.models import Notice
from salam.notices.services import notify
from salam.notices.tokens import Unsubscribe, read_unsubscribe_token
from tests.jobs import run_jobs
from tests.notices.text import says


def closed_port() -> int:
    """A local port where nothing listens: connecting to it is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def failing_smtp(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_port()
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5
    settings.EMAIL_RETRY_ATTEMPTS = 3
    return settings


def notify_alice(person, django_capture_on_commit_callbacks, **extra) -> Notice:
    with django_capture_on_commit_callbacks(execute=True):
        return notify(
            person,
            kind="events.changed",
            text=says("“Integration” moved", "It is at 10:00 now."),
            url="/events/forum-2030/",
            **extra,
        )


def test_a_notice_is_mailed_by_a_job_not_by_the_call(
    participant, django_capture_on_commit_callbacks
):
    notify_alice(participant, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    assert DBTaskResult.objects.ready().count() == 1
    assert run_jobs() == 1
    assert [m.to for m in mail.outbox] == [[participant.email]]
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL


def test_the_mail_carries_absolute_links_and_the_site_name(
    participant, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://salam.example.org"
    notify_alice(participant, django_capture_on_commit_callbacks)
    run_jobs()
    [sent] = mail.outbox
    assert sent.subject == "[Café Salam] “Integration” moved"
    assert sent.from_email == settings.DEFAULT_FROM_EMAIL
    body, unsubscribe = sent.body.rsplit(" ", 1)
    assert body == (
        "“Integration” moved\n\n"
        "It is at 10:00 now.\n\n"
        "https://salam.example.org/events/forum-2030/\n\n"
        "-- \n"
        "Café Salam: all your notices are at https://salam.example.org/notices/\n"
        "Choose how notices reach you: https://salam.example.org/notices/preferences/\n"
        "No more emails like this one:"
    )
    prefix = "https://salam.example.org/notices/unsubscribe/"
    assert unsubscribe.startswith(prefix) and unsubscribe.endswith("/\n")
    token = unsubscribe.removeprefix(prefix).removesuffix("/\n")
    assert read_unsubscribe_token(token) == Unsubscribe(participant.pk, "events.changed")
    assert sent.extra_headers["List-Unsubscribe"] == f"<{unsubscribe.strip()}>"


def test_a_notice_without_mail_or_address_enqueues_nothing(
    make_person, django_capture_on_commit_callbacks
):
    person = make_person("noaddress")
    person.email = ""
    person.save()
    notify_alice(person, django_capture_on_commit_callbacks)
    notify_alice(make_person("quiet"), django_capture_on_commit_callbacks, email=False)
    assert Notice.objects.count() == 2
    assert DBTaskResult.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_notice_mails_nobody(participant):
    with pytest.raises(RuntimeError), transaction.atomic():
        notify(participant, kind="events.changed", text=says("Never"))
        raise RuntimeError
    assert Notice.objects.count() == 0
    assert DBTaskResult.objects.count() == 0


def test_a_failed_send_is_retried_then_logged_and_the_notice_is_kept(
    participant, failing_smtp, caplog, django_capture_on_commit_callbacks
):
    failing_smtp.EMAIL_RETRY_BACKOFF_SECONDS = 0  # every retry is due at once
    notice = notify_alice(participant, django_capture_on_commit_callbacks)
    with caplog.at_level(logging.WARNING, logger="salam.core.mail"):
        assert run_jobs() == 3
    assert Notice.objects.get() == notice
    assert mail.outbox == []
    jobs = DBTaskResult.objects.order_by("enqueued_at")
    assert [job.args_kwargs["kwargs"]["attempt"] for job in jobs[1:]] == [2, 3]
    assert [job.status for job in jobs] == [
        TaskResultStatus.SUCCESSFUL,  # attempt 1 failed and enqueued attempt 2
        TaskResultStatus.SUCCESSFUL,
        TaskResultStatus.FAILED,
    ]
    assert jobs.last().exception_class_path == "builtins.ConnectionRefusedError"
    ours = [r for r in caplog.records if r.name == "salam.core.mail"]
    assert [r.levelno for r in ours] == [logging.WARNING, logging.WARNING, logging.ERROR]
    subject = "[Café Salam] “Integration” moved"
    expected = f"Mail {subject!r} to {participant.email} failed 3 times; giving up: "
    assert ours[-1].getMessage().startswith(expected)


def test_retries_back_off_doubling_the_delay(
    participant, failing_smtp, django_capture_on_commit_callbacks
):
    failing_smtp.EMAIL_RETRY_BACKOFF_SECONDS = 60
    notify_alice(participant, django_capture_on_commit_callbacks)
    before = timezone.now()
    assert run_jobs() == 1  # the retry is not due yet
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert before + timedelta(seconds=59) < retry.run_after < before + timedelta(seconds=62)
    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=timezone.now())  # time passes
    assert run_jobs() == 1
    second = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert second.args_kwargs["kwargs"]["attempt"] == 3
    waited = second.run_after - timezone.now()
    assert timedelta(seconds=118) < waited < timedelta(seconds=121)


def test_the_notice_mail_is_written_in_the_recipients_language_not_the_actors(
    make_person, django_capture_on_commit_callbacks
):
    from django.utils import translation

    french = make_person("camille", ui_language="fr")
    with translation.override("ar"):  # the acting person's request
        notify_alice(french, django_capture_on_commit_callbacks)
    run_jobs()
    assert "Café Salam : tous vos avis sont sur http://127.0.0.1:8000/notices/\n" in (
        mail.outbox[0].body
    )
