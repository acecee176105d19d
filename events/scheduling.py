"""Schedule conflict checks and recurrence expansion: plain data in, plain data out.

No database and no clock: the services and the pages load the schedule into these dataclasses
and show what comes back. Overlaps are found with an interval sweep per space and per person
(sort by start, keep the sessions still running), so a schedule of n sessions costs
O(n log n + conflicts) rather than comparing every pair.
"""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from dateutil.rrule import rrule, rrulestr

MAX_OCCURRENCES = 100


class ConflictKind(StrEnum):
    SPACE_OVERLAP = "space_overlap"
    PERSON_DOUBLE_BOOKED = "person_double_booked"
    OUTSIDE_EVENT = "outside_event"
    OVER_CAPACITY = "over_capacity"


@dataclass(frozen=True)
class Slot:
    """One sitting of a session: `key` identifies it to the caller (an occurrence id)."""

    key: Hashable
    title: str
    start: datetime
    end: datetime
    space: Hashable | None = None
    capacity: int | None = None
    people: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class SpaceInfo:
    name: str
    capacity: int | None  # None: online, no limit


@dataclass(frozen=True)
class Conflict:
    kind: ConflictKind
    keys: tuple[Hashable, ...]
    # The space's name or the person's key, for the message.
    subject: str = ""


def check_schedule(
    slots: Iterable[Slot],
    *,
    spaces: Mapping[Any, SpaceInfo],
    window: tuple[datetime, datetime],
) -> list[Conflict]:
    """Every conflict of a schedule, in a stable order (kind, then the keys' start times).

    `window` is the event's [first midnight, midnight after the last day) as aware datetimes.
    `spaces` is keyed like `Slot.space` (any hashable: `Mapping[Hashable, ...]` would refuse
    a `dict[int, ...]`, a mapping's key type being invariant).
    """
    slots = list(slots)
    conflicts: list[Conflict] = []
    by_space: dict[Hashable, list[Slot]] = defaultdict(list)
    by_person: dict[str, list[Slot]] = defaultdict(list)
    first, last = window
    for slot in slots:
        if slot.start < first or slot.end > last:
            conflicts.append(Conflict(ConflictKind.OUTSIDE_EVENT, (slot.key,)))
        if slot.space is not None:
            by_space[slot.space].append(slot)
            info = spaces.get(slot.space)
            if (
                info is not None
                and info.capacity is not None
                and slot.capacity is not None
                and slot.capacity > info.capacity
            ):
                conflicts.append(Conflict(ConflictKind.OVER_CAPACITY, (slot.key,), info.name))
        for person in slot.people:
            by_person[person].append(slot)
    for space, group in by_space.items():
        name = spaces[space].name if space in spaces else str(space)
        conflicts.extend(
            Conflict(ConflictKind.SPACE_OVERLAP, pair, name) for pair in overlapping_pairs(group)
        )
    for person, group in by_person.items():
        conflicts.extend(
            Conflict(ConflictKind.PERSON_DOUBLE_BOOKED, pair, person)
            for pair in overlapping_pairs(group)
        )
    return conflicts


def overlapping_pairs(slots: Iterable[Slot]) -> list[tuple[Hashable, Hashable]]:
    """Pairs of keys whose [start, end) intervals overlap, earlier-starting key first.

    Sweep in start order keeping a heap of the slots still running: each new slot overlaps
    exactly those whose end is after its start. Touching intervals (one ends as the next
    starts) do not overlap.
    """
    ordered = sorted(slots, key=lambda s: (s.start, s.end))
    running: list[tuple[datetime, int, Slot]] = []
    pairs: list[tuple[Hashable, Hashable]] = []
    for number, slot in enumerate(ordered):
        while running and running[0][0] <= slot.start:
            heapq.heappop(running)
        pairs.extend((other.key, slot.key) for _, _, other in running)
        heapq.heappush(running, (slot.end, number, slot))
    return pairs


def clashing_keys(slots: Iterable[Slot]) -> set[Hashable]:
    """The keys of slots that overlap at least one other (a personal agenda's clashes)."""
    return {key for pair in overlapping_pairs(slots) for key in pair}


class RecurrenceError(ValueError):
    pass


def parse_recurrence(rule: str) -> str:
    """Normalise an RRULE (without the `RRULE:` prefix); refuse one that never ends."""
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[len("RRULE:") :]
    if not text:
        return ""
    upper = text.upper()
    if "DTSTART" in upper or "\n" in text:
        raise RecurrenceError("Give the rule only, such as FREQ=WEEKLY;COUNT=8.")
    if "COUNT=" not in upper and "UNTIL=" not in upper:
        raise RecurrenceError("A recurrence needs an end: COUNT=... or UNTIL=....")
    try:
        rrulestr(upper, dtstart=datetime(2000, 1, 1))  # noqa: DTZ001 syntax check only
    except (ValueError, TypeError) as exc:
        raise RecurrenceError(f"Not a valid RRULE: {exc}") from exc
    return upper


def expand(
    start: datetime, end: datetime, *, rule: str, zone: ZoneInfo
) -> list[tuple[datetime, datetime]]:
    """The (start, end) of every occurrence, as aware datetimes.

    The rule runs on the wall clock of `zone` (the event's), so a weekly 18:00 meeting stays
    at 18:00 local time across a daylight-saving change, and each occurrence lasts as long
    on the wall clock as the first. At most MAX_OCCURRENCES are produced.
    """
    if not rule:
        return [(start, end)]
    local_start = start.astimezone(zone).replace(tzinfo=None)
    local_end = end.astimezone(zone).replace(tzinfo=None)
    duration = local_end - local_start
    recurrence = rrulestr(rule, dtstart=local_start)
    if not isinstance(recurrence, rrule):
        raise RecurrenceError("Give one RRULE.")
    occurrences: list[tuple[datetime, datetime]] = []
    for wall in recurrence:
        occurrences.append((wall.replace(tzinfo=zone), (wall + duration).replace(tzinfo=zone)))
        if len(occurrences) >= MAX_OCCURRENCES:
            break
    return occurrences


def diff_snapshots(before: Mapping[str, dict], after: Mapping[str, dict]) -> dict[str, list]:
    """What changed between two releases' snapshots (key: occurrence id, value: its entry).

    `added` and `cancelled` list entries; `moved` lists `{key, title, before, after}` for an
    occurrence whose start, end or space changed. Each list is in start order.
    """

    def start(entry: dict) -> str:
        return entry["starts_at"]

    added = [{"key": k, **after[k]} for k in after.keys() - before.keys()]
    cancelled = [{"key": k, **before[k]} for k in before.keys() - after.keys()]
    moved = []
    for key in before.keys() & after.keys():
        old, new = before[key], after[key]
        if any(old[f] != new[f] for f in ("starts_at", "ends_at", "space")):
            moved.append({"key": key, "title": new["title"], "before": old, "after": new})
    return {
        "added": sorted(added, key=start),
        "moved": sorted(moved, key=lambda m: m["after"]["starts_at"]),
        "cancelled": sorted(cancelled, key=start),
    }


# The recurrence picker: what a person chooses, and the RRULE it writes.
REPEATS = {"weekly": "FREQ=WEEKLY", "biweekly": "FREQ=WEEKLY;INTERVAL=2", "monthly": "FREQ=MONTHLY"}


def build_recurrence(repeat: str, *, count: int | None = None, until: date | None = None) -> str:
    """The RRULE for a repeat ("weekly", "biweekly", "monthly") ending after `count` dates or
    on the day `until` (inclusive, on the event's wall clock, as `expand` reads rules); ""
    for no repeat. Exactly one of `count` and `until` ends a repeat."""
    if not repeat:
        return ""
    if repeat not in REPEATS:
        raise RecurrenceError(f"Unknown repeat {repeat!r}.")
    if (count is None) == (until is None):
        raise RecurrenceError("End the repeat either after a number of times or on a date.")
    if until is not None:
        return f"{REPEATS[repeat]};UNTIL={until:%Y%m%d}T235959"
    if count is None or not 2 <= count <= MAX_OCCURRENCES:
        raise RecurrenceError(f"Between 2 and {MAX_OCCURRENCES} times.")
    return f"{REPEATS[repeat]};COUNT={count}"


def picker_of(rule: str) -> dict[str, object]:
    """The picker's choices that write `rule` (the inverse of `build_recurrence`), or
    {"repeat": "custom"} for a rule the picker cannot write."""
    if not rule:
        return {"repeat": ""}
    parts = dict(part.split("=", 1) for part in rule.upper().split(";") if "=" in part)
    end = {k: parts.pop(k) for k in ("COUNT", "UNTIL") if k in parts}
    base = ";".join(f"{k}={v}" for k, v in parts.items())
    repeat = next((name for name, text in REPEATS.items() if text == base), "")
    if not repeat or len(end) != 1:
        return {"repeat": "custom"}
    if "COUNT" in end:
        return {"repeat": repeat, "ends": "count", "count": int(end["COUNT"])}
    until = end["UNTIL"]
    if not re.fullmatch(r"\d{8}(T235959Z?)?", until):
        return {"repeat": "custom"}
    day = date(int(until[:4]), int(until[4:6]), int(until[6:8]))
    return {"repeat": repeat, "ends": "until", "until": day}
