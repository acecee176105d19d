"""Round pages: one's match as the round starts, the organiser's start/cancel/edit, figures,
and the feedback form that remembers and asks "Did you meet?"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rooms.models import Feedback, PairingRequest, Round
from rooms.pairing import selectors
from rooms.pairing import services as pairing_services
from salam.people.models import University
from salam.people.roles import Role

pytestmark = pytest.mark.django_db

ISTANBUL = ("Boğaziçi University", "Istanbul", "TR")
MADRID = ("Complutense University of Madrid", "Madrid", "ES")
CAIRO = ("Cairo University", "Cairo", "EG")
PARIS = ("Sciences Po", "Paris", "FR")


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def people(make_person):
    return {
        "amina": make_person("amina", university=CAIRO),
        "lucas": make_person("lucas", university=MADRID),
        "farah": make_person("farah", university=ISTANBUL),
        "nadia": make_person("nadia", university=PARIS),
    }


@pytest.fixture
def round_(organiser, people):
    round_ = pairing_services.create_round(
        actor=organiser,
        title="Autumn round",
        starts_at=timezone.now() + dt.timedelta(hours=1),
        duration_minutes=45,
        pool_kind="university",
        universities=list(University.objects.all()),
        city=None,
        mode="pairs",
        group_size=4,
        facilitators=[],
    )
    for person in people.values():
        pairing_services.sign_up(round_, actor=person)
    return round_


def start(round_, organiser) -> None:
    pairing_services.start_round_now(round_, actor=organiser)
    round_.refresh_from_db()


def page(user, round_) -> str:
    response = client_of(user).get(round_.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_before_the_start_one_is_told_where_the_match_will_appear(round_, people):
    html = page(people["amina"], round_)
    assert 'id="round-wait"' in html
    assert 'id="my-match" class="card match-box" aria-labelledby="my-match-title" hidden' in html


def test_after_the_start_each_person_sees_their_own_match_and_room(round_, people, organiser):
    start(round_, organiser)
    round_.refresh_from_db()
    assert round_.status == Round.Status.DONE
    for name, person in people.items():
        match = selectors.my_match(round_, person)
        assert match is not None
        html = page(person, round_)
        assert f'href="{match.room.get_absolute_url()}"' in html
        others = [m for m in selectors.round_matches(round_) if m.pairing != match.pairing]
        assert all(other.room.get_absolute_url() not in html for other in others), name
        assert match.names[0] in html


def test_someone_not_signed_up_sees_no_match(round_, organiser, make_person):
    start(round_, organiser)
    stranger = make_person("stranger", university=PARIS)
    html = page(stranger, round_)
    assert "/rooms/pair-" not in html


def test_the_organiser_sees_every_match_and_complete_figures(round_, people, organiser):
    start(round_, organiser)
    matches = selectors.round_matches(round_)
    ratings = {"amina": 4, "lucas": 5, "farah": 2}
    for name, rating in ratings.items():
        pairing = selectors.my_match(round_, people[name]).pairing
        pairing_services.save_feedback(
            pairing, actor=people[name], rating=rating, would_talk_again=True, met=True
        )
    no_show = selectors.my_match(round_, people["nadia"]).pairing
    pairing_services.save_feedback(
        no_show, actor=people["nadia"], rating=None, would_talk_again=False, met=False
    )
    overview = selectors.round_overview(round_, organiser, organiser=True)
    feedback = overview["figures"]["feedback"]
    assert feedback["mean"] == pytest.approx(11 / 3)
    assert (feedback["count"], feedback["rated"], feedback["met_count"], feedback["no_show"]) == (
        4,
        3,
        3,
        1,
    )
    assert feedback["ratings"] == [(1, 0), (2, 1), (3, 0), (4, 1), (5, 1)]
    html = page(organiser, round_)
    assert "3.7 / 5" in html
    for match in matches:
        assert match.room.get_absolute_url() in html
    bars = {bar["code"]: bar for bar in overview["figures"]["country_bars"]}
    assert set(bars) == {"EG", "ES", "TR", "FR"}
    assert bars["EG"]["label"] == "🇪🇬 Egypt"
    assert ">1</text>" in html and "Egypt" in html  # counts written on the bars, names not codes


def test_the_mean_is_blank_without_ratings(round_, organiser):
    start(round_, organiser)
    html = page(organiser, round_)
    assert '<dd id="figures-mean">— (0 ratings' in html


# ---- who may start, cancel, edit -------------------------------------------------------------


@pytest.fixture
def refused(make_person, people):
    return {
        "participant": people["amina"],
        "moderator": make_person("mod", role=Role.MODERATOR),
        "another organiser": make_person("org2", role=Role.ORGANISER),
    }


@pytest.mark.parametrize("persona", ["participant", "moderator", "another organiser"])
@pytest.mark.parametrize("action", ["start", "cancel"])
def test_only_the_rounds_organiser_starts_or_cancels_it(round_, refused, persona, action):
    client_of(refused[persona]).post(round_.get_absolute_url(), {"action": action})
    round_.refresh_from_db()
    assert round_.status == Round.Status.SCHEDULED
    assert not round_.pairings.exists()


@pytest.mark.parametrize("persona", ["participant", "moderator", "another organiser"])
def test_only_the_rounds_organiser_edits_it(round_, refused, persona):
    url = reverse("rooms:round-edit", args=[round_.pk])
    client = client_of(refused[persona])
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "Mine now"}).status_code == 403
    round_.refresh_from_db()
    assert round_.title == "Autumn round"


def _form(round_, **changes) -> dict:
    starts = (round_.starts_at + dt.timedelta(days=1)).astimezone(dt.UTC)
    return {
        "title": "Winter round",
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": 60,
        "pool_kind": "university",
        "universities": [u.pk for u in University.objects.all()],
        "mode": "pairs",
        "group_size": 4,
        **changes,
    }


def test_the_organiser_edits_cancels_and_starts_a_round(round_, organiser, people):
    client = client_of(organiser)
    url = reverse("rooms:round-edit", args=[round_.pk])
    assert 'value="Autumn round"' in client.get(url).content.decode()
    response = client.post(url, _form(round_))
    assert response.status_code == 302
    round_.refresh_from_db()
    assert (round_.title, round_.duration_minutes) == ("Winter round", 60)
    client.post(round_.get_absolute_url(), {"action": "cancel"})
    round_.refresh_from_db()
    assert round_.status == Round.Status.CANCELLED
    assert pairing_services.run_due_rounds(now=round_.starts_at + dt.timedelta(hours=1)) == []


def test_a_bad_edit_changes_nothing(round_, organiser):
    url = reverse("rooms:round-edit", args=[round_.pk])
    response = client_of(organiser).post(url, _form(round_, universities=[]))
    assert response.status_code == 200
    assert "A university round needs at least one university." in response.content.decode()
    round_.refresh_from_db()
    assert round_.title == "Autumn round"


def test_a_started_round_can_no_longer_be_edited_or_cancelled(round_, organiser):
    start(round_, organiser)
    client = client_of(organiser)
    client.post(reverse("rooms:round-edit", args=[round_.pk]), _form(round_))
    client.post(round_.get_absolute_url(), {"action": "cancel"})
    client.post(round_.get_absolute_url(), {"action": "start"})
    round_.refresh_from_db()
    assert (round_.title, round_.status) == ("Autumn round", Round.Status.DONE)
    assert round_.pairings.count() == 2


# ---- feedback --------------------------------------------------------------------------------


@pytest.fixture
def pair(people):
    now = timezone.now() - dt.timedelta(minutes=30)
    pairing_services.request_pairing(actor=people["amina"], now=now)
    return pairing_services.request_pairing(actor=people["lucas"], now=now).pairing


def feedback_url(pairing) -> str:
    return reverse("rooms:feedback", args=[pairing.pk])


def test_the_scale_says_what_each_point_means(pair, people):
    html = client_of(people["amina"]).get(feedback_url(pair)).content.decode()
    assert "Did you meet?" in html
    assert "1: it did not work, we could hardly talk" in html
    assert "5: excellent, a real conversation I want to continue" in html


def test_the_form_remembers_and_changes_what_was_sent(pair, people):
    client = client_of(people["amina"])
    client.post(feedback_url(pair), {"met": "yes", "rating": "4", "comment": "lovely"})
    html = client.get(feedback_url(pair)).content.decode()
    assert "You rated this conversation 4. Change it below." in html
    assert 'value="4" id="id_rating_3" checked' in html
    assert 'value="yes" id="id_met_0" required checked' in html
    assert "\nlovely</textarea>" in html
    client.post(feedback_url(pair), {"met": "yes", "rating": "5", "comment": "even better"})
    feedback = Feedback.objects.get()
    assert (feedback.rating, feedback.comment, feedback.met) == (5, "even better", True)
    assert feedback.updated_at is not None


def test_both_partners_are_asked_whether_they_met(pair, people):
    client_of(people["amina"]).post(feedback_url(pair), {"met": "yes", "rating": "4"})
    client_of(people["lucas"]).post(feedback_url(pair), {"met": "yes", "rating": "3"})
    assert sorted(Feedback.objects.values_list("user__username", "met")) == [
        ("amina", True),
        ("lucas", True),
    ]


def test_a_rating_is_needed_when_one_met(pair, people):
    response = client_of(people["amina"]).post(feedback_url(pair), {"met": "yes"})
    assert response.status_code == 200
    assert "Rate the conversation from 1 to 5." in response.content.decode()
    assert not Feedback.objects.exists()


def test_a_no_show_answer_puts_one_first_in_the_queue(pair, people):
    response = client_of(people["amina"]).post(feedback_url(pair), {"met": "no"})
    assert response.status_code == 302
    request = PairingRequest.objects.get(user=people["amina"], status="waiting")
    assert request.waiting_since < request.created_at - dt.timedelta(hours=1)  # the front
    feedback = Feedback.objects.get()
    assert (feedback.met, feedback.rating) == (False, None)
    # saying it again does not ask twice
    client_of(people["amina"]).post(feedback_url(pair), {"met": "no"})
    assert PairingRequest.objects.filter(user=people["amina"]).count() == 2  # first + this one


def test_a_no_show_answer_finds_the_one_waiting(pair, people):
    pairing_services.request_pairing(actor=people["farah"])
    response = client_of(people["amina"]).post(feedback_url(pair), {"met": "no"})
    new = selectors.pairing_overview(people["farah"], now=timezone.now())["pairings"][0]
    assert response.status_code == 302 and response["Location"] == new.room.get_absolute_url()


def test_no_re_queue_when_the_partner_did_come(pair, people):
    from rooms.chat import services as chat_services

    chat_services.post_message(pair.room, author=people["lucas"], body="hi", client_id="c1")
    client_of(people["amina"]).post(feedback_url(pair), {"met": "no"})
    assert not PairingRequest.objects.filter(user=people["amina"], status="waiting").exists()


def test_a_stranger_cannot_give_feedback(pair, people):
    response = client_of(people["farah"]).post(feedback_url(pair), {"met": "no"})
    assert response.status_code == 404
    assert not Feedback.objects.exists()


def test_an_organiser_who_lost_the_role_can_no_longer_start_their_round(round_, organiser):
    from salam.people import services as people_services

    people_services.revoke_role(organiser, Role.ORGANISER)
    client_of(organiser).post(round_.get_absolute_url(), {"action": "start"})
    round_.refresh_from_db()
    assert round_.status == Round.Status.SCHEDULED
    assert (
        client_of(organiser).get(reverse("rooms:round-edit", args=[round_.pk])).status_code == 403
    )


def test_only_the_people_told_are_computed(make_person):
    now = timezone.now()
    same = [make_person(f"cairo{n}", university=CAIRO) for n in range(3)]  # never a pair
    for minutes, person in enumerate(same):
        pairing_services.request_pairing(actor=person, now=now + dt.timedelta(minutes=minutes))
    later = now + dt.timedelta(minutes=5)
    ids = [person.pk for person in same]
    assert list(selectors.waiting_statuses(now=later, limit=2)) == ids[:2]  # longest first
    assert list(selectors.waiting_statuses(now=later, exclude=ids[:1])) == ids[1:]
    assert list(selectors.waiting_statuses(now=later, only=ids[2:])) == ids[2:]
    told = selectors.waiting_statuses(now=later, only=ids[2:])[ids[2]].waiting
    assert (told.in_pool, told.reason) == (2, "same_university_only")
