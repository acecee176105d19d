"""The programmes' cohort matcher: the hard rules on generated pools, and the deal's balance.

The rules are restated here from the issue, independently of the matcher's own checks.
"""

from __future__ import annotations

from collections import Counter
from itertools import combinations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rooms.pairing.matching import REASONS, Candidate
from rooms.pairing.matching.cohorts import (
    MAX_COHORT_SIZE,
    MIN_COHORT_SIZE,
    CohortPool,
    cohort_count,
    form_cohorts,
)

COUNTRIES = ("TR", "NL", "EG", "MA", "BR")
LANGUAGES = ("en", "ar", "fr")


def student(pid: int, country: str, university: int, languages=("en",)) -> Candidate:
    return Candidate(
        id=pid,
        affiliation="student",
        university_id=university,
        country=country,
        languages=frozenset(languages),
    )


def resident(pid: int, residency: str, languages=("nl",)) -> Candidate:
    return Candidate(
        id=pid,
        affiliation="city",
        country="NL" if residency == "resident" else "SY",
        city_id=1,
        residency=residency,  # type: ignore[arg-type]
        languages=frozenset(languages),
    )


def assert_rules(pool: CohortPool) -> None:
    result = form_cohorts(pool)
    people = {c.id: c for c in pool.candidates}
    placed = [m for cohort in result.cohorts for m in cohort.members]
    assert len(placed) == len(set(placed)), "a person in two cohorts"
    assert set(placed) | set(result.unmatched) == set(people)
    assert not set(placed) & set(result.unmatched)
    assert set(result.unmatched.values()) <= set(REASONS)
    for cohort in result.cohorts:
        members = [people[m] for m in cohort.members]
        assert MIN_COHORT_SIZE <= len(members) <= MAX_COHORT_SIZE
        assert all(cohort.language in p.languages for p in members)
        universities = Counter(
            p.university_id for p in members if p.affiliation == "student" and p.university_id
        )
        assert max(universities.values(), default=0) <= 2
        if pool.kind == "city":
            residencies = Counter(p.residency for p in members)
            assert min(residencies["newcomer"], residencies["resident"]) >= len(members) // 3
        else:
            assert len({p.country for p in members}) >= 3
        for a, b in combinations(cohort.members, 2):
            assert frozenset((a, b)) not in pool.blocks
    assert form_cohorts(pool) == result, "not deterministic"


@st.composite
def pools(draw, kind: str):
    size = draw(st.integers(0, 90))
    people = []
    for pid in range(1, size + 1):
        languages = draw(st.frozensets(st.sampled_from(LANGUAGES), min_size=0, max_size=2))
        if kind == "city":
            residency = draw(st.sampled_from(["newcomer", "resident", "resident", ""]))
            people.append(
                Candidate(
                    id=pid,
                    affiliation="city",
                    country="NL",
                    city_id=1,
                    residency=residency,
                    languages=languages,
                )
            )
        else:
            country = draw(st.sampled_from(COUNTRIES))
            university = COUNTRIES.index(country) * 2 + draw(st.integers(0, 1))
            people.append(student(pid, country, university, tuple(languages)))
    ids = [p.id for p in people]
    blocks = frozenset()
    if len(ids) >= 2:
        pairs = draw(st.lists(st.tuples(st.sampled_from(ids), st.sampled_from(ids)), max_size=30))
        blocks = frozenset(frozenset(p) for p in pairs if p[0] != p[1])
    genders = {pid: draw(st.sampled_from(["woman", "man", "non-binary"])) for pid in ids[::2]}
    return CohortPool(
        candidates=people,
        kind=kind,
        cohort_size=draw(st.integers(MIN_COHORT_SIZE, MAX_COHORT_SIZE)),
        blocks=blocks,
        genders=genders,
    )


relaxed = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@relaxed
@given(pools("university"))
def test_no_university_cohort_ever_breaks_a_hard_rule(pool):
    assert_rules(pool)


@relaxed
@given(pools("city"))
def test_no_city_cohort_ever_breaks_a_hard_rule(pool):
    assert_rules(pool)


def test_it_deals_every_country_and_university_evenly():
    # 6 countries x 2 universities x 5 students = 60: six cohorts of ten.
    people, pid = [], 0
    for n, country in enumerate(("TR", "NL", "EG", "MA", "BR", "ES")):
        for u in range(2):
            for _ in range(5):
                pid += 1
                people.append(student(pid, country, n * 2 + u))
    result = form_cohorts(CohortPool(candidates=people, cohort_size=10))
    assert [len(c.members) for c in result.cohorts] == [10] * 6
    assert not result.unmatched
    country_of = {p.id: p.country for p in people}
    for cohort in result.cohorts:
        assert sorted(Counter(country_of[m] for m in cohort.members).values()) == [1, 1, 2, 2, 2, 2]


def test_a_blocked_pair_dealt_together_is_separated():
    people = [student(pid, COUNTRIES[pid % 5], pid % 10, ("en",)) for pid in range(1, 21)]
    first = form_cohorts(CohortPool(candidates=people, cohort_size=10))
    a, b = first.cohorts[0].members[:2]
    result = form_cohorts(
        CohortPool(candidates=people, cohort_size=10, blocks=frozenset([frozenset((a, b))]))
    )
    assert not result.unmatched
    assert not any({a, b} <= set(c.members) for c in result.cohorts)


def test_one_country_alone_makes_no_cohort_and_says_why():
    people = [student(pid, "TR", pid % 6, ("tr",)) for pid in range(1, 31)]
    result = form_cohorts(CohortPool(candidates=people))
    assert result.cohorts == ()
    assert set(result.unmatched.values()) == {"needs_mix"}


def test_too_few_speakers_of_a_language_are_told_so():
    people = [student(pid, COUNTRIES[pid % 5], pid, ("ar",)) for pid in range(1, 5)]
    result = form_cohorts(CohortPool(candidates=people))
    assert result.unmatched == dict.fromkeys(range(1, 5), "no_shared_language")


def test_a_city_cohort_balances_newcomers_and_residents():
    people = [resident(pid, "newcomer" if pid % 2 else "resident") for pid in range(1, 41)]
    people += [resident(pid, "") for pid in range(41, 44)]
    result = form_cohorts(CohortPool(candidates=people, kind="city", cohort_size=10))
    residency = {p.id: p.residency for p in people}
    assert len(result.cohorts) == 4
    for cohort in result.cohorts:
        assert Counter(residency[m] for m in cohort.members) == {"newcomer": 5, "resident": 5}
    assert result.unmatched == dict.fromkeys(range(41, 44), "no_residency")


def test_a_city_majority_beyond_twice_the_minority_waits():
    people = [resident(pid, "newcomer") for pid in range(1, 5)]
    people += [resident(pid, "resident") for pid in range(5, 31)]
    result = form_cohorts(CohortPool(candidates=people, kind="city", cohort_size=10))
    placed = [m for c in result.cohorts for m in c.members]
    assert len(placed) == 12  # 4 newcomers and 8 residents
    assert Counter(result.unmatched.values()) == {"needs_mix": 18}


def test_genders_are_spread_when_people_said():
    people, genders = [], {}
    for pid in range(1, 61):
        people.append(student(pid, COUNTRIES[pid % 5], pid % 12))
        genders[pid] = "woman" if pid <= 30 else "man"
    result = form_cohorts(CohortPool(candidates=people, cohort_size=10, genders=genders))
    for cohort in result.cohorts:
        women = sum(genders[m] == "woman" for m in cohort.members)
        assert 4 <= women <= 6


@pytest.mark.parametrize(
    ("people", "size", "count"),
    [
        (5, 10, 0),
        (6, 10, 1),
        (12, 10, 1),
        (13, 10, 2),
        (24, 10, 2),
        (25, 10, 3),
        (16, 10, 2),
        (130, 12, 11),
    ],
)
def test_cohort_count_keeps_every_cohort_within_its_bounds(people, size, count):
    assert cohort_count(people, size) == count
    if count:
        assert MIN_COHORT_SIZE <= people / count <= MAX_COHORT_SIZE


def test_a_pool_refuses_a_size_out_of_bounds():
    with pytest.raises(ValueError, match="cohort_size"):
        CohortPool(candidates=[], cohort_size=13)
