"""The reply box: the quote in the box to edit, the preview endpoint, refusals keep the text."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages

from salam.forum import services
from salam.forum.models import Category

pytestmark = pytest.mark.django_db


@pytest.fixture
def thread(db, participant):
    category = Category.objects.create(slug="general", name="General")
    return services.start_thread(category, author=participant, title="Hi", body="First *post*")


def test_quoting_puts_the_quote_in_the_reply_box(client, thread, outsider):
    client.force_login(outsider)
    first = thread.posts.get()
    body = client.get(f"/forum/t/{thread.slug}/?quote={first.pk}").content.decode()
    box = body[body.index("<textarea") : body.index("</textarea>")]
    assert "&gt; **Alice** wrote:\n&gt;\n&gt; First *post*\n\n" in box
    assert f'name="quote" value="{first.pk}"' in body


def test_the_quote_endpoint_gives_the_markdown(client, thread, outsider):
    client.force_login(outsider)
    first = thread.posts.get()
    answer = client.get(f"/forum/posts/{first.pk}/quote/").json()
    assert answer == {"post": first.pk, "markdown": "> **Alice** wrote:\n>\n> First *post*\n\n"}


def test_a_stranger_and_a_hidden_post_get_no_quote(client, thread, outsider, moderator):
    first = thread.posts.get()
    assert client.get(f"/forum/posts/{first.pk}/quote/").status_code == 302  # to sign in
    services.hide_post(first, actor=moderator, reason="spam")
    client.force_login(outsider)
    assert client.get(f"/forum/posts/{first.pk}/quote/").status_code == 404


def test_an_edited_quote_is_kept_as_written(client, thread, outsider):
    client.force_login(outsider)
    first = thread.posts.get()
    client.post(
        f"/forum/t/{thread.slug}/reply/",
        {"body": "> **Alice** wrote:\n> First\n\nI agree.", "quote": first.pk},
    )
    reply = thread.posts.last()
    assert reply.body == "> **Alice** wrote:\n> First\n\nI agree."
    assert reply.quote == first


def test_a_posted_reply_says_so(client, thread, outsider):
    client.force_login(outsider)
    response = client.post(f"/forum/t/{thread.slug}/reply/", {"body": "Hello"})
    assert [str(m) for m in get_messages(response.wsgi_request)] == ["Your reply is posted."]


def test_a_refused_reply_keeps_its_text_with_the_error_at_the_box(client, thread, outsider):
    client.force_login(outsider)
    too_long = "x" * (services.MAX_BODY + 1)
    response = client.post(f"/forum/t/{thread.slug}/reply/", {"body": too_long})
    body = response.content.decode()
    assert response.status_code == 400
    assert too_long in body
    assert "Keep posts under" in body
    assert thread.posts.count() == 1


def test_the_preview_renders_the_safe_markup_of_posts(client, outsider):
    client.force_login(outsider)
    response = client.post(
        "/forum/preview/", {"body": "> quoted\n\n**bold** <script>alert(1)</script>"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<blockquote>" in html and "<strong>bold</strong>" in html
    assert "<script" not in html


def test_the_preview_refuses_strangers_gets_and_oversized_text(client, outsider):
    assert client.post("/forum/preview/", {"body": "x"}).status_code == 302  # sign in first
    client.force_login(outsider)
    assert client.get("/forum/preview/").status_code == 405
    assert client.post("/forum/preview/", {"body": "x" * 20_001}).status_code == 400


def test_the_preview_refuses_a_person_whose_account_was_just_closed(client, outsider):
    client.force_login(outsider)
    assert client.post("/forum/preview/", {"body": "x"}).status_code == 200
    outsider.is_active = False  # everyone is a participant: closing the account takes it away
    outsider.save(update_fields=["is_active"])
    response = client.post("/forum/preview/", {"body": "**x**"})
    assert response.status_code == 302 and "<strong>" not in response.content.decode()
