"""A journal submission sent five times at once makes one article and no error."""

from __future__ import annotations

import uuid

import pytest
from django.test import Client

from salam.journal import services
from salam.journal.models import Article, Version
from tests.events.test_concurrency import all_at_once
from tests.journal.test_services import TEXT

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_five_submits_with_one_token_at_once_make_one_article(postgres, make_person):
    author = make_person("amina")
    token = uuid.uuid4()
    made: list[int] = []
    call = lambda: made.append(services.submit_article(author=author, token=token, **TEXT).pk)  # noqa: E731
    assert all_at_once([call] * 5) == []
    article = Article.objects.get()
    assert made == [article.pk] * 5
    assert (article.slug, Version.objects.count()) == ("mentoring-newcomers-into-work", 1)


def test_five_people_submitting_one_title_at_once_get_five_addresses(postgres, make_person):
    people = [make_person(f"writer{n}") for n in range(5)]
    calls = [lambda p=p: services.submit_article(author=p, **TEXT) for p in people]
    assert all_at_once(calls) == []
    assert Article.objects.values("slug").distinct().count() == 5


def test_five_posts_of_the_submit_page_at_once_answer_the_same_article(postgres, make_person):
    author = make_person("amina")
    form = {**TEXT, "token": str(uuid.uuid4())}
    answers: list[tuple[int, str]] = []

    def post() -> None:
        client = Client()
        client.force_login(author)
        response = client.post("/journal/submit/", form)
        answers.append((response.status_code, response["Location"]))

    assert all_at_once([post] * 5) == []
    article = Article.objects.get()
    assert answers == [(302, article.get_absolute_url())] * 5
