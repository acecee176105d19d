"""Why someone is still waiting: who else is in their pool, and the rule that keeps them apart.

Pure, like the rest of the matcher: the caller passes the people waiting now and gets back
how many of them are in the person's pool and, when none of them may be their partner, the
hard rule that stopped each (the deepest one, as `reasons.unmatched_reason` decides).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from .data import NO_RESIDENCY, Candidate, PairSet, PoolKind, Reason
from .instant import same_pool
from .reasons import unmatched_reason
from .scoring import build_table


@dataclass(frozen=True, slots=True)
class Waiting:
    """`in_pool`: how many others wait in the person's pool (students, or their city).
    `reason`: why none of them is their partner; None when nobody else waits (then they are
    waiting for the next person to come), `odd_one_out` when one of them would fit."""

    in_pool: int
    reason: Reason | None


def why_waiting(
    person: Candidate,
    waiting: Sequence[Candidate],
    *,
    blocks: PairSet = frozenset(),
    recent_pairs: PairSet = frozenset(),
    paired: frozenset[int] = frozenset(),
    now: dt.datetime,
) -> Waiting:
    """What `person`, left in the queue, is told. `person` may appear in `waiting`.

    `paired`: ids in `waiting` who were just paired with others. They count for the reason
    (why `person` was not paired with them) but no longer for `in_pool`."""
    others = [c for c in waiting if c.id != person.id and same_pool(person, c)]
    in_pool = sum(1 for c in others if c.id not in paired)
    kind: PoolKind = "city" if person.affiliation == "city" else "university"
    if kind == "city" and person.residency == "":
        return Waiting(in_pool=in_pool, reason=NO_RESIDENCY)
    if not others:
        return Waiting(in_pool=0, reason=None)
    table = build_table(
        [person, *others], kind=kind, blocks=blocks, recent_pairs=recent_pairs, now=now
    )
    everyone = list(range(len(table.ids)))
    return Waiting(in_pool=in_pool, reason=unmatched_reason(table, 0, everyone))
