"""The matcher on small, hand-made pools: reason codes, waiting-time fairness, groups."""

from __future__ import annotations

import datetime as dt

import pytest

from rooms.pairing.matching import Candidate, Pool, match

NOW = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)


def person(person_id: int, **details: object) -> Candidate:
    """A student who speaks English, from a university and country of their own by default."""
    defaults: dict[str, object] = {
        "affiliation": "student",
        "university_id": person_id,
        "country": f"C{person_id}",
        "languages": frozenset({"en"}),
        "interests": frozenset({"music"}),
        "waiting_since": NOW - dt.timedelta(minutes=10),
    }
    return Candidate(id=person_id, **{**defaults, **details})  # type: ignore[arg-type]


def city_person(person_id: int, residency: str, **details: object) -> Candidate:
    return person(person_id, affiliation="city", university_id=None, residency=residency, **details)


def waited(minutes: int) -> dt.datetime:
    return NOW - dt.timedelta(minutes=minutes)


def test_it_pairs_two_compatible_people() -> None:
    pool = Pool(candidates=[person(1, interests=frozenset({"chess", "music"})), person(2)])

    result = match(pool, now=NOW)

    assert [g.members for g in result.groups] == [(1, 2)]
    assert result.groups[0].shared_interests == ("music",)
    assert result.groups[0].shared_languages == ("en",)
    assert result.unmatched == {}


@pytest.mark.parametrize(
    ("pool", "reasons"),
    [
        (
            Pool(candidates=[person(1), person(2, languages=frozenset({"tr"}))]),
            {1: "no_shared_language", 2: "no_shared_language"},
        ),
        (
            Pool(candidates=[person(1, university_id=7), person(2, university_id=7)]),
            {1: "same_university_only", 2: "same_university_only"},
        ),
        (
            Pool(
                kind="city",
                candidates=[
                    city_person(1, "newcomer"),
                    city_person(2, ""),
                    city_person(3, "resident"),
                ],
            ),
            {2: "no_residency"},
        ),
        (
            Pool(
                kind="city",
                candidates=[city_person(1, "newcomer"), city_person(2, "newcomer")],
            ),
            {1: "needs_mix", 2: "needs_mix"},
        ),
        (
            Pool(candidates=[person(1), person(2)], blocks=frozenset({frozenset({2, 1})})),
            {1: "blocked", 2: "blocked"},
        ),
        (
            Pool(candidates=[person(1), person(2)], recent_pairs=frozenset({frozenset({1, 2})})),
            {1: "met_recently", 2: "met_recently"},
        ),
        (
            Pool(candidates=[person(1, waiting_since=waited(5)), person(2), person(3)]),
            {1: "odd_one_out"},
        ),
    ],
    ids=[
        "no_shared_language",
        "same_university_only",
        "no_residency",
        "needs_mix",
        "blocked",
        "met_recently",
        "odd_one_out",
    ],
)
def test_it_says_which_rule_left_each_person_out(pool: Pool, reasons: dict[int, str]) -> None:
    assert match(pool, now=NOW).unmatched == reasons


def test_the_reason_is_the_last_rule_that_removed_a_partner() -> None:
    # 1 shares a language with 2 (same university) and with 3 (blocked): blocked comes later.
    pool = Pool(
        candidates=[
            person(1, university_id=5, languages=frozenset({"en", "tr"})),
            person(2, university_id=5, languages=frozenset({"tr"})),
            person(3, languages=frozenset({"en"})),
        ],
        blocks=frozenset({frozenset({1, 3})}),
    )

    assert match(pool, now=NOW).unmatched == {
        1: "blocked",
        2: "same_university_only",
        3: "blocked",
    }


def test_the_longest_waiting_go_first() -> None:
    # Eleven interchangeable people: the one who arrived last is the odd one out.
    people = [person(i, waiting_since=waited(100 + 7 * i)) for i in range(1, 12)]

    result = match(Pool(candidates=people), now=NOW)

    assert result.unmatched == {1: "odd_one_out"}


def test_waiting_outweighs_a_small_advantage_in_interests_only_up_to_a_cap() -> None:
    """Someone waiting for hours beats a newcomer who shares one more interest."""
    pool = Pool(
        candidates=[
            person(1, interests=frozenset({"music", "chess"}), waiting_since=waited(1)),
            person(2, interests=frozenset({"music", "chess"}), waiting_since=waited(1)),
            person(3, interests=frozenset({"music"}), waiting_since=waited(600)),
        ]
    )

    result = match(pool, now=NOW)

    assert [g.members for g in result.groups] == [(3, 1)]
    assert result.unmatched == {2: "odd_one_out"}


def test_it_pairs_across_countries_before_within_one() -> None:
    pool = Pool(
        candidates=[
            person(1, country="TR", interests=frozenset({"music", "chess", "films"})),
            person(2, country="TR", interests=frozenset({"music", "chess", "films"})),
            person(3, country="NL", interests=frozenset()),
            person(4, country="EG", interests=frozenset()),
        ]
    )

    result = match(pool, now=NOW)

    pairs = {frozenset(g.members) for g in result.groups}
    assert all(len({3, 4} & pair) == 1 for pair in pairs)


def test_it_pairs_within_one_country_rather_than_leave_people_alone() -> None:
    pool = Pool(candidates=[person(1, country="TR"), person(2, country="TR")])

    assert [g.members for g in match(pool, now=NOW).groups] == [(1, 2)]


def test_a_city_pair_is_one_newcomer_and_one_resident() -> None:
    pool = Pool(
        kind="city",
        candidates=[
            city_person(1, "newcomer"),
            city_person(2, "newcomer"),
            city_person(3, "resident"),
            city_person(4, "resident"),
        ],
    )

    result = match(pool, now=NOW)

    assert sorted(sorted(g.members) for g in result.groups) == [[1, 3], [2, 4]] or sorted(
        sorted(g.members) for g in result.groups
    ) == [[1, 4], [2, 3]]


def test_it_is_deterministic() -> None:
    people = [person(i, country=f"C{i % 3}", waiting_since=waited(i)) for i in range(1, 40)]
    pool = Pool(candidates=people)

    assert match(pool, now=NOW) == match(pool, now=NOW)


@pytest.mark.parametrize(
    ("people", "group_size", "sizes"),
    [
        (8, 4, [4, 4]),
        (10, 4, [5, 5]),
        (11, 4, [4, 4, 3]),
        (7, 3, [4, 3]),
        (13, 6, [6, 6]),
        (2, 3, []),
    ],
)
def test_groups_take_the_requested_size_give_or_take_one(
    people: int, group_size: int, sizes: list[int]
) -> None:
    pool = Pool(
        candidates=[person(i, waiting_since=waited(100 - i)) for i in range(1, people + 1)],
        mode="groups",
        group_size=group_size,
    )

    result = match(pool, now=NOW)

    assert [len(g.members) for g in result.groups] == sizes
    assert result.matched_count + len(result.unmatched) == people


def test_the_shortest_waiting_is_left_out_of_full_groups() -> None:
    pool = Pool(
        candidates=[person(i, waiting_since=waited(100 - i)) for i in range(1, 8)],
        mode="groups",
        group_size=6,
    )

    assert match(pool, now=NOW).unmatched == {7: "odd_one_out"}


def test_a_group_holds_at_most_two_people_of_one_university() -> None:
    pool = Pool(
        candidates=[person(i, university_id=1 if i <= 4 else i) for i in range(1, 7)],
        mode="groups",
        group_size=3,
    )

    result = match(pool, now=NOW)

    assert [sum(m <= 4 for m in g.members) for g in result.groups] == [2, 2]


def test_a_group_shares_one_language_and_reports_what_it_shares() -> None:
    pool = Pool(
        candidates=[
            person(1, languages=frozenset({"en", "ar"}), interests=frozenset({"chess", "films"})),
            person(2, languages=frozenset({"fr", "ar"}), interests=frozenset({"chess", "films"})),
            person(3, languages=frozenset({"en", "ar"}), interests=frozenset({"chess"})),
            person(4, languages=frozenset({"en", "fr"}), interests=frozenset({"chess"})),
        ],
        mode="groups",
        group_size=3,
    )

    result = match(pool, now=NOW)

    assert [g.members for g in result.groups] == [(1, 2, 3)]
    assert result.groups[0].shared_languages == ("ar",)
    assert result.groups[0].shared_interests == ("chess", "films")
    assert result.unmatched == {4: "odd_one_out"}


def test_a_city_group_mixes_newcomers_and_residents() -> None:
    people = [city_person(i, "newcomer") for i in range(1, 7)] + [city_person(7, "resident")]
    pool = Pool(kind="city", candidates=people, mode="groups", group_size=3)

    result = match(pool, now=NOW)

    assert len(result.groups) == 1
    assert 7 in result.groups[0].members


@pytest.mark.parametrize(
    "bad",
    [
        {"mode": "groups", "group_size": 2},
        {"mode": "groups", "group_size": 7},
        {"kind": "village"},
        {"candidates": [person(1), person(1)]},
    ],
)
def test_a_malformed_pool_is_refused(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        Pool(**{"candidates": [person(1)], **bad})  # type: ignore[arg-type]


def test_naive_waiting_times_are_refused() -> None:
    with pytest.raises(ValueError):
        person(1, waiting_since=dt.datetime(2025, 1, 1))  # noqa: DTZ001 -- the point of the test
