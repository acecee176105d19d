"""The dashboard `/moderation/`: what each persona sees, and one click is one service call."""

from __future__ import annotations

import pytest

from rooms.chat import services as chat_services
from rooms.models import Membership, Message
from rooms.moderation import reports as room_reports
from rooms.moderation import services as room_moderation
from salam.forum import services as forum_services
from salam.forum.models import Post, Thread
from salam.moderation.models import BlockedTerm, ModerationAction, Report

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported(welcome, participant, outsider) -> Report:
    for index, body in enumerate(["before", "the bad one", "after"]):
        chat_services.post_message(welcome, author=outsider, body=body, client_id=f"c{index}")
    return room_reports.report_message(welcome, reporter=participant, seq=2, reason="rude")


@pytest.fixture
def flagged(forum_thread, outsider) -> Report:
    post = forum_thread.posts.get()
    return forum_services.flag_post(post, actor=outsider, reason="Spam")


def test_the_dashboard_shows_reports_with_context(client, moderator, reported):
    client.force_login(moderator)
    response = client.get("/moderation/")
    [entry] = response.context["reports"]
    assert entry.report == reported
    assert [line.body for line in entry.shown.around] == ["before", "the bad one", "after"]
    assert [line.reported for line in entry.shown.around] == [False, True, False]
    assert (entry.shown.title, entry.shown.link, entry.shown.author) == (
        "Welcome",
        "/rooms/welcome/",
        "Mallory",
    )
    assert [action.name for action in entry.actions] == ["delete", "mute", "ban"]


def test_the_old_address_leads_to_the_dashboard(client, moderator):
    client.force_login(moderator)
    response = client.get("/rooms/moderation/?room=welcome")
    assert (response.status_code, response["Location"]) == (302, "/moderation/?room=welcome")


def test_participants_cannot_open_the_dashboard(client, participant):
    client.force_login(participant)
    assert client.get("/moderation/").status_code == 403


@pytest.mark.parametrize(
    ("action", "check"),
    [
        ("dismiss", lambda r, m: r.status == "dismissed"),
        ("delete", lambda r, m: m.deleted_at is not None and r.status == "actioned"),
        ("mute", lambda r, m: Membership.objects.get(room=m.room, user=r.subject).muted_until),
        ("ban", lambda r, m: Membership.objects.get(room=m.room, user=r.subject).banned),
    ],
)
def test_one_click_actions_on_a_report(client, moderator, reported, action, check):
    client.force_login(moderator)
    client.post(f"/moderation/reports/{reported.pk}/", {"action": action})
    reported.refresh_from_db()
    message = Message.objects.get(pk=reported.object_id)
    assert check(reported, message)
    assert ModerationAction.objects.filter(actor_username="mod").exists()


def test_an_action_that_is_refused_leaves_the_report_open(client, make_person, welcome, reported):
    """Act and resolve are one transaction: a refused action resolves nothing."""
    room_moderator = make_person("roommod")
    chat_services.add_member(welcome, user=room_moderator, role=Membership.Role.MODERATOR)
    # The reported person moderates the room too: only a global moderator bans them.
    Membership.objects.filter(room=welcome, user=reported.subject).update(
        role=Membership.Role.MODERATOR
    )
    client.force_login(room_moderator)
    client.post(f"/moderation/reports/{reported.pk}/", {"action": "ban"})
    reported.refresh_from_db()
    assert reported.status == "open"
    assert not Membership.objects.filter(banned=True).exists()
    assert ModerationAction.objects.count() == 0


def test_a_moderator_of_another_room_cannot_act_on_this_rooms_report(
    client, other_rooms_moderator, reported
):
    client.force_login(other_rooms_moderator)
    assert client.get("/moderation/").context["reports"] == []
    response = client.post(f"/moderation/reports/{reported.pk}/", {"action": "ban"})
    assert response.status_code == 404
    reported.refresh_from_db()
    assert reported.status == "open"
    assert not Membership.objects.filter(banned=True).exists()


def test_the_audit_log_filters_by_room_and_person(client, moderator, welcome, participant):
    other = chat_services.create_room(slug="other", title="Other")
    chat_services.add_member(welcome, user=participant)
    room_moderation.mute_member(welcome, actor=moderator, username="alice", minutes=5)
    room_moderation.set_locked(other, actor=moderator, locked=True)
    client.force_login(moderator)
    by_room = client.get("/moderation/?room=other").context["audit"]
    by_person = client.get("/moderation/?person=alice").context["audit"]
    assert [a.action for a in by_room] == ["lock"]
    assert [a.action for a in by_person] == ["mute"]


def test_a_room_moderator_sees_only_their_rooms_audit(
    client, moderator, welcome, other_room, other_rooms_moderator
):
    room_moderation.set_locked(welcome, actor=moderator, locked=True)
    room_moderation.set_locked(other_room, actor=moderator, locked=True)
    client.force_login(other_rooms_moderator)
    audit = client.get("/moderation/").context["audit"]
    assert [a.context_label for a in audit] == ["other"]


def test_moderators_keep_blocked_terms_in_the_dashboard(client, moderator, welcome):
    client.force_login(moderator)
    client.post("/moderation/terms/", {"term": "idiot", "mode": "refuse", "context": ""})
    client.post("/moderation/terms/", {"term": "x" * 101, "mode": "refuse", "context": ""})
    term = BlockedTerm.objects.get()
    assert (term.term, term.context) == ("idiot", "")
    client.post(f"/moderation/terms/{term.pk}/remove/")
    assert BlockedTerm.objects.count() == 0


def test_a_room_moderator_keeps_only_their_rooms_terms(
    client, welcome, other_room, other_rooms_moderator
):
    client.force_login(other_rooms_moderator)
    client.post("/moderation/terms/", {"term": "a", "mode": "refuse", "context": ""})
    client.post(
        "/moderation/terms/", {"term": "b", "mode": "refuse", "context": f"room:{welcome.pk}"}
    )
    client.post(
        "/moderation/terms/", {"term": "c", "mode": "report", "context": f"room:{other_room.pk}"}
    )
    assert list(BlockedTerm.objects.values_list("term", "context", "context_label")) == [
        ("c", f"room:{other_room.pk}", "other")
    ]


def test_blocking_from_the_page(client, participant, outsider):
    client.force_login(participant)
    response = client.post(
        "/rooms/block/", {"username": "mallory", "next": "https://evil.example/"}
    )
    assert participant.blocks_made.get().blocked == outsider
    assert response["Location"] == "/"


# ---- a forum flag, through the registry ------------------------------------------------------


def test_a_flagged_post_shows_with_its_link_author_and_actions(client, moderator, flagged):
    post = Post.objects.get(pk=flagged.object_id)
    client.force_login(moderator)
    [entry] = client.get("/moderation/").context["reports"]
    assert entry.report == flagged
    assert (entry.shown.title, entry.shown.link, entry.shown.author, entry.shown.excerpt) == (
        "Language buddies",
        f"/forum/t/{post.thread.slug}/#post-{post.pk}",
        "Alice",
        "Who runs **buddies**?",
    )
    assert [(a.name, a.label) for a in entry.actions] == [
        ("hide", "Hide post"),
        ("delete", "Delete post"),
    ]
    page = client.get("/moderation/").content.decode()
    assert f'href="/forum/t/{post.thread.slug}/#post-{post.pk}"' in page
    assert 'value="hide"' in page
    assert 'value="dismiss"' in page


def test_hiding_a_flagged_post_hides_it_and_resolves_the_flag(client, moderator, flagged):
    client.force_login(moderator)
    client.post(f"/moderation/reports/{flagged.pk}/", {"action": "hide"})
    flagged.refresh_from_db()
    post = Post.objects.get(pk=flagged.object_id)
    assert flagged.status == "actioned"
    assert post.hidden_at is not None
    record = ModerationAction.objects.get()
    assert (record.action, record.target_username, record.object_ref, record.context) == (
        "hide_post",
        "alice",
        post.pk,
        "forum",
    )


def test_a_hidden_post_is_hidden_from_readers_not_from_moderators(
    client, moderator, outsider, flagged
):
    client.force_login(moderator)
    client.post(f"/moderation/reports/{flagged.pk}/", {"action": "hide"})
    thread = Thread.objects.get()
    assert "Who runs" in client.get(thread.get_absolute_url()).content.decode()
    client.force_login(outsider)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Who runs" not in page
    assert "A moderator hid this post." in page


def test_deleting_a_flagged_post_deletes_it_and_keeps_its_text_in_the_audit(
    client, moderator, participant, forum_thread, outsider
):
    reply = forum_services.reply(forum_thread, author=participant, body="Buy my course")
    flag = forum_services.flag_post(reply, actor=outsider, reason="Spam")
    client.force_login(moderator)
    client.post(f"/moderation/reports/{flag.pk}/", {"action": "delete"})
    flag.refresh_from_db()
    forum_thread.refresh_from_db()
    assert flag.status == "actioned"
    assert not Post.objects.filter(pk=reply.pk).exists()
    assert forum_thread.post_count == 1
    record = ModerationAction.objects.get()
    assert (record.action, record.object_text) == ("delete_post", "Buy my course")


def test_dismissing_a_flag_changes_nothing_but_the_flag(client, moderator, flagged):
    client.force_login(moderator)
    client.post(f"/moderation/reports/{flagged.pk}/", {"action": "dismiss"})
    flagged.refresh_from_db()
    assert flagged.status == "dismissed"
    assert Post.objects.get(pk=flagged.object_id).hidden_at is None


@pytest.mark.parametrize("persona", ["participant", "other_rooms_moderator", "outsider"])
@pytest.mark.parametrize("action", ["hide", "delete", "dismiss"])
def test_who_does_not_moderate_the_forum_cannot_act_on_a_flag(
    client, request, flagged, persona, action
):
    """The author pretending to be a moderator, a moderator of a room (not of the forum), and
    a stranger: refused, and nothing changes."""
    client.force_login(request.getfixturevalue(persona))
    response = client.post(f"/moderation/reports/{flagged.pk}/", {"action": action})
    assert response.status_code in {403, 404}
    flagged.refresh_from_db()
    assert flagged.status == "open"
    assert Post.objects.get(pk=flagged.object_id).hidden_at is None
    assert ModerationAction.objects.count() == 0


def test_a_participant_of_the_room_cannot_act_on_its_report(client, participant, reported):
    client.force_login(participant)
    response = client.post(f"/moderation/reports/{reported.pk}/", {"action": "ban"})
    assert response.status_code == 403
    reported.refresh_from_db()
    assert reported.status == "open"
    assert not Membership.objects.filter(banned=True).exists()


def test_an_action_the_kind_does_not_offer_is_refused(client, moderator, flagged):
    client.force_login(moderator)
    client.post(f"/moderation/reports/{flagged.pk}/", {"action": "mute"})
    flagged.refresh_from_db()
    assert flagged.status == "open"
    assert ModerationAction.objects.count() == 0
