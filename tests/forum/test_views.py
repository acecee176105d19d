from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from salam.forum import services
from salam.forum.models import Category

pytestmark = pytest.mark.django_db


@pytest.fixture
def category(db):
    return Category.objects.create(slug="general", name="General")


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_thread_and_post_lists_run_a_fixed_number_of_queries(client, category, make_person):
    people = [make_person(f"p{n}") for n in range(4)]
    for number in range(30):
        services.start_thread(
            category, author=people[number % 4], title=f"Thread {number}", body="x"
        )
    thread = category.threads.first()
    for number in range(30):
        services.reply(thread, author=people[number % 4], body=f"Reply {number}")
    assert count_queries(client, "/forum/c/general/?per_page=3") == count_queries(
        client, "/forum/c/general/?per_page=30"
    )
    assert count_queries(client, f"/forum/t/{thread.slug}/?per_page=3") == count_queries(
        client, f"/forum/t/{thread.slug}/?per_page=31"
    )


def test_a_post_renders_sanitised_markdown(client, category, participant):
    thread = services.start_thread(
        category,
        author=participant,
        title="Hi",
        body=(
            "**Hello** <script>alert(1)</script> [x](javascript:alert(1)) "
            "<img src=x onerror=alert(1)>"
        ),
    )
    body = client.get(f"/forum/t/{thread.slug}/").content.decode()
    post = body[body.index('class="post-body"') :]
    assert "<strong>Hello</strong>" in post
    assert "<script>alert" not in post
    assert "javascript:" not in post
    assert "onerror" not in post


def test_replying_through_the_page_quotes_and_redirects_to_the_post(
    client, category, participant, outsider
):
    thread = services.start_thread(category, author=participant, title="Hi", body="First")
    client.force_login(outsider)
    response = client.post(
        f"/forum/t/{thread.slug}/reply/", {"body": "Second", "quote": thread.posts.get().pk}
    )
    post = thread.posts.last()
    assert response.status_code == 302
    assert response["Location"] == f"/forum/t/{thread.slug}/?page=1#post-{post.pk}"
    assert post.body.startswith("> **Alice** wrote:")


def test_non_moderators_cannot_lock_through_the_page(client, category, participant, outsider):
    thread = services.start_thread(category, author=participant, title="Hi", body="First")
    client.force_login(outsider)
    assert client.post(f"/forum/t/{thread.slug}/moderate/", {"action": "lock"}).status_code == 403
    thread.refresh_from_db()
    assert not thread.is_locked


def test_flagging_through_the_page(client, category, participant, outsider):
    from salam.moderation.models import Report

    thread = services.start_thread(category, author=participant, title="Hi", body="First")
    client.force_login(outsider)
    client.post(f"/forum/posts/{thread.posts.get().pk}/flag/", {"reason": "Rude"})
    assert list(Report.objects.values_list("reason", flat=True)) == ["Rude"]


def test_the_edit_history_page_shows_former_texts(client, category, participant):
    thread = services.start_thread(category, author=participant, title="Hi", body="Old text")
    post = thread.posts.get()
    services.edit_post(post, actor=participant, body="New text")
    body = client.get(f"/forum/posts/{post.pk}/history/").content.decode()
    assert body.index("New text") < body.index("Old text")
