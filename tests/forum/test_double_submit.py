"""Double submits on real PostgreSQL: five at once make one record and no error."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from salam.forum import services
from salam.forum.models import Category, Post, Thread
from salam.moderation.models import Report
from tests.events.test_concurrency import all_at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def category(db):
    return Category.objects.create(slug="general", name="General")


def test_five_starts_with_one_token_at_once_open_one_thread(postgres, category, participant):
    token = uuid.uuid4()
    opened: list[int] = []

    def start() -> None:
        thread = services.start_thread(
            category, author=participant, title="Buddies", body="Who runs them?", token=token
        )
        opened.append(thread.pk)

    assert all_at_once([start] * 5) == []
    thread = Thread.objects.get()
    assert opened == [thread.pk] * 5
    assert (thread.slug, Post.objects.count()) == ("buddies", 1)


def test_five_people_starting_the_same_title_at_once_get_five_addresses(
    postgres, category, make_person
):
    people = [make_person(f"racer{n}") for n in range(5)]
    calls = [
        lambda p=p: services.start_thread(category, author=p, title="Same", body="Text")
        for p in people
    ]
    assert all_at_once(calls) == []
    assert sorted(Thread.objects.values_list("slug", flat=True)) == [
        "same",
        "same-2",
        "same-3",
        "same-4",
        "same-5",
    ]


def test_five_posts_of_the_new_thread_page_at_once_answer_the_same_thread(
    postgres, category, participant
):
    form = {"title": "Buddies", "language": "en", "body": "Who?", "token": str(uuid.uuid4())}
    answers: list[tuple[int, str]] = []

    def post() -> None:
        client = Client()
        client.force_login(participant)
        response = client.post("/forum/c/general/new/", form)
        answers.append((response.status_code, response["Location"]))

    assert all_at_once([post] * 5) == []
    assert answers == [(302, "/forum/t/buddies/")] * 5
    assert Thread.objects.count() == 1


def test_the_new_thread_form_carries_a_fresh_token_each_time(client, category, participant):
    client.force_login(participant)
    first = client.get("/forum/c/general/new/").context["form"]["token"].value()
    second = client.get("/forum/c/general/new/").context["form"]["token"].value()
    assert first != second and uuid.UUID(str(first))


def test_one_person_flagging_a_post_five_times_at_once_files_one_report(
    postgres, category, participant, outsider
):
    thread = services.start_thread(category, author=participant, title="T", body="Spam?")
    post = thread.posts.get()
    filed: list[int] = []
    calls = [lambda: filed.append(services.flag_post(post, actor=outsider, reason="Spam").pk)] * 5
    assert all_at_once(calls) == []
    report = Report.objects.get()
    assert filed == [report.pk] * 5


def test_five_flags_through_the_page_at_once_answer_thanks_and_file_one(
    postgres, category, participant, outsider
):
    thread = services.start_thread(category, author=participant, title="T", body="Spam?")
    post = thread.posts.get()
    codes: list[int] = []

    def flag() -> None:
        client = Client()
        client.force_login(outsider)
        codes.append(client.post(f"/forum/posts/{post.pk}/flag/", {"reason": "Spam"}).status_code)

    assert all_at_once([flag] * 5) == []
    assert codes == [302] * 5
    assert Report.objects.count() == 1
