"""allauth's account mails speak in the site's name and leave through the job engine."""

from __future__ import annotations

import pytest
from django.core import mail
from django_tasks_db.models import DBTaskResult

from tests.jobs import run_jobs
from tests.salam.test_accounts import sign_up

pytestmark = pytest.mark.django_db


def test_the_verification_mail_says_cafe_salam_not_the_host(
    client, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://salam.example.org"
    # An address of its own: allauth limits the mails to one address, across tests.
    response = sign_up(
        client,
        django_capture_on_commit_callbacks,
        email="reader@example.org",
        username="reader",
        HTTP_HOST="127.0.0.1",
    )
    assert response.status_code == 302
    [job] = DBTaskResult.objects.all()  # the request enqueued the mail; a job sent it
    assert job.task_path == "salam.core.mail.send_email"
    [sent] = mail.outbox
    assert sent.to == ["reader@example.org"]
    assert sent.subject == "[Café Salam] Please Confirm Your Email Address"
    assert sent.body.startswith("Hello from Café Salam!")
    assert "register an account on salam.example.org." in sent.body
    # The link is absolute, built in the request, on the host the person signed up on.
    assert "http://127.0.0.1/accounts/confirm-email/" in sent.body
    assert sent.body.rstrip().endswith("Thank you for using Café Salam!\nsalam.example.org")


def test_a_password_reset_mail_is_a_job_too(
    client, participant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/password/reset/", {"email": participant.email})
    assert response.status_code == 302
    assert mail.outbox == []
    run_jobs()
    [sent] = mail.outbox
    assert sent.to == [participant.email]
    assert sent.subject == "[Café Salam] Password Reset Email"
    assert sent.body.startswith("Hello from Café Salam!")
