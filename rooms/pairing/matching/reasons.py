"""Why someone was left unmatched: the first hard rule that left them with nobody."""

from __future__ import annotations

from .data import (
    BLOCKED,
    MET_RECENTLY,
    NEEDS_MIX,
    NO_RESIDENCY,
    NO_SHARED_LANGUAGE,
    ODD_ONE_OUT,
    SAME_UNIVERSITY_ONLY,
    Reason,
)
from .scoring import Table

# The pair rules in the order they are applied; a person's reason is the rule that removed
# the last of their possible partners.
_CHAIN: tuple[Reason, ...] = (
    NO_SHARED_LANGUAGE,
    SAME_UNIVERSITY_ONLY,
    NEEDS_MIX,
    BLOCKED,
    MET_RECENTLY,
)
_DEPTH = {reason: depth for depth, reason in enumerate(_CHAIN)}


def unmatched_reason(table: Table, i: int, eligible: list[int]) -> Reason:
    """The reason code for `i`, left out by the matcher, among the `eligible` people.

    `no_residency`: a city pool needs to know whether one is a newcomer or a resident.
    Then, rule by rule: nobody shares a language; everyone left is from the same university;
    everyone left has the same residency (city pools); everyone left was blocked (either
    way); everyone left was met within the last rounds. `odd_one_out`: someone compatible
    existed (or nobody else was in the pool at all), but was placed with others (an odd
    pool, or a better-placed partner).
    Same rules in groups mode: a group needs someone from another university and, in a
    city, someone of the other residency.
    """
    if table.city and table.residency[i] == 0:
        return NO_RESIDENCY
    if len(eligible) < 2:
        return ODD_ONE_OUT  # nobody else to meet at all
    deepest = 0
    for j in eligible:
        if j == i:
            continue
        conflict = table.conflict(i, j)
        if conflict is None:
            return ODD_ONE_OUT
        deepest = max(deepest, _DEPTH[conflict])
    return _CHAIN[deepest]
