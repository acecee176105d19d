"""`match`: the whole pool at once, in pairs or groups."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from .data import Group, MatchResult, Pool, Reason
from .groups import group_score, match_groups
from .pairs import match_pairs
from .reasons import unmatched_reason
from .scoring import Table, pool_table


def match(pool: Pool, *, now: dt.datetime) -> MatchResult:
    """Match everyone in `pool`; a pure function of its arguments (deterministic).

    Guarantees: every candidate appears exactly once, in a group or in `unmatched` with a
    reason code; no group breaks a hard rule (see the package docstring). Groups are listed
    by their longest-waiting member, longest first.
    """
    table = pool_table(pool, now)
    eligible = [i for i in range(len(table.ids)) if not (table.city and table.residency[i] == 0)]
    if pool.mode == "pairs":
        mate = match_pairs(table, eligible)
        index_groups = [[i, j] for i, j in enumerate(mate) if i < j]
    else:
        index_groups = match_groups(table, eligible, pool.group_size)
    groups = [_group(table, members) for members in index_groups]
    groups.sort(key=lambda g: (-max(table.waited[table.index[m]] for m in g.members), g.members))
    placed = {i for members in index_groups for i in members}
    unmatched: dict[int, Reason] = {
        table.ids[i]: unmatched_reason(table, i, eligible)
        for i in range(len(table.ids))
        if i not in placed
    }
    return MatchResult(groups=tuple(groups), unmatched=unmatched)


def _group(table: Table, members: list[int]) -> Group:
    ordered = sorted(members, key=lambda i: (-table.waited[i], table.ids[i]))
    people = [table.candidates[i] for i in ordered]
    counts = Counter(interest for person in people for interest in person.interests)
    languages = frozenset.intersection(*(person.languages for person in people))
    return Group(
        members=tuple(table.ids[i] for i in ordered),
        score=group_score(table, ordered),
        shared_interests=tuple(
            sorted((i for i, n in counts.items() if n >= 2), key=lambda i: (-counts[i], i))
        ),
        shared_languages=tuple(sorted(languages)),
    )
