"""Feedback on a pairing is left once per person, even sent five times at once."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from rooms.errors import RoomError
from rooms.models import Feedback
from rooms.pairing import services
from tests.events.test_concurrency import all_at_once
from tests.rooms.pairing.test_flow import UNIVERSITIES

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pairing(make_person):
    amina = make_person("amina", university=UNIVERSITIES[0])
    lucas = make_person("lucas", university=UNIVERSITIES[1])
    services.request_pairing(actor=amina)
    return services.request_pairing(actor=lucas).pairing, amina


def test_five_feedbacks_at_once_store_one_and_the_rest_answer_already_done(postgres, pairing):
    pairing, amina = pairing
    codes: list[str] = []

    def leave() -> None:
        try:
            services.leave_feedback(pairing, actor=amina, rating=4, would_talk_again=True)
            codes.append("stored")
        except RoomError as error:
            codes.append(error.code)

    assert all_at_once([leave] * 5) == []
    assert sorted(codes) == ["duplicate"] * 4 + ["stored"]
    assert Feedback.objects.count() == 1


def test_five_posts_of_the_feedback_page_at_once_answer_friendly_redirects(postgres, pairing):
    pairing, amina = pairing
    said: list[tuple[int, list[str]]] = []

    def post() -> None:
        client = Client()
        client.force_login(amina)
        response = client.post(
            f"/rooms/pairing/{pairing.pk}/feedback/", {"met": "yes", "rating": "5"}
        )
        said.append((response.status_code, [str(m) for m in get_messages(response.wsgi_request)]))

    assert all_at_once([post] * 5) == []
    assert [code for code, _ in said] == [302] * 5
    told = sorted(m for _, messages in said for m in messages)
    assert told.count("Thank you for your feedback.") == 1
    # the others either raced the first (a duplicate) or came after it (a change): never two rows
    assert set(told) - {"Thank you for your feedback."} <= {
        "You left feedback on this conversation already.",
        "Your feedback is changed.",
    }
    assert len(told) == 5
    assert Feedback.objects.count() == 1
