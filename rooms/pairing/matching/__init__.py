"""The Café Salam matcher: a pure function from a pool of people to pairs or small groups.

No database, no clock: the caller passes plain dataclasses and `now`, and gets plain
dataclasses back (`match`, `best_partner`, `assign_facilitators`). Deterministic: the same
arguments give the same result.

Hard rules, never broken (property-tested in tests/rooms/test_pairing*.py):

- Language. Partners share at least one language. A group has one language that every member
  speaks (not merely a language per pair: a group talks together, so it needs a common one).
- Universities. Two students of the same university are never a pair; a group holds at most
  two students of one university. (A student without a known university is no one's
  colleague.)
- Countries. A pair of students from the same country is made only as a fallback: never while
  either of them has a compatible partner from another country who is left unmatched. Scores
  make every cross-country pair worth more than anything else a partner brings, so the matcher
  chooses cross-country pairs whenever doing so costs nobody their partner; it never leaves
  people unmatched to avoid a same-country pair. A group of students takes a member from a
  second country whenever a compatible one is available when it is formed.
- City pools. A pair is one newcomer and one long-time resident; a group has at least one of
  each. Someone whose residency is unknown is not matched (`no_residency`).
- Blocks and history. Never together: two people of whom one blocked the other, or two who
  met within the last rounds (`Pool.recent_pairs`, computed by the caller).

Preferences, scored (`scoring.py`): shared interests, shared languages, time-zone overlap for
online pairs, cross-country pairs of students, and waiting points that make the
longest-waiting go first. A pair's score is the sum; a group's is the sum over its pairs
divided by (size - 1) plus everyone's waiting points, which equals the pair score for two.

Pairs mode maximises the number of pairs (exactly, in pools up to `pairs.EXACT_LIMIT`), then
the score (greedy, augmenting paths and 2-opt: see `pairs.py`). Groups mode (`groups.py`)
forms groups of `Pool.group_size`, one fewer or one more when the pool does not divide evenly,
never fewer than 3 nor more than 6.
"""

from .data import (
    BLOCKED,
    MET_RECENTLY,
    NEEDS_MIX,
    NO_RESIDENCY,
    NO_SHARED_LANGUAGE,
    ODD_ONE_OUT,
    REASONS,
    SAME_UNIVERSITY_ONLY,
    Candidate,
    Group,
    MatchResult,
    Pool,
    Reason,
    pair_set,
)
from .facilitators import assign_facilitators, expected_group_count, facilitator_shortfall
from .instant import best_partner
from .matcher import match
from .scoring import compatibility_edges
from .waiting import Waiting, why_waiting

__all__ = [
    "BLOCKED",
    "MET_RECENTLY",
    "NEEDS_MIX",
    "NO_RESIDENCY",
    "NO_SHARED_LANGUAGE",
    "ODD_ONE_OUT",
    "REASONS",
    "SAME_UNIVERSITY_ONLY",
    "Candidate",
    "Group",
    "MatchResult",
    "Pool",
    "Reason",
    "Waiting",
    "assign_facilitators",
    "best_partner",
    "compatibility_edges",
    "expected_group_count",
    "facilitator_shortfall",
    "match",
    "pair_set",
    "why_waiting",
]
