"""The cohort matcher's figures: time for 10,000 applicants and how even the cohorts are.

Pure data, no database: `rooms.pairing.matching.sample` pools, with genders and ages drawn for
four in five people (the rest chose not to say).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter
from dataclasses import dataclass

from rooms.pairing.matching.cohorts import CohortPool, CohortResult, form_cohorts
from rooms.pairing.matching.data import PoolKind
from rooms.pairing.matching.sample import random_pool

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
GENDERS = ("woman", "man", "woman", "man", "non-binary")


@dataclass(frozen=True)
class Figures:
    kind: PoolKind
    applicants: int
    seconds: float
    cohorts: int
    placed: int
    reasons: str  # why people were left out, by the rule that left them out
    country_within_one: float  # share of (cohort, country) cells within 1 of the even share
    gender_within_one: float


def cohort_pool(size: int, *, seed: int, kind: PoolKind, cohort_size: int = 10) -> CohortPool:
    base = random_pool(size, seed=seed, now=NOW, kind=kind)
    rng = random.Random(seed)  # noqa: S311 -- test data
    genders = {c.id: rng.choice(GENDERS) for c in base.candidates if rng.random() < 0.8}
    ages = {c.id: rng.randint(18, 70) for c in base.candidates if rng.random() < 0.8}
    return CohortPool(
        candidates=base.candidates,
        kind=kind,
        cohort_size=cohort_size,
        blocks=base.blocks,
        genders=genders,
        ages=ages,
    )


def evenness(pool: CohortPool, result: CohortResult) -> tuple[float, float]:
    people = {c.id: c for c in pool.candidates}
    by_language: dict[str, list] = {}
    for cohort in result.cohorts:
        by_language.setdefault(cohort.language, []).append(cohort)
    country_ok = country_all = gender_ok = gender_all = 0
    for cohorts in by_language.values():
        members = [m for c in cohorts for m in c.members]
        countries = Counter(people[m].country for m in members)
        genders = Counter(pool.genders[m] for m in members if m in pool.genders)
        for cohort in cohorts:
            share = len(cohort.members) / len(members)
            here = Counter(people[m].country for m in cohort.members)
            for country, n in countries.items():
                country_all += 1
                country_ok += abs(here[country] - n * share) <= 1
            said = Counter(pool.genders[m] for m in cohort.members if m in pool.genders)
            for gender, n in genders.items():
                gender_all += 1
                gender_ok += abs(said[gender] - n * share) <= 1
    return country_ok / max(1, country_all), gender_ok / max(1, gender_all)


def measure(size: int, *, seed: int, kind: PoolKind) -> Figures:
    pool = cohort_pool(size, seed=seed, kind=kind)
    started = time.perf_counter()
    result = form_cohorts(pool)
    seconds = time.perf_counter() - started
    country, gender = evenness(pool, result)
    return Figures(
        kind=kind,
        applicants=size,
        seconds=seconds,
        cohorts=len(result.cohorts),
        placed=sum(len(c.members) for c in result.cohorts),
        reasons=", ".join(
            f"{r} {n:,}" for r, n in Counter(result.unmatched.values()).most_common()
        ),
        country_within_one=country,
        gender_within_one=gender,
    )


def run(sizes: list[int], *, repeats: int, seed: int = 7) -> str:
    lines = [
        f"| pool | applicants | seconds (best of {repeats}) | cohorts | placed | left out, by rule "
        "| country within 1 of share | gender within 1 of share |",
        "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
    ]
    for kind in ("university", "city"):
        for size in sizes:
            runs = [measure(size, seed=seed, kind=kind) for _ in range(repeats)]
            best = min(runs, key=lambda f: f.seconds)
            lines.append(
                f"| {kind} | {size:,} | {best.seconds:.3f} | {best.cohorts:,} | {best.placed:,} "
                f"| {size - best.placed:,}: {best.reasons} "
                f"| {best.country_within_one:.1%} | {best.gender_within_one:.1%} |"
            )
    return "\n".join(lines) + "\n"
