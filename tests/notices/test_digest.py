"""The daily digest: one mail per person per day with what waited for it, from the periodic
work; twice in a day (or from two workers at once) it sends nothing more."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.db import connection

from salam.notices import services
from salam.notices.kinds import Delivery
from salam.notices.models import Digest, Notice
from salam.periodic import run_due_work
from tests.jobs import run_jobs
from tests.notices.text import says

MORNING = datetime(2030, 6, 10, 8, 0, tzinfo=UTC)


@pytest.fixture
def digests(django_capture_on_commit_callbacks):
    """send_due_digests, with what it enqueues after commit enqueued."""

    def send(now: datetime) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return services.send_due_digests(now=now)

    return send


def reply_to(person, title: str, body: str = "Lucas: I agree") -> Notice:
    return services.notify(person, kind="forum.reply", text=says(title, body), url="/forum/t/")


@pytest.mark.django_db
def test_digest_kinds_wait_and_leave_together_in_one_mail(participant, settings, digests):
    settings.SITE_URL = "https://salam.example.org"
    reply_to(participant, "New reply in “Housing”")
    reply_to(participant, "New reply in “Jobs”")
    assert run_jobs() == 0  # nothing at once
    assert digests(MORNING) == 1
    run_jobs()
    [sent] = mail.outbox
    assert sent.to == [participant.email]
    assert sent.subject == "[Café Salam] Your daily digest: 2 notices"
    assert sent.body.index("“Housing”") < sent.body.index("“Jobs”")
    assert "Lucas: I agree" in sent.body
    assert "https://salam.example.org/forum/t/" in sent.body
    assert sent.body.count("https://salam.example.org/notices/unsubscribe/") == 2
    assert not Notice.objects.filter(digest_pending=True).exists()


@pytest.mark.django_db
def test_the_digest_goes_once_a_day_and_waits_for_its_hour(participant):
    reply_to(participant, "Early")
    assert services.send_due_digests(now=MORNING.replace(hour=3)) == 0
    assert services.send_due_digests(now=MORNING) == 1
    reply_to(participant, "Later the same day")
    assert services.send_due_digests(now=MORNING + timedelta(hours=5)) == 0
    assert services.send_due_digests(now=MORNING + timedelta(days=1)) == 1
    assert Digest.objects.filter(user=participant).count() == 2


@pytest.mark.django_db
def test_the_tick_sends_the_digest(participant):
    reply_to(participant, "Reply")
    assert run_due_work(MORNING)["digests_sent"] == 1
    assert run_due_work(MORNING + timedelta(minutes=1))["digests_sent"] == 0


@pytest.mark.django_db
def test_the_digest_keeps_content_out_with_the_privacy_setting(participant, digests):
    services.set_preferences(participant, deliveries={}, private_email=True)
    reply_to(participant, "New reply in “Housing”", body="my private words")
    digests(MORNING)
    run_jobs()
    [sent] = mail.outbox
    assert "my private words" not in sent.body
    assert "New reply in “Housing”" in sent.body


@pytest.mark.django_db
def test_site_only_and_at_once_kinds_never_reach_the_digest(participant):
    services.set_preferences(participant, deliveries={"forum.reply": Delivery.SITE})
    reply_to(participant, "Site only")
    services.notify(participant, kind="events.promoted", text=says("At once"))
    assert services.send_due_digests(now=MORNING) == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_send_each_digest_once(postgres, make_person):
    people = [make_person(f"reader{n}") for n in range(6)]
    for person in people:
        reply_to(person, "One")
        reply_to(person, "Two")
    results: list[int] = []
    start = threading.Barrier(2)

    def worker() -> None:
        start.wait()
        results.append(services.send_due_digests(now=MORNING))

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert connection.vendor == "postgresql"
    assert sum(results) == len(people)
    assert Digest.objects.count() == len(people)
    assert sorted(Digest.objects.values_list("count", flat=True)) == [2] * len(people)
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.count() == len(people)
