"""The rotating editorship, as pure logic: plain periods and a `now` in, answers out."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class Period:
    """A partner's turn, from `starts_at` (included) to `ends_at` (excluded)."""

    organisation_id: int
    starts_at: datetime
    ends_at: datetime

    def covers(self, now: datetime) -> bool:
        return self.starts_at <= now < self.ends_at


def _aware(now: datetime) -> datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("The rota compares aware datetimes only.")
    return now


def period_at(periods: Iterable[Period], now: datetime) -> Period | None:
    """The period covering `now` (the earliest-starting one if, wrongly, several do)."""
    now = _aware(now)
    covering = [period for period in periods if period.covers(now)]
    return min(covering, key=lambda p: p.starts_at) if covering else None


def overlapping(periods: Iterable[Period], starts_at: datetime, ends_at: datetime) -> list[Period]:
    """The periods that share any instant with [starts_at, ends_at)."""
    return [p for p in periods if p.starts_at < ends_at and starts_at < p.ends_at]


def may_edit_library(
    *,
    is_secretariat: bool,
    organisation_ids: Collection[int],
    periods: Iterable[Period],
    now: datetime,
) -> bool:
    """The secretariat (global editors) may always edit; a partner's editors only in its turn."""
    if is_secretariat:
        return True
    current = period_at(periods, now)
    return current is not None and current.organisation_id in organisation_ids
