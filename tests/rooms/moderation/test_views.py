from __future__ import annotations

import pytest

from rooms.chat import services as chat_services
from rooms.models import BlockedTerm, Membership, ModerationAction, Report
from rooms.moderation import reports as report_services
from rooms.moderation import services as moderation_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(welcome, participant, outsider) -> Report:
    for index, body in enumerate(["before", "the bad one", "after"]):
        chat_services.post_message(welcome, author=outsider, body=body, client_id=f"c{index}")
    return report_services.report_message(welcome, reporter=participant, seq=2, reason="rude")


def test_the_dashboard_shows_reports_with_context(client, moderator, reported):
    client.force_login(moderator)
    response = client.get("/rooms/moderation/")
    [entry] = response.context["reports"]
    assert entry["report"] == reported
    assert [m.body for m in entry["context"]] == ["before", "the bad one", "after"]


def test_participants_cannot_open_the_dashboard(client, participant):
    client.force_login(participant)
    assert client.get("/rooms/moderation/").status_code == 403


@pytest.mark.parametrize(
    ("action", "check"),
    [
        ("dismiss", lambda r: r.status == "dismissed"),
        ("delete", lambda r: r.message.deleted_at is not None and r.status == "actioned"),
        ("mute", lambda r: Membership.objects.get(room=r.room, user=r.subject).muted_until),
        ("ban", lambda r: Membership.objects.get(room=r.room, user=r.subject).banned),
    ],
)
def test_one_click_actions_on_a_report(client, moderator, reported, action, check):
    client.force_login(moderator)
    client.post(f"/rooms/moderation/reports/{reported.pk}/", {"action": action})
    reported.refresh_from_db()
    reported.message.refresh_from_db()
    assert check(reported)
    assert ModerationAction.objects.filter(actor_username="mod").exists()


def test_a_moderator_of_another_room_cannot_act_on_this_rooms_report(client, make_person, reported):
    other = chat_services.create_room(slug="other", title="Other")
    stranger_mod = make_person("othermod")
    chat_services.add_member(other, user=stranger_mod, role=Membership.Role.MODERATOR)
    client.force_login(stranger_mod)
    assert client.get("/rooms/moderation/").context["reports"] == []
    client.post(f"/rooms/moderation/reports/{reported.pk}/", {"action": "ban"})
    reported.refresh_from_db()
    assert reported.status == "open"
    assert not Membership.objects.filter(banned=True).exists()


def test_the_audit_log_filters_by_room_and_person(client, moderator, welcome, participant):
    other = chat_services.create_room(slug="other", title="Other")
    chat_services.add_member(welcome, user=participant)
    moderation_services.mute_member(welcome, actor=moderator, username="alice", minutes=5)
    moderation_services.set_locked(other, actor=moderator, locked=True)
    client.force_login(moderator)
    by_room = client.get("/rooms/moderation/?room=other").context["audit"]
    by_person = client.get("/rooms/moderation/?person=alice").context["audit"]
    assert [a.action for a in by_room] == ["lock"]
    assert [a.action for a in by_person] == ["mute"]


def test_moderators_keep_blocked_terms_in_the_dashboard(client, moderator, welcome):
    client.force_login(moderator)
    client.post("/rooms/moderation/terms/", {"term": "idiot", "mode": "refuse", "room": ""})
    client.post("/rooms/moderation/terms/", {"term": "x" * 101, "mode": "refuse", "room": ""})
    term = BlockedTerm.objects.get()
    assert (term.term, term.room) == ("idiot", None)
    client.post(f"/rooms/moderation/terms/{term.pk}/remove/")
    assert BlockedTerm.objects.count() == 0


def test_the_room_page_forms_moderate_and_refuse_participants(
    client, welcome, moderator, participant
):
    chat_services.add_member(welcome, user=participant)
    client.force_login(participant)
    client.post("/rooms/welcome/moderate/", {"action": "lock"})
    welcome.refresh_from_db()
    assert welcome.state == "open"
    client.force_login(moderator)
    client.post("/rooms/welcome/moderate/", {"action": "lock", "reason": "break"})
    welcome.refresh_from_db()
    assert welcome.state == "locked"


def test_blocking_from_the_page(client, participant, outsider):
    client.force_login(participant)
    client.post("/rooms/block/", {"username": "mallory", "next": "https://evil.example/"})
    assert participant.blocks_made.get().blocked == outsider


def test_organisers_assign_room_moderators_from_the_room_page(client, welcome, organiser, outsider):
    client.force_login(organiser)
    assert client.get("/rooms/welcome/").context["may_assign"] is True
    client.post("/rooms/welcome/moderate/", {"action": "assign", "username": "mallory"})
    assert Membership.objects.get(room=welcome, user=outsider).role == "moderator"
    assert ModerationAction.objects.get().action == "assign"
