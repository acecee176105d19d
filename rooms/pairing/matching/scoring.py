"""Hard rules and scores between two people, on a compact table built once per pool.

The table turns each candidate into small integers and bit masks (languages and interests),
so that checking and scoring a pair costs a few integer operations: the matcher checks
hundreds of thousands of pairs in a 10,000-person pool.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from .data import (
    BLOCKED,
    MET_RECENTLY,
    NEEDS_MIX,
    NO_SHARED_LANGUAGE,
    SAME_UNIVERSITY_ONLY,
    Candidate,
    PairSet,
    Pool,
    PoolKind,
    Reason,
)

# Points. A cross-country pair of students outweighs everything else a partner can bring
# (interests 50, languages 9, time zones 10, waiting 40), so it wins whenever it costs nobody a
# partner; waiting points grow with the log of the wait so that hours count, but never more
# than four shared interests.
INTEREST_POINTS = 10.0
MAX_INTERESTS_COUNTED = 5
LANGUAGE_POINTS = 3.0
MAX_LANGUAGES_COUNTED = 3
TIME_ZONE_POINTS = 10.0
CROSS_COUNTRY_POINTS = 120.0
WAIT_POINTS_PER_DOUBLING = 4.0
WAIT_UNIT_MINUTES = 5.0
MAX_WAIT_POINTS = 40.0

_INTEREST_TABLE = [INTEREST_POINTS * min(n, MAX_INTERESTS_COUNTED) for n in range(7)]
_LANGUAGE_TABLE = [LANGUAGE_POINTS * min(n, MAX_LANGUAGES_COUNTED) for n in range(5)]
_NEWCOMER, _RESIDENT = 1, 2
_MIXED = _NEWCOMER + _RESIDENT
_HALF_DAY_MINUTES = 12 * 60


def wait_points(waiting_since: dt.datetime, now: dt.datetime) -> float:
    """Points for waiting: 4 per doubling of the wait in 5-minute units, capped at 40."""
    minutes = max(0.0, (now - waiting_since).total_seconds() / 60)
    return min(
        MAX_WAIT_POINTS, WAIT_POINTS_PER_DOUBLING * math.log2(1 + minutes / WAIT_UNIT_MINUTES)
    )


def time_zone_points(a_offset: int, b_offset: int) -> float:
    """10 at the same UTC offset, falling linearly to 0 at twelve hours apart."""
    if a_offset == b_offset:
        return TIME_ZONE_POINTS
    diff = abs(a_offset - b_offset) % (24 * 60)
    diff = min(diff, 24 * 60 - diff)
    return TIME_ZONE_POINTS * (1 - diff / _HALF_DAY_MINUTES)


@dataclass(slots=True)
class Table:
    """Column-wise view of a pool: index i stands for `candidates[i]`."""

    candidates: Sequence[Candidate]
    ids: list[int]
    index: dict[int, int]
    languages: list[int]  # bit mask over the pool's languages (one bit each)
    interests: list[int]  # bit mask over the pool's interests (one bit each)
    university: list[int]  # -1 for non-students and unknown universities
    student: list[bool]
    country: list[str]
    residency: list[int]  # 0 unknown, 1 newcomer, 2 resident
    offset: list[int]
    online: list[bool]
    wait: list[float]  # wait points
    waited: list[float]  # seconds waited, for exact tie-breaking
    blocked: list[set[int]]
    recent: list[set[int]]
    city: bool

    def conflict(self, i: int, j: int) -> Reason | None:
        """The first hard rule that forbids i and j together (as a pair), or None."""
        if not self.languages[i] & self.languages[j]:
            return NO_SHARED_LANGUAGE
        if self.university[i] >= 0 and self.university[i] == self.university[j]:
            return SAME_UNIVERSITY_ONLY
        if self.city and self.residency[i] + self.residency[j] != _MIXED:
            return NEEDS_MIX
        if j in self.blocked[i]:
            return BLOCKED
        if j in self.recent[i]:
            return MET_RECENTLY
        return None

    def compatible(self, i: int, j: int) -> bool:
        """True when no hard rule forbids i and j as a pair (inlined `conflict`)."""
        return bool(
            self.languages[i] & self.languages[j]
            and (self.university[i] < 0 or self.university[i] != self.university[j])
            and (not self.city or self.residency[i] + self.residency[j] == _MIXED)
            and j not in self.blocked[i]
            and j not in self.recent[i]
        )

    def cross_country(self, i: int, j: int) -> bool:
        """Two students from different countries."""
        return self.student[i] and self.student[j] and self.country[i] != self.country[j]

    def base(self, i: int, j: int) -> float:
        """What i and j share, in points, without waiting points; assumes they are compatible."""
        points = (
            _INTEREST_TABLE[min((self.interests[i] & self.interests[j]).bit_count(), 6)]
            + _LANGUAGE_TABLE[min((self.languages[i] & self.languages[j]).bit_count(), 4)]
        )
        if self.online[i] and self.online[j]:
            points += time_zone_points(self.offset[i], self.offset[j])
        else:
            # Someone meeting in person lives in the pool's city: time zones do not part them.
            points += TIME_ZONE_POINTS
        if self.student[i] and self.student[j] and self.country[i] != self.country[j]:
            points += CROSS_COUNTRY_POINTS
        return points

    def weight(self, i: int, j: int) -> float:
        """The pair's score: `base` plus both people's waiting points."""
        return self.base(i, j) + self.wait[i] + self.wait[j]


class PairScorer(NamedTuple):
    """`Table.weight` computed from per-person keys prepared once (`pair_scorer`)."""

    pair: Callable[[int, int], float]  # the score of i and j
    row: Callable[[int, list[int]], list[float]]  # the scores of i with each of several people


def pair_scorer(table: Table) -> PairScorer:
    """`table.weight`, the same score to the last bit (the same additions in the same order),
    at a fraction of the cost per pair.

    Time-zone points are looked up per pair of zones (a pool has few offsets), shared interests and
    languages index tables long enough to need no `min`, and each student carries a country
    code (-1 for anyone else) so that the cross-country test is two comparisons. `row` scores
    one person against many with that person's keys read once.
    """
    interests, languages, wait = table.interests, table.languages, table.wait
    most = max((mask.bit_count() for mask in interests), default=0)
    interest_points = [INTEREST_POINTS * min(n, MAX_INTERESTS_COUNTED) for n in range(most + 1)]
    most = max((mask.bit_count() for mask in languages), default=0)
    language_points = [LANGUAGE_POINTS * min(n, MAX_LANGUAGES_COUNTED) for n in range(most + 1)]
    codes: dict[str, int] = {}
    country_code = [
        codes.setdefault(table.country[i], len(codes)) if table.student[i] else -1
        for i in range(len(table.ids))
    ]
    # Each person's zone: 0 for someone meeting in person (time zones do not part them from
    # anyone), else 1 + the index of their UTC offset; zone_points[z][y] is what two zones get.
    offsets = sorted({o for o, online in zip(table.offset, table.online, strict=True) if online})
    zone_of = {o: n for n, o in enumerate(offsets, start=1)}
    zone = [
        zone_of[o] if online else 0 for o, online in zip(table.offset, table.online, strict=True)
    ]
    everywhere = [TIME_ZONE_POINTS] * (len(offsets) + 1)
    zone_points = [everywhere] + [
        [TIME_ZONE_POINTS] + [time_zone_points(o, other) for other in offsets] for o in offsets
    ]

    def pair(i: int, j: int) -> float:
        points = (
            interest_points[(interests[i] & interests[j]).bit_count()]
            + language_points[(languages[i] & languages[j]).bit_count()]
        )
        points += zone_points[zone[i]][zone[j]]
        country_i = country_code[i]
        if country_i >= 0 and country_code[j] >= 0 and country_i != country_code[j]:
            points += CROSS_COUNTRY_POINTS
        return points + wait[i] + wait[j]

    def row(i: int, others: list[int]) -> list[float]:
        own_interests, own_languages, own_zone_points = (
            interests[i],
            languages[i],
            zone_points[zone[i]],
        )
        country_i, wait_i = country_code[i], wait[i]
        scores = []
        for j in others:
            points = (
                interest_points[(own_interests & interests[j]).bit_count()]
                + language_points[(own_languages & languages[j]).bit_count()]
            )
            points += own_zone_points[zone[j]]
            country_j = country_code[j]
            if country_i >= 0 and country_j >= 0 and country_i != country_j:
                points += CROSS_COUNTRY_POINTS
            scores.append(points + wait_i + wait[j])
        return scores

    return PairScorer(pair=pair, row=row)


def _bits(values: Iterable[frozenset[str]]) -> dict[str, int]:
    names = sorted({name for value in values for name in value})
    return {name: 1 << n for n, name in enumerate(names)}


def _mask(names: frozenset[str], bits: dict[str, int]) -> int:
    mask = 0
    for name in names:
        mask |= bits[name]
    return mask


def _pairs_by_index(pairs: PairSet, index: dict[int, int], n: int) -> list[set[int]]:
    table: list[set[int]] = [set() for _ in range(n)]
    for pair in pairs:
        if len(pair) != 2:
            continue
        a, b = pair
        if a in index and b in index:
            table[index[a]].add(index[b])
            table[index[b]].add(index[a])
    return table


def build_table(
    candidates: Sequence[Candidate],
    *,
    kind: PoolKind,
    blocks: PairSet,
    recent_pairs: PairSet,
    now: dt.datetime,
) -> Table:
    """Index `candidates` for fast checks; `now` fixes everyone's waiting points."""
    language_bits = _bits(c.languages for c in candidates)
    interest_bits = _bits(c.interests for c in candidates)
    index = {c.id: i for i, c in enumerate(candidates)}
    residency_codes = {"newcomer": _NEWCOMER, "resident": _RESIDENT}
    return Table(
        candidates=candidates,
        ids=[c.id for c in candidates],
        index=index,
        languages=[_mask(c.languages, language_bits) for c in candidates],
        interests=[_mask(c.interests, interest_bits) for c in candidates],
        university=[
            c.university_id if c.affiliation == "student" and c.university_id is not None else -1
            for c in candidates
        ],
        student=[c.affiliation == "student" for c in candidates],
        country=[c.country for c in candidates],
        residency=[residency_codes.get(c.residency, 0) for c in candidates],
        offset=[c.utc_offset_minutes for c in candidates],
        online=[c.online for c in candidates],
        wait=[wait_points(c.waiting_since, now) for c in candidates],
        waited=[(now - c.waiting_since).total_seconds() for c in candidates],
        blocked=_pairs_by_index(blocks, index, len(candidates)),
        recent=_pairs_by_index(recent_pairs, index, len(candidates)),
        city=kind == "city",
    )


def pool_table(pool: Pool, now: dt.datetime) -> Table:
    """`build_table` for a whole pool."""
    return build_table(
        pool.candidates,
        kind=pool.kind,
        blocks=pool.blocks,
        recent_pairs=pool.recent_pairs,
        now=now,
    )


def compatibility_edges(pool: Pool, now: dt.datetime) -> list[tuple[int, int, float]]:
    """Every pair of the pool that the hard rules allow, as (id, id, score).

    This is the exact graph the pairs matcher optimises over (quadratic: meant for tests and
    the benchmark, which hand it to networkx). The score equals `Group.score` of that pair.
    """
    table = pool_table(pool, now)
    n = len(table.ids)
    ids = table.ids
    return [
        (ids[i], ids[j], table.weight(i, j))
        for i in range(n)
        for j in range(i + 1, n)
        if table.compatible(i, j)
    ]
