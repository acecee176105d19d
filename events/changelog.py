"""A release's changelog as a person reads it (pure: plain data in, plain data out).

`scheduling.diff_snapshots` lists one entry per occurrence, so moving a weekly session lists
it once per date. Here the entries of one session that changed in the same way (the same
times before, moved by the same amount, the same spaces) become one line with the old and
the new time and how many dates it covers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class ChangeLine:
    kind: str  # "added", "moved" or "cancelled"
    title: str
    dates: int  # how many occurrences the line stands for
    # the first of those occurrences on the event's wall clock: before (moved, cancelled)
    # and after (added, moved) the change
    before_start: datetime | None
    before_end: datetime | None
    after_start: datetime | None
    after_end: datetime | None
    before_space: str
    after_space: str

    @property
    def space_changed(self) -> bool:
        return self.kind == "moved" and self.before_space != self.after_space

    @property
    def day_changed(self) -> bool:
        return (
            self.before_start is not None
            and self.after_start is not None
            and self.before_start.date() != self.after_start.date()
        )


def _wall(iso: str, zone: ZoneInfo) -> datetime:
    return datetime.fromisoformat(iso).astimezone(zone)


def _shape(entry: Mapping, zone: ZoneInfo) -> tuple:
    """What the dates of a series share: the wall-clock times and the space."""
    start, end = _wall(entry["starts_at"], zone), _wall(entry["ends_at"], zone)
    return (start.time(), end.time(), entry.get("space", ""))


def _shift(before: Mapping, after: Mapping, zone: ZoneInfo) -> tuple:
    """How a date moved, on the wall clock: dates of a series that moved alike share it."""
    return (
        _wall(after["starts_at"], zone).replace(tzinfo=None)
        - _wall(before["starts_at"], zone).replace(tzinfo=None),
        _wall(after["ends_at"], zone).replace(tzinfo=None)
        - _wall(before["ends_at"], zone).replace(tzinfo=None),
    )


def changelog(changes: Mapping[str, list], zone: ZoneInfo) -> list[ChangeLine]:
    """One line per change, whatever the number of dates it touched, in the order: added,
    moved, cancelled; within each, by first date."""
    groups: dict[tuple, list[tuple[Mapping | None, Mapping | None, str]]] = {}
    for kind in ("added", "moved", "cancelled"):
        for entry in changes.get(kind, []):
            before = entry["before"] if kind == "moved" else entry if kind == "cancelled" else None
            after = entry["after"] if kind == "moved" else entry if kind == "added" else None
            session = (after or before or {}).get("session")
            key = (
                kind,
                session,
                entry["title"],
                _shape(before, zone) if before else None,
                _shape(after, zone) if after else None,
                _shift(before, after, zone) if before and after else None,
            )
            groups.setdefault(key, []).append((before, after, entry["title"]))
    lines = []
    for (kind, _session, title, *_shapes), members in groups.items():
        first_before = min(
            (m[0] for m in members if m[0]), key=lambda e: e["starts_at"], default=None
        )
        first_after = min(
            (m[1] for m in members if m[1]), key=lambda e: e["starts_at"], default=None
        )
        lines.append(
            ChangeLine(
                kind=kind,
                title=title,
                dates=len(members),
                before_start=_wall(first_before["starts_at"], zone) if first_before else None,
                before_end=_wall(first_before["ends_at"], zone) if first_before else None,
                after_start=_wall(first_after["starts_at"], zone) if first_after else None,
                after_end=_wall(first_after["ends_at"], zone) if first_after else None,
                before_space=first_before.get("space", "") if first_before else "",
                after_space=first_after.get("space", "") if first_after else "",
            )
        )
    order = {"added": 0, "moved": 1, "cancelled": 2}
    return sorted(
        lines,
        key=lambda line: (
            order[line.kind],
            line.after_start or line.before_start or datetime.min.replace(tzinfo=zone),
        ),
    )
