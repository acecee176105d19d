"""What a moderator hides or deletes is gone from every public place (the page, the edit
history, search, quotes) and kept for the audit; a moderator's edit hides the original."""

from __future__ import annotations

import pytest

from salam.clearinghouse.errors import Invalid
from salam.forum import services
from salam.forum.models import Category, Post
from salam.moderation.models import ModerationAction
from salam.search.models import Document

pytestmark = pytest.mark.django_db
SECRET = "Call 0612345678 for cheap papers"


@pytest.fixture
def category(db):
    return Category.objects.create(slug="general", name="General")


@pytest.fixture
def thread(category, participant):
    return services.start_thread(category, author=participant, title="Papers", body="First")


@pytest.fixture
def spam(thread, outsider):
    post = services.reply(thread, author=outsider, body="Draft")
    return services.edit_post(post, actor=outsider, body=SECRET)


def indexed(thread) -> str:
    return Document.objects.get(kind=Document.Kind.THREAD, object_id=thread.pk).body


def page_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("viewer", [None, "participant", "outsider"])
def test_a_hidden_post_is_gone_from_the_page_the_history_and_search(
    client, request, thread, spam, moderator, viewer
):
    services.hide_post(spam, actor=moderator, reason="spam")
    if viewer:
        client.force_login(request.getfixturevalue(viewer))
    assert SECRET not in page_of(client, thread.get_absolute_url())
    assert client.get(f"/forum/posts/{spam.pk}/history/").status_code == 404
    assert SECRET not in indexed(thread)


def test_a_moderator_still_reads_a_hidden_post_and_its_history(client, thread, spam, moderator):
    services.hide_post(spam, actor=moderator, reason="spam")
    client.force_login(moderator)
    assert SECRET in page_of(client, thread.get_absolute_url())
    history = page_of(client, f"/forum/posts/{spam.pk}/history/")
    assert SECRET in history and "Draft" in history


def test_a_post_a_moderator_edited_to_removed_shows_no_original_to_the_public(
    client, thread, spam, moderator, outsider, participant
):
    services.edit_post(spam, actor=moderator, body="[removed]")
    for viewer in (None, participant, outsider):
        if viewer:
            client.force_login(viewer)
        history = page_of(client, f"/forum/posts/{spam.pk}/history/")
        assert "[removed]" in history
        assert SECRET not in history and "Draft" not in history
    client.force_login(moderator)
    history = page_of(client, f"/forum/posts/{spam.pk}/history/")
    assert SECRET in history and "Draft" in history
    assert SECRET not in indexed(thread)


def test_what_the_author_writes_after_a_moderators_edit_stays_in_the_public_history(
    client, spam, moderator, outsider
):
    services.edit_post(spam, actor=moderator, body="[removed]")
    services.edit_post(spam, actor=outsider, body="Sorry, here is a real question")
    history = page_of(client, f"/forum/posts/{spam.pk}/history/")
    assert "Sorry, here is a real question" in history and "[removed]" in history
    assert SECRET not in history and "Draft" not in history


def test_a_hidden_post_cannot_be_quoted(client, thread, spam, moderator, participant):
    services.hide_post(spam, actor=moderator)
    with pytest.raises(Invalid):
        services.reply(thread, author=participant, body="Indeed", quote=spam)
    client.force_login(participant)
    assert SECRET not in page_of(client, f"{thread.get_absolute_url()}?quote={spam.pk}")


@pytest.mark.parametrize("removal", ["hide", "delete"])
def test_replies_that_quoted_a_removed_post_lose_the_quote(
    client, thread, spam, moderator, participant, removal
):
    answer = services.reply(thread, author=participant, body="Is this legal?", quote=spam)
    assert SECRET in answer.body
    if removal == "hide":
        services.hide_post(spam, actor=moderator)
    else:
        services.delete_post(spam, actor=moderator)
    answer.refresh_from_db()
    assert answer.body == "> [removed]\n\nIs this legal?"
    assert SECRET not in page_of(client, thread.get_absolute_url())
    assert SECRET not in indexed(thread)


def test_a_deleted_post_is_kept_for_the_audit_with_its_former_texts(thread, spam, moderator):
    services.delete_post(spam, actor=moderator, reason="spam")
    assert not Post.objects.filter(pk=spam.pk).exists()
    record = ModerationAction.objects.get(action="delete_post")
    assert record.object_text == SECRET
    assert record.details["revisions"] == ["Draft"]
    assert SECRET not in indexed(thread)


def test_a_hidden_post_keeps_its_text_and_the_audit_records_it(spam, moderator):
    services.hide_post(spam, actor=moderator, reason="spam")
    spam.refresh_from_db()
    assert spam.body == SECRET and spam.hidden_at is not None
    record = ModerationAction.objects.get(action="hide_post")
    assert (record.object_text, record.details["revisions"]) == (SECRET, ["Draft"])
