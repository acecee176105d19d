"""Jury results: weighted rubric averages with conflicts left out, ties kept as ties. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal


@dataclass(frozen=True)
class Criterion:
    key: str
    weight: Decimal


@dataclass(frozen=True)
class JurorScore:
    entry_id: int
    juror_id: int
    marks: Mapping[str, int]


@dataclass(frozen=True)
class Standing:
    entry_id: int
    average: Decimal | None  # None: no score counts yet
    scores: int
    rank: int | None
    tied: bool


def weighted(marks: Mapping[str, int], rubric: Sequence[Criterion]) -> Decimal | None:
    """One juror's weighted mark; None when a criterion is missing or the weights sum to 0."""
    total = sum((criterion.weight for criterion in rubric), Decimal(0))
    if total <= 0 or any(criterion.key not in marks for criterion in rubric):
        return None
    points = sum((criterion.weight * marks[criterion.key] for criterion in rubric), Decimal(0))
    return points / total


def standings(
    entry_ids: Sequence[int],
    scores: Sequence[JurorScore],
    rubric: Sequence[Criterion],
    conflicts: set[tuple[int, int]],
) -> list[Standing]:
    """Rank `entry_ids` by the mean of their jurors' weighted marks, to two decimals.

    A score whose (entry, juror) is in `conflicts` does not count. Entries with equal averages
    share a rank and are marked tied (the next rank skips: 1, 1, 3); entries without a counted
    score come last, unranked."""
    marks: dict[int, list[Decimal]] = {entry_id: [] for entry_id in entry_ids}
    for score in scores:
        if score.entry_id not in marks or (score.entry_id, score.juror_id) in conflicts:
            continue
        value = weighted(score.marks, rubric)
        if value is not None:
            marks[score.entry_id].append(value)
    averages: dict[int, Decimal] = {
        entry_id: (sum(values, Decimal(0)) / len(values)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_EVEN
        )
        for entry_id, values in marks.items()
        if values
    }
    scored = sorted((e for e in entry_ids if e in averages), key=lambda e: -averages[e])
    counts: dict[Decimal, int] = {}
    for entry_id in scored:
        counts[averages[entry_id]] = counts.get(averages[entry_id], 0) + 1
    result = []
    rank = 0
    previous: Decimal | None = None
    for position, entry_id in enumerate(scored, start=1):
        average = averages[entry_id]
        if average != previous:
            rank, previous = position, average
        result.append(Standing(entry_id, average, len(marks[entry_id]), rank, counts[average] > 1))
    result.extend(
        Standing(entry_id, None, 0, None, False)
        for entry_id in entry_ids
        if entry_id not in averages
    )
    return result
