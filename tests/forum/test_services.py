from __future__ import annotations

import pytest

from salam.clearinghouse.errors import Conflict, Forbidden, Invalid
from salam.forum import services
from salam.forum.models import Category, Subscription
from salam.moderation.models import Report
from salam.notices.models import Notice
from salam.search.models import Document

pytestmark = pytest.mark.django_db


@pytest.fixture
def category(db):
    return Category.objects.create(
        slug="cultural", name="Cultural integration", policy_area="cultural"
    )


@pytest.fixture
def thread(category, participant):
    return services.start_thread(
        category, author=participant, title="Language buddies", body="Who runs **buddies**?"
    )


def test_starting_a_thread_subscribes_the_author_and_indexes_it(thread, participant):
    assert thread.post_count == 1
    assert list(Subscription.objects.values_list("user", flat=True)) == [participant.pk]
    assert Document.objects.get(kind="thread", object_id=thread.pk).body == "Who runs buddies?"


def test_a_reply_notifies_followers_but_not_its_author(thread, participant, outsider, make_person):
    follower = make_person("fatima")
    services.subscribe(thread, actor=follower)
    post = services.reply(thread, author=outsider, body="We do, in Cairo.")
    assert list(
        Notice.objects.filter(kind="forum.reply").values_list("user", flat=True).order_by("user")
    ) == sorted([participant.pk, follower.pk])
    notice = Notice.objects.get(user=participant)
    assert notice.title == "New reply in “Language buddies”"
    assert notice.url == f"/forum/t/{thread.slug}/#post-{post.pk}"
    assert Subscription.objects.filter(thread=thread, user=outsider).exists()
    thread.refresh_from_db()
    assert thread.post_count == 2


def test_unsubscribed_people_are_not_notified(thread, participant, outsider):
    services.unsubscribe(thread, actor=participant)
    services.reply(thread, author=outsider, body="Hello")
    assert Notice.objects.filter(user=participant).count() == 0


def test_a_reply_quotes_a_post_of_the_thread(thread, outsider):
    first = thread.posts.get()
    post = services.reply(thread, author=outsider, body="Me too.", quote=first)
    assert post.body == "> **Alice** wrote:\n>\n> Who runs **buddies**?\n\nMe too."
    assert post.quote == first


def test_a_quote_from_another_thread_is_refused(thread, category, outsider):
    other = services.start_thread(category, author=outsider, title="Other", body="x")
    with pytest.raises(Invalid) as refused:
        services.reply(thread, author=outsider, body="y", quote=other.posts.get())
    assert refused.value.code == "quote"


def test_a_locked_thread_takes_no_replies_but_a_moderators(thread, moderator, outsider):
    services.lock_thread(thread, actor=moderator)
    with pytest.raises(Conflict) as refused:
        services.reply(thread, author=outsider, body="Late")
    assert refused.value.code == "locked"
    assert services.reply(thread, author=moderator, body="Closing note").pk


@pytest.mark.parametrize("who", ["participant", "outsider", "secretariat"])
def test_only_moderators_lock_and_pin(request, thread, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(Forbidden):
        services.lock_thread(thread, actor=actor)
    with pytest.raises(Forbidden):
        services.pin_thread(thread, actor=actor)
    thread.refresh_from_db()
    assert (thread.is_locked, thread.is_pinned) == (False, False)


def test_moderators_pin_and_unpin(thread, moderator):
    assert services.pin_thread(thread, actor=moderator).is_pinned
    assert not services.pin_thread(thread, actor=moderator, pinned=False).is_pinned


def test_edits_keep_the_history(thread, participant, moderator):
    post = thread.posts.get()
    services.edit_post(post, actor=participant, body="Who runs language buddies?")
    services.edit_post(post, actor=moderator, body="Who runs language buddies? (edited)")
    post.refresh_from_db()
    assert post.body == "Who runs language buddies? (edited)"
    assert list(post.revisions.values_list("body", "edited_by")) == [
        ("Who runs **buddies**?", participant.pk),
        ("Who runs language buddies?", moderator.pk),
    ]


def test_others_cannot_edit_a_post(thread, outsider):
    with pytest.raises(Forbidden):
        services.edit_post(thread.posts.get(), actor=outsider, body="Vandalised")
    assert thread.posts.get().body == "Who runs **buddies**?"


def test_a_flag_reaches_the_moderation_queue_once_per_person(thread, outsider):
    post = thread.posts.get()
    report = services.flag_post(post, actor=outsider, reason="Spam")
    again = services.flag_post(post, actor=outsider, reason="Spam again")
    assert again.pk == report.pk
    queued = Report.objects.get()
    assert (queued.kind, queued.context) == ("post", "forum")
    assert queued.object_id == post.pk
    assert (queued.status, queued.reason, queued.subject, queued.reporter) == (
        Report.Status.OPEN,
        "Spam",
        post.author,
        outsider,
    )
    assert queued.excerpt == "Who runs **buddies**?"


def test_people_do_not_flag_their_own_posts(thread, participant):
    with pytest.raises(Forbidden):
        services.flag_post(thread.posts.get(), actor=participant, reason="x")
