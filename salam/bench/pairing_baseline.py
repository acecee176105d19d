"""The pairs matcher as it stood before the speed work of issue 19 (commit 2e55830), kept
verbatim as the benchmark's baseline: `bench_pairing` times it in the same process as today's
matcher, so the ratio between the two survives a busy machine. Not used by the site.

Pairs mode: a near-optimal maximum-cardinality matching on the compatibility graph.

1. Candidate edges. A pool of up to `EXACT_LIMIT` people gets every compatible pair. A larger
   pool gets, for each person, the `KEEP_PER_PERSON` best of a sample drawn from the people who
   share one of their interests or languages (and, in a city pool, have the other residency):
   the graph stays linear in the pool's size.
2. Greedy: take edges from the highest score down (waiting points are in the score, so
   long-waiting people go first).
3. Augment: for each person still alone, longest-waiting first, search an augmenting path
   (`augment.py`); in an exact graph this makes the matching maximum-cardinality.
4. Improve: 2-opt passes exchange partners between two pairs, or a partner for someone
   unmatched, whenever the total score rises; then 3-opt rotates partners among three pairs
   over each person's best few partners (16 in an exact graph, 3 in a sampled one).
5. Cross-country: a same-country pair of students whose member could take an unmatched
   cross-country partner instead is re-paired (`enforce_cross_country`).
"""

from __future__ import annotations

import datetime as dt
import heapq
import random
from collections.abc import Iterable
from functools import partial
from unittest.mock import patch

from rooms.pairing.matching import matcher
from rooms.pairing.matching.augment import Budget, augment
from rooms.pairing.matching.data import MatchResult, Pool
from rooms.pairing.matching.scoring import Table

EXACT_LIMIT = 600
SAMPLE_PER_SOURCE = 5
KEEP_PER_PERSON = 8
SCAN_BUDGET = 100_000
LARGE_AUGMENT_BUDGET = 400_000  # edge inspections per augmenting pass
IMPROVE_PASSES_EXACT = 8
IMPROVE_PASSES_LARGE = 2
ROUNDS = 4
ROTATION_WIDTH = 16
ROTATION_WIDTH_LARGE = 3
_EPSILON = 1e-9

Adjacency = list[dict[int, float]]


def match_pairs(table: Table, eligible: list[int]) -> list[int]:
    """Pair the `eligible` indexes of `table`; returns mate[i] (a partner's index or -1)."""
    n = len(table.ids)
    mate = [-1] * n
    exact = len(eligible) <= EXACT_LIMIT
    adjacency = _exact_edges(table, eligible) if exact else _sampled_edges(table, eligible)
    _greedy(adjacency, mate)
    by_wait = sorted(eligible, key=lambda i: (-table.waited[i], table.ids[i]))
    if not exact:
        _scan_for_the_unmatched(table, adjacency, mate, by_wait)
    budget = None if exact else LARGE_AUGMENT_BUDGET
    passes = IMPROVE_PASSES_EXACT if exact else IMPROVE_PASSES_LARGE
    # Improving and re-pairing across countries keep the number of pairs; augmenting raises it.
    for _ in range(ROUNDS):
        _augment_all(adjacency, mate, by_wait, budget)
        _improve(table, adjacency, mate, passes)
        if exact:
            _rotate_three(table, adjacency, mate, passes, ROTATION_WIDTH)
            _improve(table, adjacency, mate, passes)
        else:
            _rotate_three(table, adjacency, mate, 1, ROTATION_WIDTH_LARGE)
        if not enforce_cross_country(table, mate, by_wait):
            break
    else:
        _augment_all(adjacency, mate, by_wait, budget)
        while enforce_cross_country(table, mate, by_wait):
            pass
    return mate


def _exact_edges(table: Table, eligible: list[int]) -> Adjacency:
    adjacency: Adjacency = [{} for _ in table.ids]
    compatible, weight = table.compatible, table.weight
    for position, i in enumerate(eligible):
        for j in eligible[position + 1 :]:
            if compatible(i, j):
                adjacency[i][j] = adjacency[j][i] = weight(i, j)
    return adjacency


def _partner_key(table: Table, i: int) -> int:
    """The residency a partner of i must have in a city pool (0: anyone)."""
    return 3 - table.residency[i] if table.city else 0


def _own_key(table: Table, i: int) -> int:
    return table.residency[i] if table.city else 0


def _bit_positions(mask: int) -> Iterable[int]:
    while mask:
        low = mask & -mask
        yield low.bit_length()
        mask ^= low


def _sampled_edges(table: Table, eligible: list[int]) -> Adjacency:
    """Each person's best few partners among a sample of those sharing an interest or language."""
    rng = random.Random(0)  # noqa: S311 -- sampling, not secrecy; seeded so a pool's result is reproducible
    postings: dict[tuple[str, int, int], list[int]] = {}
    for i in eligible:
        key = _own_key(table, i)
        for bit in _bit_positions(table.interests[i]):
            postings.setdefault(("i", bit, key), []).append(i)
        for bit in _bit_positions(table.languages[i]):
            postings.setdefault(("l", bit, key), []).append(i)
    for posting in postings.values():
        rng.shuffle(posting)

    adjacency: Adjacency = [{} for _ in table.ids]
    weight = table.weight
    # The hard rules of `Table.compatible`, inlined: this loop runs some 300,000 times.
    languages, universities, blocked, recent = (
        table.languages,
        table.university,
        table.blocked,
        table.recent,
    )
    for i in eligible:
        key = _partner_key(table, i)
        own_languages, own_university = languages[i], universities[i]
        own_blocked, own_recent = blocked[i], recent[i]
        sources = [postings.get(("i", bit, key)) for bit in _bit_positions(table.interests[i])]
        sources += [postings.get(("l", bit, key)) for bit in _bit_positions(own_languages)]
        found: dict[int, float] = {}
        for members in sources:
            if not members:
                continue
            start = rng.randrange(len(members))
            window = members[start : start + SAMPLE_PER_SOURCE]
            if len(window) < SAMPLE_PER_SOURCE:
                window += members[: SAMPLE_PER_SOURCE - len(window)]
            for j in window:
                # Postings are keyed by residency, so a city pool's mix rule already holds.
                if (
                    j == i
                    or j in found
                    or not own_languages & languages[j]
                    or (own_university >= 0 and own_university == universities[j])
                    or j in own_blocked
                    or j in own_recent
                ):
                    continue
                found[j] = weight(i, j)
        for j, w in heapq.nlargest(KEEP_PER_PERSON, found.items(), key=lambda item: item[1]):
            adjacency[i][j] = adjacency[j][i] = w
    return adjacency


def _greedy(adjacency: Adjacency, mate: list[int]) -> None:
    edges = sorted(
        (-w, i, j) for i, partners in enumerate(adjacency) for j, w in partners.items() if i < j
    )
    for _, i, j in edges:
        if mate[i] == -1 and mate[j] == -1:
            mate[i], mate[j] = j, i


def _scan_for_the_unmatched(
    table: Table, adjacency: Adjacency, mate: list[int], by_wait: list[int]
) -> None:
    """Give each person left alone by the sampled graph their true best options (budgeted)."""
    alone = [i for i in by_wait if mate[i] == -1]
    if not alone:
        return
    compatible, weight = table.compatible, table.weight
    per_person = max(1, SCAN_BUDGET // len(alone))
    everyone = by_wait
    for i in alone:
        found: dict[int, float] = {}
        for j in everyone[:per_person]:
            if j != i and compatible(i, j):
                found[j] = weight(i, j)
        best = heapq.nlargest(KEEP_PER_PERSON, found.items(), key=lambda item: item[1])
        # Another lone person is worth an edge even when not among the best: it is a partner.
        best += [(j, w) for j, w in found.items() if mate[j] == -1]
        for j, w in best:
            adjacency[i][j] = adjacency[j][i] = w


def _augment_all(
    adjacency: Adjacency, mate: list[int], by_wait: list[int], budget: int | None
) -> None:
    """Search an augmenting path from each unmatched person, longest-waiting first."""
    dead: set[int] = set()
    left = Budget(budget)
    for i in by_wait:
        if left.exhausted:
            return
        if mate[i] == -1 and adjacency[i] and i not in dead:
            augment(adjacency, mate, i, dead=dead, budget=left)


def _pair_weight(table: Table, adjacency: Adjacency, i: int, j: int) -> float | None:
    """Weight of i and j together, or None when a hard rule forbids it."""
    known = adjacency[i].get(j)
    if known is not None:
        return known
    return table.weight(i, j) if table.compatible(i, j) else None


def _improve(table: Table, adjacency: Adjacency, mate: list[int], passes: int) -> None:
    """2-opt: re-pair (a, b), (c, d) as (a, c), (b, d), or take an unmatched c for a's partner."""
    for _ in range(passes):
        improved = False
        for a in range(len(mate)):
            b = mate[a]
            if b == -1:
                continue
            for c, w_ac in adjacency[a].items():
                b = mate[a]
                w_ab = adjacency[a][b] if b in adjacency[a] else table.weight(a, b)
                # An exchange that helps raises a's side or c's: the latter is found from d.
                if c == b or w_ac <= w_ab:
                    continue
                d = mate[c]
                if d == -1:
                    if w_ac > w_ab + _EPSILON:
                        mate[a], mate[c], mate[b] = c, a, -1
                        improved = True
                    continue
                if d == a:
                    continue
                w_bd = _pair_weight(table, adjacency, b, d)
                if w_bd is None:
                    continue
                w_cd = adjacency[c][d] if d in adjacency[c] else table.weight(c, d)
                if w_ac + w_bd > w_ab + w_cd + _EPSILON:
                    mate[a], mate[c], mate[b], mate[d] = c, a, d, b
                    improved = True
        if not improved:
            return


def _rotate_three(
    table: Table, adjacency: Adjacency, mate: list[int], passes: int, width: int
) -> None:
    """3-opt on each person's best few partners: (a, b), (c, d), (e, f) become (b, c), (d, e),
    (f, a) or, when e is unmatched, (b, c), (d, e) with a left alone; then 2-opt again.

    2-opt alone stalls about 2.5% below the optimum on our pools; rotating three pairs
    recovers most of it.
    """
    best_few = [
        sorted(partners.items(), key=lambda item: -item[1])[:width] for partners in adjacency
    ]
    for done in range(passes):
        if done:
            _improve(table, adjacency, mate, passes)
        improved = False
        for a in range(len(mate)):
            b = mate[a]
            if b == -1:
                continue
            w_ab = adjacency[a][b] if b in adjacency[a] else table.weight(a, b)
            best: tuple[float, int, int, int, int] | None = None
            for c, w_bc in best_few[b]:
                d = mate[c]
                if c == a or d == -1:
                    continue
                w_cd = adjacency[c][d] if d in adjacency[c] else table.weight(c, d)
                opening = w_bc - w_ab - w_cd
                for e, w_de in best_few[d]:
                    if e in (a, b, c):
                        continue
                    f = mate[e]
                    if f == -1:
                        gain = opening + w_de
                    else:
                        if f in (a, b, c):
                            continue
                        w_fa = _pair_weight(table, adjacency, f, a)
                        if w_fa is None:
                            continue
                        w_ef = adjacency[e][f] if f in adjacency[e] else table.weight(e, f)
                        gain = opening + w_de - w_ef + w_fa
                    if gain > _EPSILON and (best is None or gain > best[0]):
                        best = (gain, c, d, e, f)
            if best is not None:
                _, c, d, e, f = best
                mate[b], mate[c], mate[d], mate[e] = c, b, e, d
                if f == -1:
                    mate[a] = -1
                else:
                    mate[f], mate[a] = a, f
                improved = True
        if not improved:
            return


def enforce_cross_country(table: Table, mate: list[int], by_wait: list[int]) -> bool:
    """Re-pair same-country students when one of them has an unmatched cross-country option.

    For a pair (a, b) of students from one country and an unmatched person u compatible with
    a (or b) from another country, (a, u) replaces (a, b): the number of pairs stays the same
    and b may be matched again by the next augmenting pass. Returns True when anything changed.
    """
    changed = False
    alone = [i for i in by_wait if mate[i] == -1]
    if not alone:
        return False
    for a in by_wait:
        b = mate[a]
        if b == -1 or not table.student[a] or not table.student[b]:
            continue
        if table.country[a] != table.country[b]:
            continue
        for keep, drop in ((a, b), (b, a)):
            options = [
                u
                for u in alone
                if mate[u] == -1 and table.cross_country(keep, u) and table.compatible(keep, u)
            ]
            if options:
                u = max(options, key=partial(table.weight, keep))
                mate[keep], mate[u], mate[drop] = u, keep, -1
                alone.append(drop)
                changed = True
                break
    return changed


def baseline_match(pool: Pool, *, now: dt.datetime) -> MatchResult:
    """`match` as it was at the baseline commit: today's `match` around this module's pairs."""
    with patch.object(matcher, "match_pairs", match_pairs):
        return matcher.match(pool, now=now)
