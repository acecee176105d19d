"""Instant pairing: the best partner for one person among those waiting right now."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from .data import Candidate, PairSet, PoolKind
from .scoring import INTEREST_POINTS, build_table

# A "good match" scores within one shared interest of the best one; among good matches the
# longest-waiting person wins, so that nobody waits forever behind better-matched newcomers.
GOOD_MATCH_MARGIN = INTEREST_POINTS


def same_pool(person: Candidate, other: Candidate) -> bool:
    """Students meet students; city participants meet city participants of the same city."""
    if person.affiliation != other.affiliation:
        return False
    return person.affiliation != "city" or person.city_id == other.city_id


def best_partner(
    person: Candidate,
    waiting: Sequence[Candidate],
    *,
    blocks: PairSet = frozenset(),
    recent_pairs: PairSet = frozenset(),
    now: dt.datetime,
) -> int | None:
    """The id of the waiting person to pair `person` with now, or None if nobody may be.

    Same hard rules as `match` (the pool kind follows `person.affiliation`), plus `same_pool`.
    For a student, someone from another country is taken whenever one is compatible. Among
    the compatible, the longest-waiting of those scoring within `GOOD_MATCH_MARGIN` of the best
    wins (ties: higher score, then lower id). `person` may appear in `waiting`; it is skipped.
    """
    others = [c for c in waiting if c.id != person.id and same_pool(person, c)]
    if not others:
        return None
    kind: PoolKind = "city" if person.affiliation == "city" else "university"
    table = build_table(
        [person, *others], kind=kind, blocks=blocks, recent_pairs=recent_pairs, now=now
    )
    if table.city and table.residency[0] == 0:
        return None
    compatible = [j for j in range(1, len(table.ids)) if table.compatible(0, j)]
    abroad = [j for j in compatible if table.cross_country(0, j)]
    options = abroad or compatible
    if not options:
        return None
    scores = {j: table.base(0, j) for j in options}
    floor = max(scores.values()) - GOOD_MATCH_MARGIN
    good = [j for j in options if scores[j] >= floor]
    chosen = max(good, key=lambda j: (table.waited[j], scores[j], -table.ids[j]))
    return table.ids[chosen]
