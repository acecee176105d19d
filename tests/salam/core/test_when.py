"""The `when` filter: a moment in the viewer's zone, labelled with it."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from salam.core.zones import offset_label, zone_label, zone_named

MOMENT = dt.datetime(2026, 12, 1, 11, 0, tzinfo=dt.UTC)


def render(value, style: str = "") -> str:
    argument = f':"{style}"' if style else ""
    return Template("{% load when %}{{ value|when" + argument + " }}").render(
        Context({"value": value})
    )


def test_it_shows_the_time_in_the_current_zone_with_its_label():
    with timezone.override(zoneinfo.ZoneInfo("America/Sao_Paulo")), translation.override("en"):
        assert render(MOMENT) == (
            '<time datetime="2026-12-01T11:00:00Z" title="America/Sao_Paulo">'
            "Dec. 1, 2026, 08:00 UTC\u22123</time>"
        )


@pytest.mark.parametrize(
    ("zone", "style", "text"),
    [
        ("Europe/Paris", "time", "12:00 CET"),
        ("Europe/Paris", "clock", "12:00"),
        ("Asia/Kolkata", "time", "16:30 IST"),
        ("Asia/Kathmandu", "time", "16:45 UTC+5:45"),
        ("UTC", "time", "11:00 UTC"),
        ("Pacific/Auckland", "date", "Dec. 2, 2026"),  # already the next day there
    ],
)
def test_each_style_says_what_it_should(zone, style, text):
    with timezone.override(zoneinfo.ZoneInfo(zone)), translation.override("en"):
        assert f">{text}</time>" in render(MOMENT, style)


def test_the_label_follows_summer_time():
    summer = dt.datetime(2026, 7, 1, 11, 0, tzinfo=dt.UTC)
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    assert (zone_label(MOMENT, paris), zone_label(summer, paris)) == ("CET", "CEST")


def test_the_date_is_in_the_ui_language():
    with timezone.override(zoneinfo.ZoneInfo("Europe/Paris")), translation.override("fr"):
        assert ">1 décembre 2026, 12:00 CET</time>" in render(MOMENT)


def test_nothing_renders_as_nothing_and_a_naive_time_is_read_as_utc():
    assert render(None) == ""
    with timezone.override(zoneinfo.ZoneInfo("Europe/Paris")):
        assert ">12:00 CET</time>" in render(MOMENT.replace(tzinfo=None), "time")


@pytest.mark.parametrize(
    ("minutes", "label"), [(0, "UTC"), (60, "UTC+1"), (-180, "UTC\u22123"), (330, "UTC+5:30")]
)
def test_offsets_are_labelled(minutes, label):
    assert offset_label(dt.timedelta(minutes=minutes)) == label


@pytest.mark.parametrize(
    "name", ["", None, "Mars/Olympus", "../../etc/passwd", "Europe/Paris\x00", "x" * 500]
)
def test_only_real_zone_names_are_zones(name):
    assert zone_named(name) is None


def test_a_real_zone_name_is_a_zone():
    assert zone_named("America/Sao_Paulo") == zoneinfo.ZoneInfo("America/Sao_Paulo")
