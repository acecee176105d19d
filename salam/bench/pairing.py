"""The matcher's benchmark: speed at growing pool sizes and quality against the exact optimum.

Called by `python manage.py bench_pairing`; pure Python, no Django. networkx (the `bench` and
`test` extras, not a dependency of the site) computes the exact maximum-weight matching on the
same compatibility graph. Every figure is taken for today's matcher and for the baseline
(`pairing_baseline`, the matcher before issue 19's speed work) in the same process, runs
interleaved, so that the ratio between them holds on a busy machine; the load average is
reported with them.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rooms.pairing.matching.data import MatchResult, Pool, PoolKind
from rooms.pairing.matching.matcher import match
from rooms.pairing.matching.sample import random_pool
from rooms.pairing.matching.scoring import compatibility_edges

from .pairing_baseline import baseline_match

NOW = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)
SPEED_GOAL_SECONDS = 1.0  # 10,000 people (issue 19)
QUALITY_GOAL = 0.99  # of the exact optimum at 300 people

Matcher = Callable[..., MatchResult]


@dataclass(frozen=True, slots=True)
class Timing:
    size: int
    seconds: float  # wall time, best of the repeats
    cpu_seconds: float  # this process's CPU time in that run: robust to a busy machine
    unmatched: int
    baseline_seconds: float  # the baseline matcher, same pool, runs interleaved with these
    baseline_cpu_seconds: float
    baseline_unmatched: int

    @property
    def ratio(self) -> float:
        """Today's wall time over the baseline's."""
        return self.seconds / self.baseline_seconds


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
    baseline_score: float
    baseline_unmatched: int

    @property
    def ratio(self) -> float:
        return self.score / self.optimum_score if self.optimum_score else 1.0

    @property
    def baseline_ratio(self) -> float:
        return self.baseline_score / self.optimum_score if self.optimum_score else 1.0


def _timed(matcher: Matcher, pool: Pool) -> tuple[float, float, MatchResult]:
    started, started_cpu = time.perf_counter(), time.process_time()
    result = matcher(pool, now=NOW)
    return time.perf_counter() - started, time.process_time() - started_cpu, result


def time_match(
    size: int, *, repeats: int = 3, seed: int = 1, kind: PoolKind = "university"
) -> Timing:
    """Best-of-`repeats` wall time of `match` and of the baseline on one random pairs pool of
    `size` people, each repeat running both, one after the other."""
    pool = random_pool(size, seed=seed, now=NOW, kind=kind)
    best = {match: (float("inf"), 0.0, 0), baseline_match: (float("inf"), 0.0, 0)}
    for _ in range(repeats):
        for matcher in best:
            wall, cpu, result = _timed(matcher, pool)
            if wall < best[matcher][0]:
                best[matcher] = (wall, cpu, len(result.unmatched))
    (wall, cpu, unmatched), (old_wall, old_cpu, old_unmatched) = best.values()
    return Timing(
        size=size,
        seconds=wall,
        cpu_seconds=cpu,
        unmatched=unmatched,
        baseline_seconds=old_wall,
        baseline_cpu_seconds=old_cpu,
        baseline_unmatched=old_unmatched,
    )


def quality(size: int, *, seed: int, kind: PoolKind = "university") -> Quality:
    """Compare `match` on a random pairs pool with networkx's exact optima on the same graph."""
    import networkx as nx  # imported here: only the benchmark and the tests need it

    pool = random_pool(size, seed=seed, now=NOW, kind=kind)
    seconds, _, result = _timed(match, pool)
    baseline = baseline_match(pool, now=NOW)

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
        baseline_score=baseline.total_score,
        baseline_unmatched=len(baseline.unmatched),
    )


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f} (1, 5, 15 min; {os.cpu_count()} cores)"


def _met(ok: bool) -> str:
    return "met" if ok else "NOT met"


def run(
    sizes: Sequence[int] = (1_000, 3_000, 10_000),
    *,
    repeats: int = 3,
    quality_size: int = 300,
    quality_seeds: Sequence[int] = (1, 2, 3),
) -> str:
    """Run the benchmark and return its report as markdown tables."""
    lines = [f"Load average before: {_load()}", ""]
    timings = [time_match(size, repeats=repeats) for size in sizes]
    lines += [
        f"Pairs mode, random university pools, best of {repeats} runs of each matcher "
        "(interleaved; baseline: the matcher before issue 19):",
        "",
        "| people | seconds | CPU seconds | growth | unmatched | baseline seconds "
        "| baseline CPU | baseline unmatched | new/old |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
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
            f"| {timing.unmatched} | {timing.baseline_seconds:.3f} "
            f"| {timing.baseline_cpu_seconds:.3f} | {timing.baseline_unmatched} "
            f"| ×{timing.ratio:.2f} |"
        )
        previous = timing
    lines += [
        "",
        f"Quality at {quality_size} people against networkx's exact optimum on the same graph:",
        "",
        "| pool | seed | score | optimum | ratio | baseline ratio | unmatched "
        "| baseline unmatched | optimum unmatched | seconds (networkx) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    qualities = []
    for kind in ("university", "city"):
        for seed in quality_seeds:
            q = quality(quality_size, seed=seed, kind=kind)
            qualities.append(q)
            lines.append(
                f"| {kind} | {seed} | {q.score:,.1f} | {q.optimum_score:,.1f} | {q.ratio:.2%} "
                f"| {q.baseline_ratio:.2%} | {q.unmatched} | {q.baseline_unmatched} "
                f"| {q.optimum_unmatched} | {q.seconds:.3f} ({q.optimum_seconds:.1f}) |"
            )
    lines += ["", f"Load average after: {_load()}", ""]
    largest = max(timings, key=lambda t: t.size, default=None)
    if largest is not None:
        lines.append(
            f"Speed: {largest.size:,} people in {largest.seconds:.3f} s "
            f"(goal under {SPEED_GOAL_SECONDS:.0f} s at 10,000: "
            f"{_met(largest.size < 10_000 or largest.seconds < SPEED_GOAL_SECONDS)}), "
            f"×{largest.ratio:.2f} the baseline's {largest.baseline_seconds:.3f} s in this run."
        )
    if qualities:
        worst = min(q.ratio for q in qualities)
        as_many = all(q.unmatched <= q.optimum_unmatched for q in qualities)
        lines.append(
            f"Quality: worst {worst:.2%} of the optimum "
            f"(goal {QUALITY_GOAL:.0%}: {_met(worst >= QUALITY_GOAL)}); "
            f"as many unmatched as the optimum: {_met(as_many)}."
        )
    return "\n".join(lines)
