"""Groups mode: small groups (3 to 6) that share one language, built greedily.

Longest-waiting first, each person still free seeds a group: for each of the seed's
languages, the group grows from a window of free people who speak it (longest-waiting first),
adding at each step the person who shares most with the members so far, under the group
rules. The best of the seed's languages wins. People left over then form groups one smaller,
and the rest join existing groups as one extra member, when the rules allow.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .data import MAX_GROUP_SIZE, MIN_GROUP_SIZE
from .scoring import Table

WINDOW = 40
MIX_POINTS = 15.0  # a city group leans towards as many newcomers as residents
MAX_PER_UNIVERSITY = 2


def _bits(mask: int) -> Iterable[int]:
    while mask:
        low = mask & -mask
        yield low
        mask ^= low


def group_score(table: Table, members: list[int] | tuple[int, ...]) -> float:
    """Sum of pair scores over (size - 1), plus everyone's waiting points.

    For two people this is exactly their pair score, so pairs and groups read alike.
    """
    pairs = sum(table.base(a, b) for n, a in enumerate(members) for b in members[n + 1 :])
    return pairs / (len(members) - 1) + sum(table.wait[m] for m in members)


def can_join(table: Table, members: list[int], c: int) -> bool:
    """Whether c may join `members` under the group rules (size aside)."""
    common = table.languages[c]
    for m in members:
        common &= table.languages[m]
        if m in table.blocked[c] or m in table.recent[c]:
            return False
    if not common:
        return False
    university = table.university[c]
    return university < 0 or sum(table.university[m] == university for m in members) < 2


class _Builder:
    def __init__(self, table: Table, eligible: list[int]) -> None:
        self.table = table
        self.by_wait = sorted(eligible, key=lambda i: (-table.waited[i], table.ids[i]))
        self.taken = [False] * len(table.ids)
        self.buckets: dict[int, list[int]] = {}
        for i in self.by_wait:
            for bit in _bits(table.languages[i]):
                self.buckets.setdefault(bit, []).append(i)
        self.fronts = dict.fromkeys(self.buckets, 0)

    def window(self, bit: int, seed: int, allowed: set[int] | None) -> list[int]:
        bucket = self.buckets[bit]
        front = self.fronts[bit]
        while front < len(bucket) and self.taken[bucket[front]]:
            front += 1
        self.fronts[bit] = front
        found: list[int] = []
        for c in bucket[front:]:
            if len(found) == WINDOW:
                break
            if c != seed and not self.taken[c] and (allowed is None or c in allowed):
                found.append(c)
        return found

    def grow(self, seed: int, window: list[int], target: int) -> list[int] | None:
        """A group of `target` around seed from `window`, or None when the rules forbid it."""
        table = self.table
        members = [seed]
        universities = Counter({table.university[seed]: 1})
        residencies = Counter({table.residency[seed]: 1})
        shared = {}
        for c in window:
            if seed not in table.blocked[c] and seed not in table.recent[c]:
                shared[c] = table.base(seed, c)
        while len(members) < target and shared:
            options = [
                c
                for c in shared
                if table.university[c] < 0 or universities[table.university[c]] < MAX_PER_UNIVERSITY
            ]
            if table.city and target - len(members) == 1:
                missing = {1, 2} - set(residencies)
                if missing:
                    options = [c for c in options if table.residency[c] in missing]
            students = [m for m in members if table.student[m]]
            if students and len({table.country[m] for m in students}) == 1:
                # Cross-country when the pool allows it: a second country first.
                country = table.country[students[0]]
                abroad = [c for c in options if table.student[c] and table.country[c] != country]
                options = abroad or options
            if not options:
                return None
            minority = min((1, 2), key=lambda r: residencies[r])

            def value(c: int, minority: int = minority) -> tuple[float, float, int]:
                points = shared[c] / (target - 1) + table.wait[c]
                if table.city and table.residency[c] == minority:
                    points += MIX_POINTS
                return (points, table.waited[c], -table.ids[c])

            chosen = max(options, key=value)
            members.append(chosen)
            universities[table.university[chosen]] += 1
            residencies[table.residency[chosen]] += 1
            del shared[chosen]
            for c in list(shared):
                if chosen in table.blocked[c] or chosen in table.recent[c]:
                    del shared[c]
                else:
                    shared[c] += table.base(chosen, c)
        if len(members) < target:
            return None
        return members

    def best_group(self, seed: int, target: int, allowed: set[int] | None) -> list[int] | None:
        best: tuple[float, list[int]] | None = None
        for bit in _bits(self.table.languages[seed]):
            members = self.grow(seed, self.window(bit, seed, allowed), target)
            if members is not None:
                score = group_score(self.table, members)
                if best is None or score > best[0]:
                    best = (score, members)
        return best[1] if best else None

    def form(self, target: int, seeds: list[int], allowed: set[int] | None) -> list[list[int]]:
        groups = []
        for seed in seeds:
            if self.taken[seed]:
                continue
            members = self.best_group(seed, target, allowed)
            if members:
                for m in members:
                    self.taken[m] = True
                groups.append(members)
        return groups

    def join(self, groups: list[list[int]], people: list[int], max_size: int) -> None:
        table = self.table
        for person in people:
            if self.taken[person]:
                continue
            best: tuple[float, list[int]] | None = None
            for members in groups:
                if len(members) < max_size and can_join(table, members, person):
                    gain = sum(table.base(person, m) for m in members) / len(members)
                    if best is None or gain > best[0]:
                        best = (gain, members)
            if best:
                best[1].append(person)
                self.taken[person] = True


def match_groups(table: Table, eligible: list[int], size: int) -> list[list[int]]:
    """Groups of `size` (one fewer or one more when the pool does not divide), as indexes.

    Every group shares one language, holds at most two people from one university, has no
    blocked or recently met pair, and in a city pool at least one newcomer and one resident.
    """
    builder = _Builder(table, eligible)
    groups = builder.form(size, builder.by_wait, None)
    left = [i for i in builder.by_wait if not builder.taken[i]]
    if size - 1 >= MIN_GROUP_SIZE and len(left) >= size - 1:
        groups += builder.form(size - 1, left, set(left))
        left = [i for i in left if not builder.taken[i]]
    if size + 1 <= MAX_GROUP_SIZE:
        builder.join(groups, left, size + 1)
    return groups
