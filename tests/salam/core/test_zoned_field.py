"""Times a person types are read on their wall clock, and the form says which."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django import forms
from django.utils import timezone

from salam.core.forms import ZonedDateTimeField

SAO_PAULO = zoneinfo.ZoneInfo("America/Sao_Paulo")
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


class WhenForm(forms.Form):
    starts_at = ZonedDateTimeField(label="Starts at")


def cleaned(value: str, zone: dt.tzinfo) -> dt.datetime:
    with timezone.override(zone):
        form = WhenForm({"starts_at": value})
        assert form.is_valid(), form.errors
        return form.cleaned_data["starts_at"]


def test_a_sao_paulo_organisers_eight_oclock_is_eleven_utc():
    assert cleaned("2026-12-01T08:00", SAO_PAULO).astimezone(dt.UTC) == dt.datetime(
        2026, 12, 1, 11, 0, tzinfo=dt.UTC
    )


def test_a_zone_given_to_the_field_wins_over_the_viewers():
    form = WhenForm({"starts_at": "2026-12-01T08:00"})
    form.fields["starts_at"].zone = PARIS  # type: ignore[attr-defined]
    with timezone.override(SAO_PAULO):
        assert form.is_valid()
    assert form.cleaned_data["starts_at"].astimezone(dt.UTC).hour == 7


def test_a_time_the_clocks_skip_is_refused_with_a_clear_error():
    # Paris springs forward from 02:00 to 03:00 on 29 March 2026.
    with timezone.override(PARIS):
        form = WhenForm({"starts_at": "2026-03-29T02:30"})
        assert not form.is_valid()
    assert form.errors["starts_at"] == [
        "2026-03-29 02:30 does not exist in Europe/Paris: the clocks skip it."
    ]


def test_a_time_the_clocks_pass_twice_is_the_first():
    # Paris falls back from 03:00 to 02:00 on 25 October 2026: 02:30 happens twice.
    moment = cleaned("2026-10-25T02:30", PARIS)
    assert moment.astimezone(dt.UTC) == dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("typed", "utc"),
    [
        ("2026-03-29T01:59", dt.datetime(2026, 3, 29, 0, 59, tzinfo=dt.UTC)),
        ("2026-03-29T03:00", dt.datetime(2026, 3, 29, 1, 0, tzinfo=dt.UTC)),
        ("2026-10-25T03:00", dt.datetime(2026, 10, 25, 2, 0, tzinfo=dt.UTC)),
    ],
)
def test_times_either_side_of_a_change_are_read_right(typed, utc):
    assert cleaned(typed, PARIS).astimezone(dt.UTC) == utc


def test_the_form_says_in_which_zone_it_reads_and_shows_a_stored_time_in_it():
    stored = dt.datetime(2026, 12, 1, 11, 0, tzinfo=dt.UTC)
    with timezone.override(SAO_PAULO):
        form = WhenForm(initial={"starts_at": stored})
        html = str(form["starts_at"])
        help_text = form["starts_at"].help_text
    assert 'value="2026-12-01T08:00"' in html
    assert 'type="datetime-local"' in html
    assert help_text == "Time zone: America/Sao_Paulo (UTC\u22123)"


@pytest.mark.parametrize("typed", ["tomorrow", "2026-13-01T08:00", "08:00"])
def test_nonsense_is_refused(typed):
    with timezone.override(SAO_PAULO):
        form = WhenForm({"starts_at": typed})
        assert not form.is_valid()
    assert form.errors["starts_at"] == ["Enter a valid date/time."]
