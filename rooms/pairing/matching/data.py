"""The matcher's plain data: what goes in (`Candidate`, `Pool`) and what comes out (`MatchResult`).

Everything here is a frozen dataclass of plain values, so the caller (a service that loads
profiles, blocks and history from the database) can build it and the tests can generate it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

Affiliation = Literal["student", "city"]
Residency = Literal["newcomer", "resident", ""]
PoolKind = Literal["university", "city"]
Mode = Literal["pairs", "groups"]
Reason = Literal[
    "no_shared_language",
    "same_university_only",
    "no_residency",
    "needs_mix",
    "blocked",
    "met_recently",
    "odd_one_out",
]

# Why a person was left unmatched: the first hard rule, in this order, that left them with
# nobody. `odd_one_out` means compatible people existed but all of them were placed elsewhere.
NO_SHARED_LANGUAGE: Reason = "no_shared_language"
SAME_UNIVERSITY_ONLY: Reason = "same_university_only"
NO_RESIDENCY: Reason = "no_residency"
NEEDS_MIX: Reason = "needs_mix"
BLOCKED: Reason = "blocked"
MET_RECENTLY: Reason = "met_recently"
ODD_ONE_OUT: Reason = "odd_one_out"
REASONS: tuple[Reason, ...] = (
    NO_SHARED_LANGUAGE,
    SAME_UNIVERSITY_ONLY,
    NO_RESIDENCY,
    NEEDS_MIX,
    BLOCKED,
    MET_RECENTLY,
    ODD_ONE_OUT,
)

MIN_GROUP_SIZE = 3
MAX_GROUP_SIZE = 6

PairSet = frozenset[frozenset[int]]


def pair_set(pairs: object) -> PairSet:
    """Normalise an iterable of 2-element id collections into a set of frozenset pairs."""
    return frozenset(frozenset(p) for p in pairs)  # type: ignore[attr-defined]


@dataclass(frozen=True, slots=True)
class Candidate:
    """One person waiting to be matched.

    `waiting_since` must be timezone-aware; `online` is False for someone who meets in person
    (their time zone is then irrelevant). `university_id` only counts for students.
    """

    id: int
    affiliation: Affiliation = "student"
    university_id: int | None = None
    country: str = ""
    city_id: int | None = None
    residency: Residency = ""
    languages: frozenset[str] = frozenset()
    interests: frozenset[str] = frozenset()
    utc_offset_minutes: int = 0
    waiting_since: dt.datetime = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    online: bool = True

    def __post_init__(self) -> None:
        if self.waiting_since.tzinfo is None:
            raise ValueError(f"candidate {self.id}: waiting_since must be timezone-aware")


@dataclass(frozen=True, slots=True)
class Pool:
    """Everyone to be matched in one batch, and the pairs that must never be put together.

    `blocks` and `recent_pairs` hold 2-element frozensets of ids (order does not matter; ids
    outside the pool are ignored). `recent_pairs` is computed by the caller over the last N
    rounds. `group_size` is only read in groups mode and must be 3 to 6.
    """

    candidates: Sequence[Candidate]
    kind: PoolKind = "university"
    mode: Mode = "pairs"
    group_size: int = 4
    blocks: PairSet = frozenset()
    recent_pairs: PairSet = frozenset()

    def __post_init__(self) -> None:
        ids = [c.id for c in self.candidates]
        if len(ids) != len(set(ids)):
            raise ValueError("a pool holds each person once")
        if self.mode == "groups" and not MIN_GROUP_SIZE <= self.group_size <= MAX_GROUP_SIZE:
            raise ValueError(f"group_size must be {MIN_GROUP_SIZE} to {MAX_GROUP_SIZE}")
        if self.kind not in ("university", "city") or self.mode not in ("pairs", "groups"):
            raise ValueError(f"unknown pool kind or mode: {self.kind!r}, {self.mode!r}")


@dataclass(frozen=True, slots=True)
class Group:
    """A pair or small group: member ids (longest-waiting first), its score, what they share.

    `shared_languages` are spoken by every member; `shared_interests` are held by at least two
    members, most widely shared first.
    """

    members: tuple[int, ...]
    score: float
    shared_interests: tuple[str, ...]
    shared_languages: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MatchResult:
    """Every candidate of the pool appears exactly once: in one group or in `unmatched`."""

    groups: tuple[Group, ...]
    unmatched: Mapping[int, Reason] = field(default_factory=dict)

    @property
    def total_score(self) -> float:
        return sum(g.score for g in self.groups)

    @property
    def matched_count(self) -> int:
        return sum(len(g.members) for g in self.groups)
