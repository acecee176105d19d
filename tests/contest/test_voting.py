"""The People's Choice vote: one per verified account per edition, rate-limited, logged with a
hashed network, withdrawn until the close; on PostgreSQL, concurrent votes count right."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from allauth.account.models import EmailAddress
from django.db import connections
from django.utils import timezone

from salam.contest import selectors, voting
from salam.contest.errors import ContestError
from salam.contest.models import Vote, VoteLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def film(make_ready, make_person):
    return make_ready(make_person("maker"))


def test_one_vote_per_account_and_edition_logged_with_a_hashed_network(film, participant, now):
    vote = voting.cast_vote(film, voter=participant, address="203.0.113.9", now=now)
    assert vote.network == voting.network_of("203.0.113.1") and "203" not in vote.network
    with pytest.raises(ContestError) as again:
        voting.cast_vote(film, voter=participant, address="203.0.113.9", now=now)
    assert again.value.code == "already_voted"
    assert Vote.objects.count() == 1
    assert [(row.action, row.voter, row.at) for row in VoteLog.objects.all()] == [
        ("cast", participant, now)
    ]


def test_withdraw_until_the_close_then_vote_again(film, make_ready, make_person, participant, now):
    other = make_ready(make_person("maker2"))
    voting.cast_vote(film, voter=participant, address="198.51.100.1", now=now)
    assert (
        voting.withdraw_vote(film.edition, voter=participant, address="198.51.100.1", now=now) == 1
    )
    voting.cast_vote(other, voter=participant, address="198.51.100.1", now=now)
    assert list(Vote.objects.values_list("entry", flat=True)) == [other.pk]
    closed = film.edition.vote_closes_at
    with pytest.raises(ContestError) as late:
        voting.withdraw_vote(film.edition, voter=participant, address="198.51.100.1", now=closed)
    assert late.value.code == "closed"
    assert [row.action for row in VoteLog.objects.all()] == ["cast", "withdraw", "cast"]


def test_an_unverified_account_own_entry_and_closed_vote_are_refused(film, participant, now):
    EmailAddress.objects.filter(user=participant).update(verified=False)
    with pytest.raises(ContestError) as unverified:
        voting.cast_vote(film, voter=participant, address="192.0.2.1", now=now)
    assert unverified.value.code == "unverified"
    with pytest.raises(ContestError) as own:
        voting.cast_vote(film, voter=film.entrant, address="192.0.2.1", now=now)
    assert own.value.code == "own_entry"
    with pytest.raises(ContestError) as closed:
        voting.cast_vote(
            film, voter=film.entrant, address="192.0.2.1", now=now + dt.timedelta(days=30)
        )
    assert closed.value.code == "closed"
    assert not Vote.objects.exists()


def test_votes_are_rate_limited_per_network(film, make_person, now, settings):
    settings.CONTEST_VOTE_RATE_PER_MINUTE = 3
    people = [make_person(f"voter{n}") for n in range(4)]
    for person in people[:3]:
        voting.cast_vote(film, voter=person, address="192.0.2.10", now=now)
    with pytest.raises(ContestError) as limited:
        voting.cast_vote(film, voter=people[3], address="192.0.2.11", now=now)
    assert (limited.value.code, limited.value.status) == ("rate_limited", 429)
    assert Vote.objects.count() == 3


def test_the_anomaly_report_shows_a_burst_and_new_accounts(film, make_person):
    people = [make_person(f"v{n}") for n in range(5)]
    now = timezone.now()  # minutes after these accounts signed up
    for person in people:
        voting.cast_vote(film, voter=person, address="192.0.2.50", now=now)
    found = selectors.anomaly_report(film.edition)
    assert found[0].code == "burst"
    assert set(found[0].voter_ids) == {p.pk for p in people}
    assert {a.voter_ids[0] for a in found if a.code == "new_account"} == {p.pk for p in people}


def test_the_vote_page_refuses_a_stranger_and_counts_a_voter(client, film, participant):
    url = f"/contest/{film.edition.slug}/entries/{film.pk}/vote/"
    assert client.post(url).status_code == 302 and not Vote.objects.exists()  # to sign in
    client.force_login(participant)
    client.post(url, REMOTE_ADDR="203.0.113.77")
    assert Vote.objects.get().network == voting.network_of("203.0.113.1")
    page = client.get(film.get_absolute_url()).content.decode()
    assert "You voted for this entry." in page


def race(count: int, cast) -> list[str]:
    barrier = threading.Barrier(count)
    outcomes: list[str] = []

    def one(n: int) -> None:
        barrier.wait()
        try:
            cast(n)
            outcomes.append("ok")
        except ContestError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_votes_count_fifty_and_one_account_fifty_times_counts_one(
    postgres, film, make_person, now, settings
):
    settings.CONTEST_VOTE_RATE_PER_MINUTE = 1000
    voters = [make_person(f"crowd{n}") for n in range(50)]
    outcomes = race(
        50, lambda n: voting.cast_vote(film, voter=voters[n], address=f"10.{n}.0.1", now=now)
    )
    assert outcomes.count("ok") == 50
    assert Vote.objects.filter(entry=film).count() == 50
    Vote.objects.all().delete()
    one = voters[0]
    outcomes = race(50, lambda n: voting.cast_vote(film, voter=one, address="10.99.0.1", now=now))
    assert (outcomes.count("ok"), outcomes.count("already_voted")) == (1, 49)
    assert Vote.objects.filter(voter=one).count() == 1
