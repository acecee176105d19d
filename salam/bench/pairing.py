"""The matcher's benchmark: speed at growing pool sizes and quality against the exact optimum.

Called by `python manage.py bench_pairing`; pure Python, no Django. networkx (the `bench` and
`test` extras, not a dependency of the site) computes the exact maximum-weight matching on the
same compatibility graph.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Sequence
from dataclasses import dataclass

from rooms.pairing.matching.data import PoolKind
from rooms.pairing.matching.matcher import match
from rooms.pairing.matching.sample import random_pool
from rooms.pairing.matching.scoring import compatibility_edges

NOW = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)


@dataclass(frozen=True, slots=True)
class Timing:
    size: int
    seconds: float  # wall time, best of the repeats
    cpu_seconds: float  # this process's CPU time in that run: robust to a busy machine
    unmatched: int


@dataclass(frozen=True, slots=True)
class Quality:
    kind: PoolKind
    seed: int
    size: int
    score: float
    optimum_score: float  # networkx, maximum weight without a cardinality constraint
    unmatched: int
    optimum_unmatched: int  # networkx, maximum weight among maximum-cardinality matchings
    seconds: float
    optimum_seconds: float

    @property
    def ratio(self) -> float:
        return self.score / self.optimum_score if self.optimum_score else 1.0


def time_match(
    size: int, *, repeats: int = 3, seed: int = 1, kind: PoolKind = "university"
) -> Timing:
    """Best-of-`repeats` wall time of `match` on a random pairs pool of `size` people."""
    pool = random_pool(size, seed=seed, now=NOW, kind=kind)
    best, best_cpu = float("inf"), float("inf")
    unmatched = 0
    for _ in range(repeats):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = match(pool, now=NOW)
        wall, cpu = time.perf_counter() - started, time.process_time() - started_cpu
        if wall < best:
            best, best_cpu = wall, cpu
        unmatched = len(result.unmatched)
    return Timing(size=size, seconds=best, cpu_seconds=best_cpu, unmatched=unmatched)


def quality(size: int, *, seed: int, kind: PoolKind = "university") -> Quality:
    """Compare `match` on a random pairs pool with networkx's exact optima on the same graph."""
    import networkx as nx  # imported here: only the benchmark and the tests need it

    pool = random_pool(size, seed=seed, now=NOW, kind=kind)
    started = time.perf_counter()
    result = match(pool, now=NOW)
    seconds = time.perf_counter() - started

    graph = nx.Graph()
    graph.add_nodes_from(c.id for c in pool.candidates)
    graph.add_weighted_edges_from(compatibility_edges(pool, NOW))
    started = time.perf_counter()
    best_weight = nx.max_weight_matching(graph, maxcardinality=False)
    optimum_seconds = time.perf_counter() - started
    most_pairs = nx.max_weight_matching(graph, maxcardinality=True)
    return Quality(
        kind=kind,
        seed=seed,
        size=size,
        score=result.total_score,
        optimum_score=sum(graph[a][b]["weight"] for a, b in best_weight),
        unmatched=len(result.unmatched),
        optimum_unmatched=len(pool.candidates) - 2 * len(most_pairs),
        seconds=seconds,
        optimum_seconds=optimum_seconds,
    )


def run(
    sizes: Sequence[int] = (1_000, 3_000, 10_000),
    *,
    repeats: int = 3,
    quality_size: int = 300,
    quality_seeds: Sequence[int] = (1, 2, 3),
) -> str:
    """Run the benchmark and return its report as markdown tables."""
    timings = [time_match(size, repeats=repeats) for size in sizes]
    lines = [
        f"Pairs mode, random university pools, best of {repeats} runs:",
        "",
        "| people | seconds | CPU seconds | growth | unmatched |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    previous: Timing | None = None
    for timing in timings:
        growth = ""
        if previous is not None:
            growth = (
                f"×{timing.seconds / previous.seconds:.2f} "
                f"for ×{timing.size / previous.size:.1f} people"
            )
        lines.append(
            f"| {timing.size:,} | {timing.seconds:.3f} | {timing.cpu_seconds:.3f} | {growth} "
            f"| {timing.unmatched} |"
        )
        previous = timing
    lines += [
        "",
        f"Quality at {quality_size} people against networkx's exact optimum on the same graph:",
        "",
        "| pool | seed | score | optimum | ratio | unmatched | optimum unmatched "
        "| seconds (networkx) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for kind in ("university", "city"):
        for seed in quality_seeds:
            q = quality(quality_size, seed=seed, kind=kind)
            lines.append(
                f"| {kind} | {seed} | {q.score:,.1f} | {q.optimum_score:,.1f} | {q.ratio:.2%} "
                f"| {q.unmatched} | {q.optimum_unmatched} "
                f"| {q.seconds:.3f} ({q.optimum_seconds:.1f}) |"
            )
    return "\n".join(lines)
