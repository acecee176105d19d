"""`best_partner`: instant pairing against whoever is waiting right now."""

from __future__ import annotations

import datetime as dt

from rooms.pairing.matching import Candidate, best_partner

NOW = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)


def student(person_id: int, *, minutes: int = 1, **details: object) -> Candidate:
    defaults: dict[str, object] = {
        "affiliation": "student",
        "university_id": person_id,
        "country": f"C{person_id}",
        "languages": frozenset({"en"}),
        "interests": frozenset(),
        "waiting_since": NOW - dt.timedelta(minutes=minutes),
    }
    return Candidate(id=person_id, **{**defaults, **details})  # type: ignore[arg-type]


def resident(person_id: int, residency: str, *, city_id: int = 1, minutes: int = 1) -> Candidate:
    return student(
        person_id,
        affiliation="city",
        university_id=None,
        residency=residency,
        city_id=city_id,
        minutes=minutes,
    )


def test_nobody_waiting_means_no_partner() -> None:
    assert best_partner(student(1), [], now=NOW) is None


def test_it_skips_the_person_themselves() -> None:
    me = student(1)

    assert best_partner(me, [me, student(2)], now=NOW) == 2


def test_among_good_matches_the_longest_waiting_wins() -> None:
    me = student(1, interests=frozenset({"music", "chess"}))
    waiting = [
        student(2, interests=frozenset({"music", "chess"}), minutes=1),
        student(3, interests=frozenset({"music"}), minutes=30),
        student(4, interests=frozenset(), minutes=300),
    ]

    # 3 is within one interest of the best and has waited longer; 4 shares nothing.
    assert best_partner(me, waiting, now=NOW) == 3


def test_a_partner_from_another_country_comes_first() -> None:
    me = student(1, country="TR", interests=frozenset({"music", "chess"}))
    waiting = [
        student(2, country="TR", interests=frozenset({"music", "chess"}), minutes=60),
        student(3, country="NL"),
    ]

    assert best_partner(me, waiting, now=NOW) == 3


def test_the_hard_rules_hold() -> None:
    me = student(1, university_id=9)
    waiting = [
        student(2, university_id=9),
        student(3, languages=frozenset({"tr"})),
        student(4),
        student(5),
        student(6, affiliation="city", university_id=None, residency="resident"),
    ]

    partner = best_partner(
        me,
        waiting,
        blocks=frozenset({frozenset({4, 1})}),
        recent_pairs=frozenset({frozenset({1, 5})}),
        now=NOW,
    )

    assert partner is None


def test_city_participants_meet_the_other_residency_in_their_own_city() -> None:
    me = resident(1, "newcomer")
    waiting = [
        resident(2, "newcomer", minutes=60),
        resident(3, "resident", city_id=2, minutes=60),
        resident(4, "resident"),
    ]

    assert best_partner(me, waiting, now=NOW) == 4


def test_without_a_residency_a_city_participant_is_not_paired() -> None:
    assert best_partner(resident(1, ""), [resident(2, "resident")], now=NOW) is None
