"""Augmenting paths (Edmonds' blossom search) for maximum-cardinality matching.

One search from an unmatched vertex finds a path that alternates unmatched and matched edges
and ends at another unmatched vertex, and flips it: one more pair, and everyone matched before
stays matched. Odd cycles ("blossoms") are contracted on the fly. When a search fails without
running out of budget, its whole tree is added to `dead`: by Edmonds' theorem no later
augmenting path (while only augmentations change the matching) goes through it. So searching
from every unmatched vertex without a budget yields a maximum-cardinality matching.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(slots=True)
class Budget:
    """Edge inspections left for all searches together (None: unlimited)."""

    left: int | None = None

    @property
    def exhausted(self) -> bool:
        return self.left is not None and self.left <= 0


def augment(
    adjacency: Sequence[Mapping[int, float]],
    mate: list[int],
    root: int,
    *,
    dead: set[int],
    budget: Budget,
) -> bool:
    """Try to match the unmatched vertex `root` by flipping one augmenting path.

    Updates `mate` in place (mate[v] is v's partner or -1) and returns True on success.
    Vertices in `dead` are ignored; an exhaustive failure adds this search's tree to it.
    """
    parent: dict[int, int] = {}
    base: dict[int, int] = {}
    blossom_members: dict[int, list[int]] = {}
    used = {root}
    touched = [root]
    queue = deque([root])

    def lowest_common_ancestor(a: int, b: int) -> int:
        seen: set[int] = set()
        while True:
            a = base.get(a, a)
            seen.add(a)
            if mate[a] == -1:
                break
            a = parent[mate[a]]
        while True:
            b = base.get(b, b)
            if b in seen:
                return b
            b = parent[mate[b]]

    def mark_path(v: int, blossom_base: int, child: int, blossom: set[int]) -> None:
        while base.get(v, v) != blossom_base:
            blossom.add(base.get(v, v))
            blossom.add(base.get(mate[v], mate[v]))
            parent[v] = child
            child = mate[v]
            v = parent[mate[v]]

    inspected = 0
    limit = budget.left
    while queue:
        v = queue.popleft()
        neighbours = adjacency[v]
        inspected += len(neighbours)
        if limit is not None and inspected > limit:
            budget.left = 0
            return False
        v_base = base.get(v, v)
        for to in neighbours:
            if to in dead or mate[v] == to or v_base == base.get(to, to):
                continue
            if to == root or (mate[to] != -1 and mate[to] in parent):
                blossom_base = lowest_common_ancestor(v, to)
                blossom: set[int] = set()
                mark_path(v, blossom_base, to, blossom)
                mark_path(to, blossom_base, v, blossom)
                merged = blossom_members.setdefault(blossom_base, [blossom_base])
                for old_base in blossom:
                    if old_base == blossom_base:
                        continue
                    for u in blossom_members.pop(old_base, [old_base]):
                        base[u] = blossom_base
                        merged.append(u)
                        if u not in used:
                            used.add(u)
                            queue.append(u)
                v_base = base.get(v, v)
            elif to not in parent:
                parent[to] = v
                touched.append(to)
                if mate[to] == -1:
                    if limit is not None:
                        budget.left = limit - inspected
                    while to != -1:
                        previous = parent[to]
                        next_to = mate[previous]
                        mate[to] = previous
                        mate[previous] = to
                        to = next_to
                    return True
                partner = mate[to]
                used.add(partner)
                touched.append(partner)
                queue.append(partner)
    if limit is not None:
        budget.left = limit - inspected
    dead.update(touched)
    return False
