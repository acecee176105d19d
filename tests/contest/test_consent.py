"""Consent by signed, expiring links: the guardian's (expired, wrong entry, used twice) and an
appearing person's, or a signed release uploaded instead."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail, signing
from django.utils import timezone

from salam.contest import services
from salam.contest.errors import ContestError
from salam.contest.models import Consent
from tests.contest.conftest import entry_form
from tests.jobs import run_jobs

pytestmark = pytest.mark.django_db


@pytest.fixture
def minor_entry(edition, entrant, now, django_capture_on_commit_callbacks):
    today = now.date()
    form = entry_form(
        birth_date=today.replace(year=today.year - 15),
        guardian_name="Leila",
        guardian_email="leila@example.org",
        appearing=[("Omar", "omar@example.org")],
    )
    with django_capture_on_commit_callbacks(execute=True):
        entry = services.submit_entry(edition, entrant=entrant, form=form, now=now)
    return entry


def link_of(consent: Consent) -> str:
    return services.consent_url(consent)


def test_the_guardian_is_mailed_a_link_and_the_entry_waits(minor_entry):
    run_jobs()
    assert sorted(m.to[0] for m in mail.outbox) == ["leila@example.org", "omar@example.org"]
    body = next(m.body for m in mail.outbox if m.to == ["leila@example.org"])
    link = re.search(r"http://\S+/contest/consent/\S+", body).group(0)
    assert link.startswith("http://127.0.0.1:8000/contest/consent/")
    assert "Leila" in body and "The harbour" in body
    assert {"guardian", "appearing"} <= {p["code"] for p in minor_entry.problems}
    assert minor_entry.category.name == "13 to 17"


def test_consenting_through_the_link_once(client, minor_entry):
    guardian = minor_entry.consents.get(kind="guardian")
    page = client.get(link_of(guardian))
    assert page.status_code == 200 and "Be kind." in page.content.decode()
    done = client.post(link_of(guardian), {"signed_name": "Leila Haddad", "agree": "on"})
    assert "your consent is recorded" in done.content.decode()
    guardian.refresh_from_db()
    assert (guardian.signed_name, guardian.given) == ("Leila Haddad", True)
    minor_entry.refresh_from_db()
    assert "guardian" not in {p["code"] for p in minor_entry.problems}
    again = client.post(link_of(guardian), {"signed_name": "Someone", "agree": "on"})
    assert again.status_code == 409
    assert "already been given" in again.content.decode()
    guardian.refresh_from_db()
    assert guardian.signed_name == "Leila Haddad"


def test_an_expired_link_is_refused(client, minor_entry, settings):
    guardian = minor_entry.consents.get(kind="guardian")
    url = link_of(guardian)
    settings.CONTEST_CONSENT_DAYS = 0
    refused = client.post(url, {"signed_name": "Leila", "agree": "on"})
    assert refused.status_code == 400 and "has expired" in refused.content.decode()
    guardian.refresh_from_db()
    assert not guardian.given


def test_a_link_for_another_entry_or_forged_is_refused(client, minor_entry, edition, entrant, now):
    other = services.submit_entry(edition, entrant=entrant, form=entry_form(title="Other"), now=now)
    guardian = minor_entry.consents.get(kind="guardian")
    token = services.consent_token(guardian)
    with pytest.raises(ContestError) as wrong:
        services.give_consent(other.pk, token, signed_name="Leila", now=now)
    assert wrong.value.code == "wrong_entry"
    assert client.get(f"/contest/consent/{other.pk}/{token}/").status_code == 400
    forged = signing.dumps({"consent": guardian.pk, "entry": minor_entry.pk}, salt="another")
    with pytest.raises(ContestError) as bad:
        services.give_consent(minor_entry.pk, forged, signed_name="Leila", now=now)
    assert bad.value.code == "bad_link"
    guardian.refresh_from_db()
    assert not guardian.given


def test_a_signed_release_for_an_appearing_person(client, minor_entry, outsider):
    omar = minor_entry.consents.get(kind="appearing")
    pdf = b"%PDF-1.4 signed release"
    url = f"/contest/{minor_entry.edition.slug}/entries/{minor_entry.pk}/release/"
    client.force_login(outsider)
    assert client.post(url, {"consent": omar.pk, "file": _file(pdf)}).status_code == 404
    client.force_login(minor_entry.entrant)
    client.post(url, {"consent": omar.pk, "file": _file(b"<html>")})
    omar.refresh_from_db()
    assert not omar.given
    client.post(url, {"consent": omar.pk, "file": _file(pdf)})
    omar.refresh_from_db()
    assert omar.given and omar.release_name.endswith(".pdf")


def _file(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("release.pdf", data, content_type="application/pdf")


def test_a_minor_without_a_guardian_is_refused(edition, entrant, now):
    today = now.date()
    with pytest.raises(ContestError) as refused:
        services.submit_entry(
            edition,
            entrant=entrant,
            now=now,
            form=entry_form(birth_date=today.replace(year=today.year - 10)),
        )
    assert refused.value.code == "guardian"


def test_no_entry_outside_the_window(edition, entrant):
    late = edition.closes_at + dt.timedelta(seconds=1)
    with pytest.raises(ContestError) as refused:
        services.submit_entry(edition, entrant=entrant, form=entry_form(), now=late)
    assert refused.value.code == "window"
    assert timezone.now() < late
