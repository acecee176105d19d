"""Facilitators for group rounds: one group each, spread evenly, shortfall known in advance."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence, Set

from .data import MAX_GROUP_SIZE, MIN_GROUP_SIZE, Group


def expected_group_count(people: int, group_size: int) -> int:
    """How many groups `people` sign-ups make at most (everyone compatible), as `match` sizes them.

    Groups have `group_size` members; a remainder of `group_size - 1` (when that is at least 3)
    makes one more group, a smaller remainder joins existing groups.
    """
    if not MIN_GROUP_SIZE <= group_size <= MAX_GROUP_SIZE:
        raise ValueError(f"group_size must be {MIN_GROUP_SIZE} to {MAX_GROUP_SIZE}")
    full, remainder = divmod(people, group_size)
    smaller = group_size - 1
    return full + (1 if smaller >= MIN_GROUP_SIZE and remainder >= smaller else 0)


def facilitator_shortfall(
    group_count: int, facilitators: Collection[int], *, busy: Set[int] = frozenset()
) -> int:
    """How many more facilitators a round of `group_count` groups needs (0: enough).

    Each facilitator takes at most one group per round; `busy` ones (already facilitating at
    that time) do not count.
    """
    available = len(set(facilitators) - set(busy))
    return max(0, group_count - available)


def assign_facilitators(
    groups: Sequence[Group],
    facilitators: Sequence[int],
    *,
    busy: Set[int] = frozenset(),
    load: Mapping[int, int] | None = None,
) -> dict[int, int]:
    """Map group index to facilitator id: one group per facilitator, least-loaded first.

    A facilitator who is `busy`, or who is a member of one of the groups, gets no group.
    `load` (groups facilitated in earlier rounds) spreads the work over rounds: the least
    loaded go first, ties in the given order. When facilitators run short, the largest groups
    get one first (ties by index) and the others are missing from the result, which
    `facilitator_shortfall` reports before the round.
    """
    members = {m for group in groups for m in group.members}
    load = load or {}
    seen: set[int] = set()
    available = []
    for f in facilitators:
        if f not in seen and f not in busy and f not in members:
            seen.add(f)
            available.append(f)
    available.sort(key=lambda f: load.get(f, 0))  # stable: ties keep the given order
    order = sorted(range(len(groups)), key=lambda g: (-len(groups[g].members), g))
    return dict(zip(order, available, strict=False))
