"""A programme's report from its surveys and attendance: pure arithmetic on plain data.

Surveys ask the same questions before the first session and after the last, on a 1-5 scale.
The change for a question is measured on the people who answered it both times (paired), so
that who happened to answer does not pass for a change of mind.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# answers[question key][person id] = 1..5
Answers = Mapping[str, Mapping[int, int]]


@dataclass(frozen=True)
class QuestionChange:
    question: str
    answered_before: int
    answered_after: int
    paired: int
    mean_before: float | None
    mean_after: float | None
    mean_change: float | None  # after - before, over the paired answers
    change_spread: float | None  # the sample standard deviation of the paired changes


@dataclass(frozen=True)
class Attendance:
    sessions: int
    present: int
    possible: int

    @property
    def rate(self) -> float | None:
        return self.present / self.possible if self.possible else None


def answer_rate(answers: Answers, question: str, members: int) -> float | None:
    return len(answers.get(question, {})) / members if members else None


def change(question: str, before: Answers, after: Answers) -> QuestionChange:
    first = before.get(question, {})
    last = after.get(question, {})
    both = sorted(set(first) & set(last))
    deltas = [last[p] - first[p] for p in both]
    return QuestionChange(
        question=question,
        answered_before=len(first),
        answered_after=len(last),
        paired=len(both),
        mean_before=statistics.fmean(first.values()) if first else None,
        mean_after=statistics.fmean(last.values()) if last else None,
        mean_change=statistics.fmean(deltas) if deltas else None,
        change_spread=statistics.stdev(deltas) if len(deltas) >= 2 else None,
    )


def attendance(present: Mapping[int, Sequence[int]], *, members: int, sessions: int) -> Attendance:
    """`present[session number]` lists who came; a member absent is one not listed."""
    held = [n for n in range(1, sessions + 1) if n in present]
    return Attendance(
        sessions=len(held),
        present=sum(len(set(present[n])) for n in held),
        possible=members * len(held),
    )


def missed_twice_in_a_row(
    present: Mapping[int, Sequence[int]], members: Sequence[int]
) -> list[int]:
    """Members absent from the last two sessions held: the facilitators should reach out."""
    held = sorted(present)
    if len(held) < 2:
        return []
    last_two = [set(present[n]) for n in held[-2:]]
    return [m for m in members if all(m not in came for came in last_two)]
