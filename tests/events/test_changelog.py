"""The release changelog (pure): each change once, with the old and the new time."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from events.changelog import changelog
from events.scheduling import diff_snapshots

PARIS = ZoneInfo("Europe/Paris")


def entry(session: int, title: str, start: datetime, minutes: int = 90, space: str = "Hall"):
    return {
        "session": session,
        "title": title,
        "starts_at": start.astimezone(UTC).isoformat(),
        "ends_at": (start + timedelta(minutes=minutes)).astimezone(UTC).isoformat(),
        "space": space,
    }


def weekly(session: int, title: str, first: datetime, weeks: int, **kw) -> dict[str, dict]:
    return {
        f"{session}{n}": entry(session, title, first + timedelta(weeks=n), **kw)
        for n in range(weeks)
    }


TUESDAY = datetime(2026, 3, 3, 18, 0, tzinfo=PARIS)


def test_a_weekly_session_moved_on_every_date_is_one_line_with_both_times():
    before = weekly(1, "Language café", TUESDAY, 8)
    after = weekly(1, "Language café", TUESDAY + timedelta(days=1, hours=1), 8)
    [line] = changelog(diff_snapshots(before, after), PARIS)
    assert (line.kind, line.title, line.dates) == ("moved", "Language café", 8)
    assert (line.before_start, line.before_end) == (TUESDAY, TUESDAY + timedelta(minutes=90))
    assert line.after_start == datetime(2026, 3, 4, 19, 0, tzinfo=PARIS)
    assert line.after_end == datetime(2026, 3, 4, 20, 30, tzinfo=PARIS)
    assert line.day_changed and not line.space_changed


def test_dates_that_moved_differently_are_separate_lines():
    before = weekly(1, "Café", TUESDAY, 4)
    after = dict(before)
    later = TUESDAY + timedelta(hours=1)
    after["12"] = entry(1, "Café", later + timedelta(weeks=2))
    after["13"] = entry(1, "Café", later + timedelta(weeks=3))
    after["10"] = entry(1, "Café", TUESDAY, space="Garden")
    lines = changelog(diff_snapshots(before, after), PARIS)
    assert [(line.kind, line.dates, line.after_start) for line in lines] == [
        ("moved", 1, TUESDAY),
        ("moved", 2, later + timedelta(weeks=2)),
    ]
    assert (lines[0].before_space, lines[0].after_space, lines[0].space_changed) == (
        "Hall",
        "Garden",
        True,
    )


def test_added_and_cancelled_series_are_one_line_each_in_order():
    kept = weekly(3, "Kept", TUESDAY, 2)
    before = {**kept, **weekly(2, "Gone", TUESDAY, 3)}
    after = {**kept, **weekly(4, "New", TUESDAY + timedelta(hours=3), 5)}
    lines = changelog(diff_snapshots(before, after), PARIS)
    assert [(line.kind, line.title, line.dates) for line in lines] == [
        ("added", "New", 5),
        ("cancelled", "Gone", 3),
    ]
    assert lines[0].before_start is None and lines[0].after_start == TUESDAY + timedelta(hours=3)
    assert lines[1].after_start is None and lines[1].before_start == TUESDAY


def test_times_are_on_the_events_wall_clock_across_a_daylight_saving_change():
    # Paris changes to summer time on 29 March: the series stays at 18:00 local
    before = weekly(1, "Café", TUESDAY, 6)
    after = weekly(1, "Café", TUESDAY + timedelta(hours=1), 6)
    lines = changelog(diff_snapshots(before, after), PARIS)
    assert [line.dates for line in lines] == [6]
    assert lines[0].after_start.hour == 19


def test_no_changes_no_lines():
    same = weekly(1, "Café", TUESDAY, 3)
    assert changelog(diff_snapshots(same, same), PARIS) == []


def test_the_manage_page_shows_each_change_once_with_both_times(
    client, forum, organiser, add_session
):
    from events import services
    from events.services import SessionFields
    from tests.events.conftest import at

    session = add_session(
        forum, "Language café", at(0, 18), at(0, 19), recurrence="FREQ=DAILY;COUNT=2"
    )
    services.publish_schedule(forum, actor=organiser)
    services.update_session(
        session,
        actor=organiser,
        fields=SessionFields(
            title="Language café",
            starts_at=at(0, 19),
            ends_at=at(0, 20),
            capacity=10,
            space=session.space,
            recurrence="FREQ=DAILY;COUNT=2",
        ),
    )
    services.publish_schedule(forum, actor=organiser)
    client.force_login(organiser)
    body = client.get("/events/forum/manage/").content.decode()
    assert body.count("<strong>Moved:</strong> Language café") == 1
    changes = body[body.index('<ul class="events-changelog">') :]
    text = " ".join(re.sub(r"<[^>]+>", " ", changes[: changes.index("</ul>")]).split())
    assert text == "Moved: Language café · 18:00–19:00 → 19:00–20:00 (2 dates from 10 Jun 2030)"
