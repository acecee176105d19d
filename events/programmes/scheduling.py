"""When a cohort meets: pure functions of the programme's settings (no database, no clock)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from rooms.pairing.matching.cohort_facilitators import WeeklyHour


def first_meeting(first_week: dt.date, meeting_time: list[int], zone: ZoneInfo) -> dt.datetime:
    """The first meeting's start, in the week (Monday to Sunday) that holds `first_week`."""
    weekday, hour, minute = meeting_time
    monday = first_week - dt.timedelta(days=first_week.weekday())
    day = monday + dt.timedelta(days=weekday)
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=zone)


def weekly_hours(meeting_time: list[int], minutes: int) -> frozenset[WeeklyHour]:
    """Every weekly hour a meeting at `meeting_time` lasting `minutes` touches."""
    weekday, hour, minute = meeting_time
    start = weekday * 24 * 60 + hour * 60 + minute
    hours = set()
    for at in range(start, start + minutes, 60):
        hours.add(((at // (24 * 60)) % 7, (at // 60) % 24))
    last = start + minutes - 1
    hours.add(((last // (24 * 60)) % 7, (last // 60) % 24))
    return frozenset(hours)


def recurrence(*, sessions: int, weeks_between: int) -> str:
    """The RRULE of a cohort's meetings."""
    if sessions == 1:
        return ""
    interval = f";INTERVAL={weeks_between}" if weeks_between > 1 else ""
    return f"FREQ=WEEKLY{interval};COUNT={sessions}"
