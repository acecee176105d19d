"""Facilitators for a programme's cohorts: languages that fit, time that covers, none double-booked.

Pure: the caller passes each cohort's working language, the weekly hours its sessions take and
its members, and each facilitator's languages, weekly availability and current load. Cohorts
with the fewest possible facilitators are served first, and among those who fit, the least
loaded goes first, so the work spreads evenly. What cannot be covered is reported as a
shortfall per cohort, before the programme starts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

# A weekly hour: (weekday 0-6, Monday first; hour 0-23), in the programme's time zone.
WeeklyHour = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Facilitator:
    id: int
    languages: frozenset[str]
    availability: frozenset[WeeklyHour]
    load: int = 0  # cohorts they facilitate already, in other programmes


@dataclass(frozen=True, slots=True)
class CohortNeed:
    language: str
    hours: frozenset[WeeklyHour]  # every weekly hour the cohort's sessions take
    members: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class FacilitatorPlan:
    """`assigned[n]` are cohort n's facilitators; `shortfall[n]` how many it still lacks."""

    assigned: Mapping[int, tuple[int, ...]]
    shortfall: Mapping[int, int] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return not any(self.shortfall.values())


def fits(facilitator: Facilitator, cohort: CohortNeed) -> bool:
    """Whether this facilitator could hold this cohort at all (busy-ness aside)."""
    return (
        cohort.language in facilitator.languages
        and cohort.hours <= facilitator.availability
        and facilitator.id not in cohort.members
    )


def assign_cohort_facilitators(
    cohorts: Sequence[CohortNeed], facilitators: Sequence[Facilitator], *, per_cohort: int
) -> FacilitatorPlan:
    """Give each cohort `per_cohort` (1 or 2) facilitators who fit and are free at its hours."""
    if per_cohort not in (1, 2):
        raise ValueError("a cohort has 1 or 2 facilitators")
    options = {n: [f.id for f in facilitators if fits(f, c)] for n, c in enumerate(cohorts)}
    load = {f.id: f.load for f in facilitators}
    booked: dict[int, set[WeeklyHour]] = {f.id: set() for f in facilitators}
    assigned: dict[int, list[int]] = {n: [] for n in range(len(cohorts))}
    # One seat per cohort first (every cohort gets someone before any gets a second).
    for _ in range(per_cohort):
        order = sorted(assigned, key=lambda n: (len(options[n]), n))
        for n in order:
            if len(assigned[n]) >= per_cohort:
                continue
            free = [
                f for f in options[n] if f not in assigned[n] and not booked[f] & cohorts[n].hours
            ]
            if not free:
                continue
            chosen = min(free, key=lambda f: (load[f], f))
            assigned[n].append(chosen)
            booked[chosen] |= cohorts[n].hours
            load[chosen] += 1
    return FacilitatorPlan(
        assigned={n: tuple(fs) for n, fs in assigned.items()},
        shortfall={n: per_cohort - len(fs) for n, fs in assigned.items() if len(fs) < per_cohort},
    )
