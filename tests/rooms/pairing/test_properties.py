"""Property tests: on random pools, no output of the matcher ever breaks a hard rule.

The rules are restated here from the issue, independently of rooms.pairing's own checks.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from itertools import combinations

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rooms.pairing.matching import REASONS, Candidate, MatchResult, Pool, compatibility_edges, match
from rooms.pairing.matching.sample import random_pool
from rooms.pairing.matching.scoring import pair_scorer, pool_table

NOW = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)
LANGUAGES = ("en", "tr", "ar", "nl")
INTERESTS = ("music", "football", "films", "chess", "cooking")
COUNTRIES = ("TR", "NL", "EG")


def same_university(a: Candidate, b: Candidate) -> bool:
    return (
        a.affiliation == b.affiliation == "student"
        and a.university_id is not None
        and a.university_id == b.university_id
    )


def forbidden(pool: Pool, a: Candidate, b: Candidate) -> bool:
    pair = frozenset((a.id, b.id))
    return pair in pool.blocks or pair in pool.recent_pairs


def allowed_pair(pool: Pool, a: Candidate, b: Candidate) -> bool:
    """The issue's hard rules for two people as a pair."""
    return bool(
        a.languages & b.languages
        and not same_university(a, b)
        and (pool.kind != "city" or {a.residency, b.residency} == {"newcomer", "resident"})
        and not forbidden(pool, a, b)
    )


def cross_country(a: Candidate, b: Candidate) -> bool:
    return a.affiliation == b.affiliation == "student" and a.country != b.country


def expected_reason(pool: Pool, person: Candidate) -> str:
    """The documented reason: the rule, in order, that removed the last possible partner."""
    if pool.kind == "city" and person.residency == "":
        return "no_residency"
    others = [
        c
        for c in pool.candidates
        if c.id != person.id and not (pool.kind == "city" and c.residency == "")
    ]
    if not others:
        return "odd_one_out"
    rules = [
        ("no_shared_language", lambda c: bool(person.languages & c.languages)),
        ("same_university_only", lambda c: not same_university(person, c)),
        (
            "needs_mix",
            lambda c: (
                pool.kind != "city" or {person.residency, c.residency} == {"newcomer", "resident"}
            ),
        ),
        ("blocked", lambda c: frozenset((person.id, c.id)) not in pool.blocks),
        ("met_recently", lambda c: frozenset((person.id, c.id)) not in pool.recent_pairs),
    ]
    for reason, keeps in rules:
        others = [c for c in others if keeps(c)]
        if not others:
            return reason
    return "odd_one_out"


def assert_hard_rules(pool: Pool, result: MatchResult) -> None:
    """Every rule of the issue, on one result."""
    people = {c.id: c for c in pool.candidates}
    placed = [m for group in result.groups for m in group.members]
    assert sorted(placed + list(result.unmatched)) == sorted(people)
    assert set(result.unmatched.values()) <= set(REASONS)

    for group in result.groups:
        members = [people[m] for m in group.members]
        if pool.mode == "pairs":
            assert len(members) == 2
        else:
            size = pool.group_size
            assert max(3, size - 1) <= len(members) <= min(6, size + 1)
        common = frozenset.intersection(*(m.languages for m in members))
        assert common, "a group needs one language that every member speaks"
        assert tuple(sorted(common)) == group.shared_languages
        universities = Counter(
            m.university_id
            for m in members
            if m.affiliation == "student" and m.university_id is not None
        )
        assert max(universities.values(), default=0) <= (1 if pool.mode == "pairs" else 2)
        if pool.kind == "city":
            residencies = Counter(m.residency for m in members)
            assert residencies["newcomer"] >= 1
            assert residencies["resident"] >= 1
        for a, b in combinations(members, 2):
            assert not forbidden(pool, a, b), "blocked or recently met"
        # Members are listed longest-waiting first.
        assert [m.waiting_since for m in members] == sorted(m.waiting_since for m in members)

    if pool.mode == "pairs":
        alone = [people[i] for i in result.unmatched]
        for group in result.groups:
            a, b = (people[m] for m in group.members)
            if a.affiliation == b.affiliation == "student" and a.country == b.country:
                for person in (a, b):
                    assert not any(
                        cross_country(person, u) and allowed_pair(pool, person, u) for u in alone
                    ), "same-country pair while a cross-country partner was left alone"
    for person_id, reason in result.unmatched.items():
        assert reason == expected_reason(pool, people[person_id])


@st.composite
def candidates(draw: st.DrawFn, person_id: int, kind: str) -> Candidate:
    return Candidate(
        id=person_id,
        affiliation="student" if kind == "university" else "city",
        university_id=draw(st.sampled_from([None, 1, 2, 3, 4])),
        country=draw(st.sampled_from(COUNTRIES)),
        city_id=1,
        residency=draw(st.sampled_from(["newcomer", "resident", "resident", "newcomer", ""])),
        languages=draw(st.frozensets(st.sampled_from(LANGUAGES), min_size=1, max_size=2)),
        interests=draw(st.frozensets(st.sampled_from(INTERESTS), max_size=3)),
        utc_offset_minutes=draw(st.sampled_from([-300, 0, 60, 180, 540])),
        waiting_since=NOW - dt.timedelta(minutes=draw(st.integers(0, 2_000))),
        online=draw(st.booleans()),
    )


@st.composite
def pools(draw: st.DrawFn, mode: str, max_size: int = 18) -> Pool:
    kind = draw(st.sampled_from(["university", "city"]))
    size = draw(st.integers(0, max_size))
    people = [draw(candidates(i, kind)) for i in range(1, size + 1)]
    pairs = st.just(frozenset())
    if size >= 2:
        pairs = st.frozensets(
            st.frozensets(st.integers(1, size), min_size=2, max_size=2), max_size=size
        )
    return Pool(
        candidates=people,
        kind=kind,
        mode=mode,
        group_size=draw(st.integers(3, 6)),
        blocks=draw(pairs),
        recent_pairs=draw(pairs),
    )


# Half as many examples again as the profile's (150 under CI, 15 in a developer's default run;
# the profiles are in tests/conftest.py): the matcher's rules are the riskiest code here.
relaxed = settings(
    max_examples=settings().max_examples * 3 // 2,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@relaxed
@given(pool=pools("pairs"))
def test_pairs_never_break_a_hard_rule(pool: Pool) -> None:
    assert_hard_rules(pool, match(pool, now=NOW))


@relaxed
@given(pool=pools("groups", max_size=30))
def test_groups_never_break_a_hard_rule(pool: Pool) -> None:
    assert_hard_rules(pool, match(pool, now=NOW))


@relaxed
@given(pool=pools("pairs"))
def test_pairs_leave_no_more_people_unmatched_than_a_maximum_matching(pool: Pool) -> None:
    graph = nx.Graph()
    graph.add_edges_from((a, b) for a, b, _ in compatibility_edges(pool, NOW))
    most = nx.max_weight_matching(graph, maxcardinality=True)

    result = match(pool, now=NOW)

    assert len(result.groups) == len(most)


@relaxed
@given(pool=pools("pairs"))
def test_the_compatibility_graph_is_exactly_the_allowed_pairs(pool: Pool) -> None:
    expected = {
        frozenset((a.id, b.id))
        for a, b in combinations(pool.candidates, 2)
        if allowed_pair(pool, a, b)
        and not (pool.kind == "city" and "" in (a.residency, b.residency))
    }

    edges = compatibility_edges(pool, NOW)

    assert {frozenset((a, b)) for a, b, _ in edges} == expected


@relaxed
@given(pool=pools("pairs"))
def test_a_pair_scores_its_edge(pool: Pool) -> None:
    scores = {frozenset((a, b)): w for a, b, w in compatibility_edges(pool, NOW)}

    result = match(pool, now=NOW)

    for group in result.groups:
        assert group.score == pytest.approx(scores[frozenset(group.members)])


@relaxed
@given(pool=pools("pairs"))
def test_the_fast_scorer_gives_every_pair_its_exact_score(pool: Pool) -> None:
    table = pool_table(pool, NOW)
    scorer = pair_scorer(table)
    people = range(len(table.ids))

    for i in people:
        expected = [table.weight(i, j) for j in people]
        assert scorer.row(i, list(people)) == expected
        assert [scorer.pair(i, j) for j in people] == expected


@pytest.mark.parametrize("kind", ["university", "city"])
@pytest.mark.parametrize("size", [700, pytest.param(4_000, marks=pytest.mark.slow)])
def test_large_pools_keep_the_rules(kind: str, size: int) -> None:
    """Pools above the exact limit take the sampled path; the rules hold there too."""
    pool = random_pool(size, seed=7, now=NOW, kind=kind, block_rate=0.05, recent_rate=0.05)

    assert_hard_rules(pool, match(pool, now=NOW))


@pytest.mark.parametrize("kind", ["university", "city"])
@pytest.mark.parametrize("group_size", [3, 4, 6])
def test_large_group_rounds_keep_the_rules(kind: str, group_size: int) -> None:
    pool = random_pool(500, seed=3, now=NOW, kind=kind, mode="groups", group_size=group_size)

    result = match(pool, now=NOW)

    assert_hard_rules(pool, result)
    assert len(result.unmatched) < 0.05 * len(pool.candidates)
