"""notify, mark_read, preferences, the once-per-key rule, the live frames with the unread count."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest
from asgiref.sync import async_to_sync
from django.core import mail

from salam.core.realtime import HUB_EVENT, user_group
from salam.notices import selectors, services
from salam.notices.kinds import BROWSER_KINDS, BY_CODE, KINDS, Delivery
from salam.notices.models import Notice
from tests.jobs import run_jobs
from tests.notices.text import says
from tests.rooms.frames import Listener, fits

pytestmark = pytest.mark.django_db


def listen(person) -> Callable[[], list[dict]]:
    """What is sent to the person's group from now on, checked against /ws/me/'s definitions:
    read once (a listener's channel belongs to the loop that first reads it)."""
    listener = Listener(user_group(person.pk))

    async def first_then_rest() -> list[dict]:
        # the first event may take a while on a loaded machine; the rest follow at once
        async with asyncio.timeout(10):
            found = [await listener.layer.receive(listener.channel)]
        while True:
            try:
                async with asyncio.timeout(0.3):
                    found.append(await listener.layer.receive(listener.channel))
            except TimeoutError:
                break
        assert {message["type"] for message in found} == {HUB_EVENT}
        return [message["event"] for message in found]

    def read() -> list[dict]:
        return [fits("me", event) for event in async_to_sync(first_then_rest)()]

    return read


def test_every_kind_is_defined_once_with_a_label_and_a_delivery():
    codes = [kind.code for kind in KINDS]
    assert len(codes) == len(set(codes))
    assert {"mention", "pairing.matched", "events.promoted", "forum.reply"} <= set(codes)
    assert all(str(kind.label) and kind.delivery in Delivery for kind in KINDS)
    assert set(BROWSER_KINDS) == {"pairing.matched", "pairing.paired", "mention"}


@pytest.mark.parametrize(
    ("kind", "delivery"),
    [
        ("pairing.matched", Delivery.EMAIL),
        ("events.promoted", Delivery.EMAIL),
        ("events.changed", Delivery.EMAIL),
        ("forum.reply", Delivery.DIGEST),
        ("unknown.kind", Delivery.SITE),
    ],
)
def test_the_issue_s_defaults(participant, kind, delivery):
    assert selectors.delivery_for(participant, kind) == delivery


def test_a_notice_is_sent_live_with_the_unread_count(
    participant, django_capture_on_commit_callbacks
):
    read = listen(participant)
    services.notify(participant, kind="forum.reply", text=says("Old"), email=False)
    with django_capture_on_commit_callbacks(execute=True):
        notice = services.notify(
            participant, kind="mention", text=says("Amina mentioned you", "hi"), url="/rooms/x/"
        )
    assert read() == [
        {
            "type": "notice",
            "id": notice.pk,
            "kind": "mention",
            "title": "Amina mentioned you",
            "body": "hi",
            "url": "/rooms/x/",
            "created_at": notice.created_at.isoformat(),
            "unread": 2,
        }
    ]


def test_marking_read_tells_every_tab_how_many_are_left(
    participant, django_capture_on_commit_callbacks
):
    first = services.notify(participant, kind="k", text=says("One"), email=False)
    services.notify(participant, kind="k", text=says("Two"), email=False)
    read = listen(participant)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.mark_read(participant, notice_ids=[first.pk]) == 1
    assert read() == [{"type": "notices.read", "unread": 1, "ids": [first.pk]}]
    read = listen(participant)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.mark_read(participant) == 1
    assert read() == [{"type": "notices.read", "unread": 0}]


def test_marking_nothing_new_sends_nothing(participant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        assert services.mark_read(participant) == 0
    assert callbacks == []


def test_one_cannot_mark_anothers_notice_read(participant, outsider):
    theirs = services.notify(outsider, kind="k", text=says("Theirs"), email=False)
    assert services.mark_read(participant, notice_ids=[theirs.pk]) == 0
    with pytest.raises(Notice.DoesNotExist):
        services.open_notice(participant, notice_id=theirs.pk)
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_keyed_notice_is_made_once(participant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = services.notify(participant, kind="events.reminder", text=says("Soon"), key="r:1")
        again = services.notify(participant, kind="events.reminder", text=says("Soon"), key="r:1")
    assert again == first
    assert Notice.objects.count() == 1
    assert len(callbacks) == 2  # one live frame and one mail, for the first only


def test_site_only_sends_no_mail(participant, django_capture_on_commit_callbacks):
    services.set_preferences(participant, deliveries={"events.promoted": Delivery.SITE})
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(participant, kind="events.promoted", text=says("A seat"))
    assert run_jobs() == 0
    assert mail.outbox == []
    assert Notice.objects.get().digest_pending is False


def test_email_at_once_mails_by_a_job(participant, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(participant, kind="events.promoted", text=says("A seat", "Hall, 10:00"))
    assert run_jobs() == 1
    [sent] = mail.outbox
    assert sent.to == [participant.email]
    assert "Hall, 10:00" in sent.body


def test_the_privacy_setting_keeps_what_was_said_out_of_the_mail(
    participant, django_capture_on_commit_callbacks
):
    services.set_preferences(participant, deliveries={}, private_email=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.notify(
            participant,
            kind="mention",
            text=says("Lucas mentioned you", "my secret words"),
            url="/forum/t/x/",
        )
        services.set_preferences(participant, deliveries={"mention": Delivery.EMAIL})
        services.notify(
            participant, kind="mention", text=says("Lucas mentioned you", "my secret words")
        )
    run_jobs()
    [sent] = mail.outbox
    assert "my secret words" not in sent.body
    assert "Lucas mentioned you" in sent.body
    assert "Open the link to read it on the site." in sent.body


def test_preferences_refuse_an_unknown_kind_or_delivery_and_change_nothing(participant):
    for deliveries in ({"nope": "email"}, {"mention": "pigeon"}):
        with pytest.raises(ValueError):
            services.set_preferences(participant, deliveries={"forum.reply": "site", **deliveries})
    assert selectors.delivery_for(participant, "forum.reply") == Delivery.DIGEST


def test_leaving_the_digest_takes_waiting_notices_out_of_it(participant):
    notice = services.notify(participant, kind="forum.reply", text=says("Reply"))
    assert notice.digest_pending
    services.set_preferences(participant, deliveries={"forum.reply": Delivery.SITE})
    notice.refresh_from_db()
    assert not notice.digest_pending


def test_every_kind_has_its_default_listed_for_the_preferences_page(participant):
    assert selectors.deliveries_of(participant) == {k.code: k.delivery for k in KINDS}
    assert set(BY_CODE) == set(selectors.deliveries_of(participant))
