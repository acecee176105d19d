"""The dashboard's live part (`/moderation/live/`), a flagged forum post's panel, actions taken
in place, and a person's own block list (`/moderation/blocks/`)."""

from __future__ import annotations

import json

import pytest

from salam.forum import services as forum_services
from salam.forum.models import Post
from salam.moderation import services as moderation_services
from salam.moderation.models import Block, Report
from salam.people import services as people_services
from salam.people.roles import Role

pytestmark = pytest.mark.django_db

HOSTILE = (
    "Look **here** <script>alert(1)</script> [x](javascript:alert(2)) "
    '<img src=x onerror="alert(3)">'
)


@pytest.fixture
def flagged(forum_thread, participant, outsider) -> Report:
    reply = forum_services.reply(forum_thread, author=participant, body=HOSTILE)
    return forum_services.flag_post(reply, actor=outsider, reason="Spam")


def test_the_live_part_comes_alone_for_a_moderator(client, moderator, flagged):
    client.force_login(moderator)
    response = client.get("/moderation/live/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="reports"' in html and 'id="audit"' in html
    assert "<html" not in html and "Blocked terms" not in html  # the fragment, not the page


@pytest.mark.parametrize("persona", ["participant", "outsider", "other_rooms_moderator"])
def test_the_live_part_is_for_moderators_of_the_place(client, request, flagged, persona):
    person = request.getfixturevalue(persona)
    client.force_login(person)
    response = client.get("/moderation/live/")
    if persona == "other_rooms_moderator":  # a room's moderator: their room, not the forum
        assert response.status_code == 200
        assert f'id="report-{flagged.pk}"' not in response.content.decode()
    else:
        assert response.status_code == 403


def test_a_moderator_whose_role_was_removed_loses_the_live_part(client, make_person, flagged):
    former = make_person("former", role=Role.MODERATOR)
    client.force_login(former)
    assert client.get("/moderation/live/").status_code == 200
    people_services.revoke_role(former, Role.MODERATOR)
    assert client.get("/moderation/live/").status_code == 403


def test_a_flagged_post_shows_its_author_its_text_rendered_safely_and_a_link(
    client, moderator, flagged
):
    post = Post.objects.get(pk=flagged.object_id)
    client.force_login(moderator)
    html = client.get("/moderation/live/").content.decode()
    assert "Author: Alice" in html
    assert f'href="{post.get_absolute_url()}"' in html
    assert "<strong>here</strong>" in html  # Markdown rendered
    assert "<script>" not in html and "javascript:" not in html and "onerror" not in html
    for action in ("dismiss", "hide", "delete"):
        assert f'value="{action}"' in html


def test_a_hidden_post_says_so_on_its_report(client, moderator, forum_thread, outsider):
    post = forum_thread.posts.get()
    first = forum_services.flag_post(post, actor=outsider, reason="Spam")
    forum_services.hide_post(post, actor=moderator, reason="checking")
    client.force_login(moderator)
    html = client.get("/moderation/live/").content.decode()
    assert f'id="report-{first.pk}"' in html
    assert "Hidden by a moderator: only moderators read it." in html


@pytest.mark.parametrize(
    ("action", "status", "hidden", "exists"),
    [
        ("hide", "actioned", True, True),
        ("delete", "actioned", None, False),
        ("dismiss", "dismissed", False, True),
    ],
)
def test_actions_taken_in_place_answer_in_json(
    client, moderator, flagged, action, status, hidden, exists
):
    client.force_login(moderator)
    response = client.post(
        f"/moderation/reports/{flagged.pk}/",
        {"action": action},
        headers={"X-Requested-With": "fetch"},
    )
    assert (response.status_code, json.loads(response.content)) == (
        200,
        {"ok": True, "messages": []},
    )
    flagged.refresh_from_db()
    assert flagged.status == status
    post = Post.objects.filter(pk=flagged.object_id).first()
    assert (post is not None) == exists
    if post is not None:
        assert (post.hidden_at is not None) == hidden


def test_a_refused_action_in_place_says_why_and_changes_nothing(client, moderator, flagged):
    client.force_login(moderator)
    response = client.post(
        f"/moderation/reports/{flagged.pk}/",
        {"action": "ban_everyone"},
        headers={"X-Requested-With": "fetch"},
    )
    assert response.status_code == 400
    assert json.loads(response.content) == {
        "ok": False,
        "messages": ["This report offers no such action."],
    }
    flagged.refresh_from_db()
    assert flagged.status == "open"


@pytest.mark.parametrize("persona", ["participant", "outsider", "other_rooms_moderator"])
@pytest.mark.parametrize("action", ["hide", "delete", "dismiss"])
def test_only_forum_moderators_act_on_a_flagged_post(client, request, flagged, persona, action):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(f"/moderation/reports/{flagged.pk}/", {"action": action})
    assert response.status_code in {403, 404}
    flagged.refresh_from_db()
    post = Post.objects.get(pk=flagged.object_id)
    assert (flagged.status, post.hidden_at) == ("open", None)


# ---- one's own block list --------------------------------------------------------------------


def test_the_block_list_shows_the_people_one_blocked_and_no_one_elses(
    client, participant, outsider, make_person
):
    nadia = make_person("nadia")
    moderation_services.block_person(blocker=participant, username="mallory")
    moderation_services.block_person(blocker=outsider, username="nadia")
    client.force_login(participant)
    html = client.get("/moderation/blocks/").content.decode()
    assert "@mallory" in html and "@nadia" not in html
    assert 'Unblock<span class="visually-hidden"> mallory</span>' in html  # the name read aloud
    client.force_login(nadia)
    assert "You have not blocked anyone." in client.get("/moderation/blocks/").content.decode()


def test_unblocking_from_the_list(client, participant, outsider):
    moderation_services.block_person(blocker=participant, username="mallory")
    client.force_login(participant)
    response = client.post(
        "/moderation/blocks/".replace("blocks/", "block/"),
        {"username": "mallory", "undo": "1", "next": "/moderation/blocks/"},
    )
    assert response.status_code == 302 and response["Location"] == "/moderation/blocks/"
    assert not Block.objects.exists()
    assert "You see mallory again." in client.get("/moderation/blocks/").content.decode()


def test_one_can_unblock_only_ones_own_blocks(client, participant, outsider, make_person):
    make_person("nadia")
    moderation_services.block_person(blocker=outsider, username="nadia")
    client.force_login(participant)
    client.post("/moderation/block/", {"username": "nadia", "undo": "1"})
    assert list(Block.objects.values_list("blocker__username", "blocked__username")) == [
        ("mallory", "nadia")
    ]


def test_the_block_list_needs_a_sign_in(client):
    response = client.get("/moderation/blocks/")
    assert response.status_code == 302 and "/login/" in response["Location"]
