"""`why_waiting`: what a person left in the queue is told (pure), and the frames that say it."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rooms.pairing import services as pairing_services
from rooms.pairing.matching import Candidate, Waiting, best_partner, pair_set, why_waiting
from tests.rooms.frames import Listener
from tests.rooms.pairing.test_instant import resident, student

NOW = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)


def test_alone_in_the_queue_one_waits_for_the_next_person() -> None:
    assert why_waiting(student(1), [student(1)], now=NOW) == Waiting(in_pool=0, reason=None)


def test_city_participants_are_not_counted_in_a_students_pool() -> None:
    assert why_waiting(student(1), [resident(2, "newcomer")], now=NOW) == Waiting(0, None)


@pytest.mark.parametrize(
    ("other", "blocks", "recent", "reason"),
    [
        (student(2, languages=frozenset({"tr"})), (), (), "no_shared_language"),
        (student(2, university_id=1), (), (), "same_university_only"),
        (student(2), ((1, 2),), (), "blocked"),
        (student(2), ((2, 1),), (), "blocked"),
        (student(2), (), ((1, 2),), "met_recently"),
        (student(2), (), (), "odd_one_out"),  # a partner fits: they will be paired
    ],
)
def test_it_names_the_rule_that_keeps_the_others_away(other, blocks, recent, reason) -> None:
    told = why_waiting(
        student(1), [other], blocks=pair_set(blocks), recent_pairs=pair_set(recent), now=NOW
    )
    assert told == Waiting(in_pool=1, reason=reason)


def test_the_deepest_rule_wins_when_several_people_wait() -> None:
    others = [student(2, languages=frozenset({"tr"})), student(3, university_id=1)]
    assert why_waiting(student(1), others, now=NOW) == Waiting(2, "same_university_only")


def test_in_a_city_two_residents_need_a_newcomer() -> None:
    assert why_waiting(resident(1, "resident"), [resident(2, "resident")], now=NOW) == Waiting(
        1, "needs_mix"
    )


def test_a_city_participant_without_residency_is_told_so() -> None:
    assert why_waiting(resident(1, ""), [resident(2, "newcomer")], now=NOW) == Waiting(
        1, "no_residency"
    )


def test_people_just_paired_give_the_reason_but_leave_the_pool() -> None:
    others = [student(2, university_id=1), student(3, university_id=1)]
    told = why_waiting(student(1), others, paired=frozenset({2, 3}), now=NOW)
    assert told == Waiting(in_pool=0, reason="same_university_only")


people = st.builds(
    lambda i, uni, langs: student(i, university_id=uni, languages=frozenset(langs)),
    st.integers(1, 12),
    st.integers(1, 3),
    st.sets(st.sampled_from(["en", "ar", "fr"]), min_size=1, max_size=2),
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(people, min_size=1, max_size=8, unique_by=lambda c: c.id),
    st.sets(st.tuples(st.integers(1, 12), st.integers(1, 12)), max_size=4),
)
def test_a_reason_other_than_odd_one_out_means_best_partner_finds_nobody(
    pool: list[Candidate], blocked: set[tuple[int, int]]
) -> None:
    person, waiting = pool[0], pool[1:]
    blocks = pair_set((a, b) for a, b in blocked if a != b)
    told = why_waiting(person, waiting, blocks=blocks, now=NOW)
    partner = best_partner(person, waiting, blocks=blocks, now=NOW)
    assert told.in_pool == len(waiting)
    assert (told.reason is None) == (not waiting)
    assert (partner is not None) == (told.reason == "odd_one_out")


# ---- the frames ------------------------------------------------------------------------------

ISTANBUL = ("Boğaziçi University", "Istanbul", "TR")
MADRID = ("Complutense University of Madrid", "Madrid", "ES")


def told(events: list[dict]) -> list[dict]:
    return [
        {k: v for k, v in event.items() if k not in {"expires_at", "type"}}
        for event in events
        if event["type"] == "pairing.waiting"
    ]


@pytest.mark.django_db
def test_those_left_waiting_when_others_pair_are_told_why(
    make_person, django_capture_on_commit_callbacks
):
    amina = make_person("amina", university=ISTANBUL)
    farah = make_person("farah", university=ISTANBUL)
    lucas = make_person("lucas", university=MADRID)
    first = pairing_services.request_pairing(actor=amina, now=NOW)
    assert first.waiting is not None and first.waiting.in_pool == 0
    to_amina = Listener(f"user.{amina.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        second = pairing_services.request_pairing(actor=farah, now=NOW)
    assert second.status == "waiting"
    assert second.waiting is not None
    assert (second.waiting.in_pool, second.waiting.reason) == (1, "same_university_only")
    assert told(to_amina.events()) == [
        {"in_pool": 1, "reason": "same_university_only", "languages": ["en"]}
    ]
    to_farah = Listener(f"user.{farah.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        third = pairing_services.request_pairing(actor=lucas, now=NOW)
    assert third.status == "paired"
    assert told(to_farah.events()) == [
        {"reason": "odd_one_out", "languages": ["en"], "others_paired": True}
    ]  # lucas could have been farah's partner, but amina had waited longer


@pytest.mark.django_db
def test_one_nobody_could_pair_with_is_told_the_rule(
    make_person, django_capture_on_commit_callbacks
):
    amina = make_person("amina", university=ISTANBUL)
    farah = make_person("farah", university=MADRID, languages=("tr",))
    lucas = make_person("lucas", university=MADRID)
    pairing_services.request_pairing(actor=farah, now=NOW)
    pairing_services.request_pairing(actor=amina, now=NOW)
    to_farah = Listener(f"user.{farah.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        assert pairing_services.request_pairing(actor=lucas, now=NOW).status == "paired"
    assert told(to_farah.events()) == [
        {"reason": "no_shared_language", "languages": ["tr"], "others_paired": True}
    ]


@pytest.mark.django_db
def test_cancelling_tells_the_others_their_pool_shrank(
    make_person, django_capture_on_commit_callbacks
):
    amina = make_person("amina", university=ISTANBUL)
    farah = make_person("farah", university=ISTANBUL)
    pairing_services.request_pairing(actor=amina, now=NOW)
    pairing_services.request_pairing(actor=farah, now=NOW)
    to_amina = Listener(f"user.{amina.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        pairing_services.cancel_pairing(actor=farah, now=NOW)
    assert told(to_amina.events()) == [{"languages": ["en"]}]
