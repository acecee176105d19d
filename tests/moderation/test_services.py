"""Moderation's services: what they write, and the exact frames they emit after commit."""

from __future__ import annotations

import json

import msgspec
import pytest

from rooms.chat import services as chat_services
from rooms.moderation import reports as room_reports
from salam.core import frames as core_frames
from salam.core.errors import DomainError
from salam.core.realtime import user_group
from salam.forum import services as forum_services
from salam.moderation import frames, services
from salam.moderation.models import Block, ModerationAction, Report
from salam.moderation.realtime import MODERATORS_GROUP
from tests.rooms.chat.test_services import Listener, events_of

pytestmark = pytest.mark.django_db

DASHBOARD = core_frames.decoder(frames.DashboardFrame)


def on_the_wire(event: dict) -> dict:
    """The event is a valid dashboard frame: it decodes from its definition, unchanged."""
    decoded = core_frames.decode(DASHBOARD, json.dumps(event))
    assert msgspec.to_builtins(decoded) == event
    return event


@pytest.fixture
def message(welcome, outsider):
    return chat_services.post_message(
        welcome, author=outsider, body="rude words", client_id="c1"
    ).message


def test_reporting_a_message_emits_report_new(
    welcome, message, participant, django_capture_on_commit_callbacks
):
    moderators = Listener(MODERATORS_GROUP)
    events = events_of(
        moderators,
        django_capture_on_commit_callbacks,
        lambda: room_reports.report_message(welcome, reporter=participant, seq=1, reason="rude"),
    )
    report = Report.objects.get()
    assert [on_the_wire(e) for e in events] == [
        {
            "type": "report.new",
            "report": report.pk,
            "room": "welcome",
            "context": f"room:{welcome.pk}",
        }
    ]


def test_reporting_a_message_again_files_and_emits_nothing(
    welcome, message, participant, moderator, django_capture_on_commit_callbacks
):
    report = room_reports.report_message(welcome, reporter=participant, seq=1, reason="rude")
    services.resolve_report(report, actor=moderator, status=Report.Status.DISMISSED)
    moderators = Listener(MODERATORS_GROUP)
    events = events_of(
        moderators,
        django_capture_on_commit_callbacks,
        lambda: room_reports.report_message(welcome, reporter=participant, seq=1, reason="again"),
    )
    assert events == []
    assert Report.objects.count() == 1


def test_the_word_filter_files_a_report_and_emits_report_new(
    welcome, moderator, participant, django_capture_on_commit_callbacks
):
    services.add_blocked_term(
        actor=moderator, context=room_reports.room_context(welcome.pk), term="spam", mode="report"
    )
    moderators = Listener(MODERATORS_GROUP)
    events = events_of(
        moderators,
        django_capture_on_commit_callbacks,
        lambda: chat_services.post_message(
            welcome, author=participant, body="SPAM here", client_id="s"
        ),
    )
    report = Report.objects.get()
    assert (report.source, report.reporter, report.reason) == ("filter", None, "spam")
    assert events == [
        {"type": "report.new", "report": report.pk, "room": "welcome", "context": report.context}
    ]


def test_a_forum_flag_emits_report_new_for_global_moderators(
    forum_thread, outsider, django_capture_on_commit_callbacks
):
    moderators = Listener(MODERATORS_GROUP)
    post = forum_thread.posts.get()
    events = events_of(
        moderators,
        django_capture_on_commit_callbacks,
        lambda: forum_services.flag_post(post, actor=outsider, reason="Spam"),
    )
    report = Report.objects.get()
    assert [on_the_wire(e) for e in events] == [
        {"type": "report.new", "report": report.pk, "room": None, "context": "forum"}
    ]


def test_resolving_emits_report_resolved_and_a_dismissal_is_on_the_record(
    welcome, message, participant, moderator, django_capture_on_commit_callbacks
):
    report = room_reports.report_message(welcome, reporter=participant, seq=1, reason="rude")
    moderators = Listener(MODERATORS_GROUP)
    events = events_of(
        moderators,
        django_capture_on_commit_callbacks,
        lambda: services.act_on_report(report, actor=moderator, action="dismiss"),
    )
    record = ModerationAction.objects.get()
    assert [on_the_wire(e) for e in events] == [
        {
            "type": "moderation.action",
            "id": record.pk,
            "action": "dismiss",
            "room": "welcome",
            "context": f"room:{welcome.pk}",
            "actor": "mod",
            "target": "mallory",
            "seq": None,
            "reason": f"report {report.pk}",
        },
        {
            "type": "report.resolved",
            "report": report.pk,
            "room": "welcome",
            "context": f"room:{welcome.pk}",
        },
    ]


def test_acting_on_a_report_emits_the_action_then_report_resolved(
    welcome, message, participant, moderator, django_capture_on_commit_callbacks
):
    report = room_reports.report_message(welcome, reporter=participant, seq=1, reason="rude")
    moderators = Listener(MODERATORS_GROUP)
    events = events_of(
        moderators,
        django_capture_on_commit_callbacks,
        lambda: services.act_on_report(report, actor=moderator, action="delete"),
    )
    record = ModerationAction.objects.get()
    assert events == [
        {
            "type": "moderation.action",
            "id": record.pk,
            "action": "delete",
            "room": "welcome",
            "context": f"room:{welcome.pk}",
            "actor": "mod",
            "target": "mallory",
            "seq": 1,
            "reason": f"Report {report.pk}: rude",
        },
        {
            "type": "report.resolved",
            "report": report.pk,
            "room": "welcome",
            "context": f"room:{welcome.pk}",
        },
    ]


def test_a_closed_report_takes_no_second_action(welcome, message, participant, moderator):
    report = room_reports.report_message(welcome, reporter=participant, seq=1, reason="rude")
    services.act_on_report(report, actor=moderator, action="dismiss")
    with pytest.raises(DomainError) as error:
        services.act_on_report(report, actor=moderator, action="ban")
    assert error.value.code == "closed"
    assert list(ModerationAction.objects.values_list("action", flat=True)) == ["dismiss"]


def test_blocking_emits_blocks_changed_to_the_blocker(
    participant, outsider, make_person, django_capture_on_commit_callbacks
):
    make_person("bob")
    services.block_person(blocker=participant, username="bob")
    personal = Listener(user_group(participant.pk))
    events = events_of(
        personal,
        django_capture_on_commit_callbacks,
        lambda: services.block_person(blocker=participant, username="mallory"),
    )
    assert events == [{"type": "blocks.changed", "hidden": ["bob", "mallory"]}]
    assert msgspec.convert(events[0], frames.BlocksChanged) == frames.BlocksChanged(
        hidden=["bob", "mallory"]
    )


def test_unblocking_emits_blocks_changed_to_the_blocker(
    participant, outsider, django_capture_on_commit_callbacks
):
    services.block_person(blocker=participant, username="mallory")
    personal = Listener(user_group(participant.pk))
    events = events_of(
        personal,
        django_capture_on_commit_callbacks,
        lambda: services.unblock_person(blocker=participant, username="mallory"),
    )
    assert events == [{"type": "blocks.changed", "hidden": []}]
    assert Block.objects.count() == 0


@pytest.mark.parametrize(("username", "code"), [("nobody", "not_found"), ("alice", "invalid")])
def test_blocking_nobody_or_oneself_is_refused(participant, username, code):
    with pytest.raises(DomainError) as error:
        services.block_person(blocker=participant, username=username)
    assert error.value.code == code
    assert Block.objects.count() == 0


def test_a_report_without_a_kind_is_refused(participant):
    with pytest.raises(DomainError):
        services.file_report(kind="", object_id=1, reporter=participant, subject=None, reason="x")
    assert Report.objects.count() == 0
