"""Facilitators for cohorts: fit, no double booking, load spread, shortfall reported."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from rooms.pairing.matching.cohort_facilitators import (
    CohortNeed,
    Facilitator,
    assign_cohort_facilitators,
    fits,
)

TUESDAY_18 = frozenset({(1, 18), (1, 19)})
THURSDAY_18 = frozenset({(3, 18), (3, 19)})
EVENINGS = TUESDAY_18 | THURSDAY_18


def test_each_cohort_gets_facilitators_who_speak_its_language_and_are_free():
    cohorts = [CohortNeed("en", TUESDAY_18), CohortNeed("ar", THURSDAY_18)]
    people = [
        Facilitator(1, frozenset({"en"}), EVENINGS),
        Facilitator(2, frozenset({"ar", "en"}), EVENINGS),
        Facilitator(3, frozenset({"fr"}), EVENINGS),
    ]
    plan = assign_cohort_facilitators(cohorts, people, per_cohort=1)
    assert plan.assigned == {0: (1,), 1: (2,)}
    assert plan.complete


def test_nobody_holds_two_cohorts_at_the_same_hour():
    cohorts = [CohortNeed("en", TUESDAY_18), CohortNeed("en", TUESDAY_18)]
    people = [Facilitator(1, frozenset({"en"}), EVENINGS)]
    plan = assign_cohort_facilitators(cohorts, people, per_cohort=1)
    assert plan.assigned == {0: (1,), 1: ()}
    assert plan.shortfall == {1: 1}
    assert not plan.complete


def test_the_least_loaded_goes_first_and_a_member_never_facilitates_their_own_cohort():
    cohorts = [CohortNeed("en", TUESDAY_18, members=frozenset({2}))]
    people = [
        Facilitator(1, frozenset({"en"}), EVENINGS, load=3),
        Facilitator(2, frozenset({"en"}), EVENINGS, load=0),
        Facilitator(4, frozenset({"en"}), EVENINGS, load=1),
    ]
    plan = assign_cohort_facilitators(cohorts, people, per_cohort=2)
    assert plan.assigned == {0: (4, 1)}


def test_every_cohort_gets_one_before_any_gets_a_second():
    cohorts = [CohortNeed("en", TUESDAY_18), CohortNeed("en", THURSDAY_18)]
    people = [
        Facilitator(1, frozenset({"en"}), TUESDAY_18),
        Facilitator(2, frozenset({"en"}), EVENINGS),
    ]
    plan = assign_cohort_facilitators(cohorts, people, per_cohort=2)
    # Cohort 1 has only facilitator 2: it is served first; 2 also takes cohort 0's second
    # seat, at another hour, once every cohort has one.
    assert plan.assigned == {0: (1, 2), 1: (2,)}
    assert plan.shortfall == {1: 1}


HOURS = st.frozensets(st.tuples(st.integers(0, 6), st.integers(17, 21)), min_size=1, max_size=4)


@given(
    st.lists(st.tuples(st.sampled_from(["en", "ar"]), HOURS), max_size=8),
    st.lists(
        st.tuples(st.frozensets(st.sampled_from(["en", "ar", "fr"]), min_size=1), HOURS),
        max_size=8,
    ),
    st.sampled_from([1, 2]),
)
def test_no_plan_ever_double_books_or_misfits(cohort_specs, facilitator_specs, per_cohort):
    cohorts = [CohortNeed(language, hours) for language, hours in cohort_specs]
    people = [
        Facilitator(n, languages, availability | frozenset({(0, 17)}))
        for n, (languages, availability) in enumerate(facilitator_specs)
    ]
    by_id = {f.id: f for f in people}
    plan = assign_cohort_facilitators(cohorts, people, per_cohort=per_cohort)
    busy: dict[int, set] = {}
    for n, chosen in plan.assigned.items():
        assert len(chosen) == len(set(chosen)) <= per_cohort
        assert plan.shortfall.get(n, 0) == per_cohort - len(chosen)
        for f in chosen:
            assert fits(by_id[f], cohorts[n])
            assert not busy.setdefault(f, set()) & cohorts[n].hours
            busy[f] |= cohorts[n].hours
