"""The recurrence picker: choices in, an RRULE out; a wrong or missing choice is an error at
its own field."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from events.forms import SessionForm
from events.scheduling import RecurrenceError, build_recurrence, picker_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("repeat", "count", "until", "rule"),
    [
        ("weekly", 8, None, "FREQ=WEEKLY;COUNT=8"),
        ("biweekly", 4, None, "FREQ=WEEKLY;INTERVAL=2;COUNT=4"),
        ("monthly", None, date(2030, 12, 31), "FREQ=MONTHLY;UNTIL=20301231T235959"),
        ("", None, None, ""),
    ],
)
def test_the_picker_writes_the_rule_and_reads_it_back(repeat, count, until, rule):
    assert build_recurrence(repeat, count=count, until=until) == rule
    expected = {"repeat": repeat}
    if count:
        expected |= {"ends": "count", "count": count}
    if until:
        expected |= {"ends": "until", "until": until}
    assert picker_of(rule) == expected


@pytest.mark.parametrize(
    ("repeat", "count", "until"),
    [
        ("daily", 3, None),
        ("weekly", None, None),
        ("weekly", 3, date(2030, 1, 1)),
        ("weekly", 1, None),
        ("weekly", 101, None),
    ],
)
def test_bad_picks_are_refused(repeat, count, until):
    with pytest.raises(RecurrenceError):
        build_recurrence(repeat, count=count, until=until)


def test_a_rule_the_picker_cannot_write_is_a_custom_one():
    assert picker_of("FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8") == {"repeat": "custom"}


BASE = {
    "title": "Language café",
    "kind": "working",
    "starts_at": "2030-06-10T18:00",
    "ends_at": "2030-06-10T19:30",
    "capacity": "10",
}


def form(forum, **data) -> SessionForm:
    with timezone.override(forum.zone):
        bound = SessionForm({**BASE, **data}, event=forum)
        bound.is_valid()
    return bound


@pytest.mark.parametrize(
    ("data", "rule"),
    [
        ({"repeat": "weekly", "ends": "count", "count": "6"}, "FREQ=WEEKLY;COUNT=6"),
        (
            {"repeat": "biweekly", "ends": "until", "until": "2030-08-01"},
            "FREQ=WEEKLY;INTERVAL=2;UNTIL=20300801T235959",
        ),
        (
            {"repeat": "monthly", "ends": "count", "count": "3", "until": "2031-01-01"},
            "FREQ=MONTHLY;COUNT=3",
        ),  # the date is for "On a date" only
        ({"repeat": "", "ends": "count", "count": "5"}, ""),
        (
            {"repeat": "custom", "recurrence": "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4"},
            "FREQ=WEEKLY;BYDAY=MO,WE;COUNT=4",
        ),
        ({"recurrence": "FREQ=WEEKLY;COUNT=2"}, "FREQ=WEEKLY;COUNT=2"),  # an older page
    ],
)
def test_the_session_form_turns_the_picks_into_the_rule(forum, data, rule):
    bound = form(forum, **data)
    assert bound.errors == {}
    assert bound.cleaned_data["recurrence"] == rule


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"repeat": "weekly"}, "ends", "Say when the repeats end."),
        ({"repeat": "weekly", "ends": "count"}, "count", "How many times in all?"),
        ({"repeat": "weekly", "ends": "count", "count": "1"}, "count", None),
        ({"repeat": "weekly", "ends": "count", "count": "500"}, "count", None),
        ({"repeat": "weekly", "ends": "until"}, "until", "Choose the last date."),
        (
            {"repeat": "weekly", "ends": "until", "until": "2030-06-01"},
            "until",
            "The last date comes after the first session.",
        ),
        ({"repeat": "weekly", "ends": "until", "until": "soon"}, "until", None),
        ({"repeat": "custom"}, "recurrence", "Write the rule, or choose how often it repeats."),
        ({"repeat": "yearly"}, "repeat", None),
    ],
)
def test_a_bad_combination_is_an_error_at_its_field(forum, data, field, message):
    bound = form(forum, **data)
    assert list(bound.errors) == [field]
    if message:
        assert bound.errors[field] == [message]


def test_the_organisers_page_saves_the_picked_series(client, forum, organiser):
    client.force_login(organiser)
    data = {**BASE, "space": forum.spaces.get(name="Hall").pk}
    response = client.post(
        "/events/forum/sessions/new/", {**data, "repeat": "weekly", "ends": "count", "count": "1"}
    )
    assert response.status_code == 400
    assert "Ensure this value is greater than or equal to 2." in response.content.decode()
    assert not forum.sessions.exists()
