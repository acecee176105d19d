"""The edges the pairs matcher works on: every compatible pair in a small pool, a sample of
each person's best partners in a large one (linear in the pool's size)."""

from __future__ import annotations

import heapq
import random
from collections.abc import Iterable

from .scoring import PairScorer, Table

SAMPLE_PER_SOURCE = 5
KEEP_PER_PERSON = 6  # 8 before issue 19: 6 is about a quarter faster for 0.1-0.4% of the score
SCAN_BUDGET = 100_000

Adjacency = list[dict[int, float]]


def exact_edges(table: Table, scorer: PairScorer, eligible: list[int]) -> Adjacency:
    """Every pair of `eligible` people that the hard rules allow, with its score."""
    adjacency: Adjacency = [{} for _ in table.ids]
    compatible = table.compatible
    for position, i in enumerate(eligible):
        partners = [j for j in eligible[position + 1 :] if compatible(i, j)]
        for j, w in zip(partners, scorer.row(i, partners), strict=True):
            adjacency[i][j] = adjacency[j][i] = w
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


def sampled_edges(table: Table, scorer: PairScorer, eligible: list[int]) -> Adjacency:
    """Each person's best few partners among a sample of those sharing an interest or language."""
    rng = random.Random(0)  # noqa: S311 -- sampling, not secrecy; seeded so a pool's result is reproducible
    # Each person's interests and languages, as posting names: ("i", bit) or ("l", bit).
    topics: dict[int, list[tuple[str, int]]] = {}
    postings: dict[tuple[str, int, int], list[int]] = {}
    for i in eligible:
        key = _own_key(table, i)
        own = [("i", bit) for bit in _bit_positions(table.interests[i])]
        own += [("l", bit) for bit in _bit_positions(table.languages[i])]
        topics[i] = own
        for kind, bit in own:
            postings.setdefault((kind, bit, key), []).append(i)
    for posting in postings.values():
        rng.shuffle(posting)

    adjacency: Adjacency = [{} for _ in table.ids]
    uniform = rng.random
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
        seen = {i} | blocked[i] | recent[i]  # never a partner of i
        others: list[int] = []
        for kind, bit in topics[i]:
            members = postings.get((kind, bit, key))
            if not members:
                continue
            start = int(uniform() * len(members))
            window = members[start : start + SAMPLE_PER_SOURCE]
            if len(window) < SAMPLE_PER_SOURCE:
                window += members[: SAMPLE_PER_SOURCE - len(window)]
            for j in window:
                # Postings are keyed by residency, so a city pool's mix rule already holds.
                if (
                    j in seen
                    or not own_languages & languages[j]
                    or (own_university >= 0 and own_university == universities[j])
                ):
                    continue
                seen.add(j)
                others.append(j)
        scores = scorer.row(i, others)
        best = sorted(range(len(others)), key=scores.__getitem__, reverse=True)
        partners = adjacency[i]
        for position in best[:KEEP_PER_PERSON]:
            j = others[position]
            partners[j] = adjacency[j][i] = scores[position]
    return adjacency


def scan_for_the_unmatched(
    table: Table, scorer: PairScorer, adjacency: Adjacency, mate: list[int], by_wait: list[int]
) -> None:
    """Give each person left alone by the sampled graph their true best options (budgeted)."""
    alone = [i for i in by_wait if mate[i] == -1]
    if not alone:
        return
    compatible = table.compatible
    per_person = max(1, SCAN_BUDGET // len(alone))
    everyone = by_wait
    for i in alone:
        others = [j for j in everyone[:per_person] if j != i and compatible(i, j)]
        found = dict(zip(others, scorer.row(i, others), strict=True))
        best = heapq.nlargest(KEEP_PER_PERSON, found.items(), key=lambda item: item[1])
        # Another lone person is worth an edge even when not among the best: it is a partner.
        best += [(j, w) for j, w in found.items() if mate[j] == -1]
        for j, w in best:
            adjacency[i][j] = adjacency[j][i] = w
