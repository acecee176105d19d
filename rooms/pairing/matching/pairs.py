"""Pairs mode: a near-optimal maximum-cardinality matching on the compatibility graph.

1. Candidate edges (`candidate_edges.py`). A pool of up to `EXACT_LIMIT` people gets every
   compatible pair. A larger pool gets, for each person, the `KEEP_PER_PERSON` best of a sample
   drawn from the people who share one of their interests or languages (and, in a city pool,
   have the other residency): the graph stays linear in the pool's size.
2. Greedy: take edges from the highest score down (waiting points are in the score, so
   long-waiting people go first).
3. Augment: for each person still alone, longest-waiting first, search an augmenting path
   (`augment.py`); in an exact graph this makes the matching maximum-cardinality.
4. Improve (`exchanges.py`): 2-opt passes exchange partners between two pairs, or a partner
   for someone unmatched, whenever the total score rises; then 3-opt rotates partners among
   three pairs, over all of each person's partners (pruned by the gain criterion), with 2-opt
   again after each rotation pass.
5. Cross-country: a same-country pair of students whose member could take an unmatched
   cross-country partner instead is re-paired (`enforce_cross_country`).

Scores come from `scoring.pair_scorer`, the same numbers as `Table.weight`, computed faster.
"""

from __future__ import annotations

from functools import partial

from .augment import Budget, augment
from .candidate_edges import Adjacency, exact_edges, sampled_edges, scan_for_the_unmatched
from .exchanges import exchange_partners, ranked_partners, rotate_three
from .scoring import Table, pair_scorer

EXACT_LIMIT = 600
LARGE_AUGMENT_BUDGET = 400_000  # edge inspections per augmenting pass
IMPROVE_PASSES_EXACT = 8
IMPROVE_PASSES_LARGE = 2
ROTATION_PASSES_EXACT = 8
ROTATION_PASSES_LARGE = 1
ROUNDS = 4
ROTATION_WIDTH_LARGE = 3  # in a sampled graph, rotations look at each person's 3 best


def match_pairs(table: Table, eligible: list[int]) -> list[int]:
    """Pair the `eligible` indexes of `table`; returns mate[i] (a partner's index or -1)."""
    n = len(table.ids)
    mate = [-1] * n
    scorer = pair_scorer(table)
    score = scorer.pair
    exact = len(eligible) <= EXACT_LIMIT
    adjacency = (exact_edges if exact else sampled_edges)(table, scorer, eligible)
    _greedy(adjacency, mate)
    by_wait = sorted(eligible, key=lambda i: (-table.waited[i], table.ids[i]))
    if not exact:
        scan_for_the_unmatched(table, scorer, adjacency, mate, by_wait)
    ranked = ranked_partners(adjacency)
    rotating = ranked if exact else [best[:ROTATION_WIDTH_LARGE] for best in ranked]
    budget = None if exact else LARGE_AUGMENT_BUDGET
    passes = IMPROVE_PASSES_EXACT if exact else IMPROVE_PASSES_LARGE
    rotations = ROTATION_PASSES_EXACT if exact else ROTATION_PASSES_LARGE
    # Improving and re-pairing across countries keep the number of pairs; augmenting raises it.
    for _ in range(ROUNDS):
        _augment_all(adjacency, mate, by_wait, budget)
        exchange_partners(table, score, adjacency, ranked, mate, passes)
        for _ in range(rotations):
            if not rotate_three(table, score, adjacency, rotating, mate):
                break
            if exact:  # in a large pool, one more 2-opt pass costs more than it gains
                exchange_partners(table, score, adjacency, ranked, mate, passes)
        if not enforce_cross_country(table, mate, by_wait):
            break
    else:
        _augment_all(adjacency, mate, by_wait, budget)
        while enforce_cross_country(table, mate, by_wait):
            pass
    return mate


def _greedy(adjacency: Adjacency, mate: list[int]) -> None:
    edges = sorted(
        (-w, i, j) for i, partners in enumerate(adjacency) for j, w in partners.items() if i < j
    )
    for _, i, j in edges:
        if mate[i] == -1 and mate[j] == -1:
            mate[i], mate[j] = j, i


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
