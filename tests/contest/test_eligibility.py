"""Eligibility rules: ages at the category bounds, lengths at the bounds, dates."""

from __future__ import annotations

import datetime as dt

import pytest

from salam.contest import eligibility as e

NOW = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)
CATEGORIES = [
    e.CategoryRule(1, "Up to 12", 0, 12),
    e.CategoryRule(2, "13 to 17", 13, 17),
    e.CategoryRule(3, "18 to 25", 18, 25),
]
RULES = e.Rules(
    categories=CATEGORIES,
    min_seconds=60,
    max_seconds=300,
    earliest_production=dt.date(2025, 1, 1),
    opens_at=NOW - dt.timedelta(days=30),
    closes_at=NOW + dt.timedelta(days=30),
)
PRODUCED = dt.date(2026, 3, 1)


def submission(**changes) -> e.Submission:
    values = {
        "birth_date": dt.date(2004, 1, 1),
        "production_date": PRODUCED,
        "synopsis": "A short film.",
        "languages": ["en"],
        "duration_seconds": 120.0,
        "video_checked": True,
        "rights_declared": True,
        "not_excluded": True,
    }
    values.update(changes)
    return e.Submission(**values)


def codes(verdict: e.Verdict) -> list[str]:
    return [problem.code for problem in verdict.problems]


@pytest.mark.parametrize(
    ("birth_date", "category"),
    [
        (dt.date(2013, 3, 2), "Up to 12"),  # 12 the day before the 13th birthday
        (dt.date(2013, 3, 1), "13 to 17"),  # 13 on the production date itself
        (dt.date(2008, 3, 2), "13 to 17"),  # still 17
        (dt.date(2008, 3, 1), "18 to 25"),  # 18 that day
        (dt.date(2000, 3, 2), "18 to 25"),  # 25 until the next day
        (dt.date(2000, 3, 1), None),  # 26 on the production date: too old
    ],
)
def test_the_category_follows_the_age_on_the_production_date(birth_date, category):
    verdict = e.check(RULES, submission(birth_date=birth_date, guardian_consented=True), now=NOW)
    assert (verdict.category.name if verdict.category else None) == category
    assert ("age" in codes(verdict)) == (category is None)


def test_a_29_february_birthday_counts_on_1_march():
    assert e.age_on(dt.date(2008, 2, 29), dt.date(2026, 2, 28)) == 17
    assert e.age_on(dt.date(2008, 2, 29), dt.date(2026, 3, 1)) == 18


@pytest.mark.parametrize(
    ("seconds", "eligible"),
    [
        (59.4, False),
        (59.6, True),
        (60.0, True),
        (300.0, True),
        (300.4, True),
        (300.6, False),
        (0.5, False),
    ],
)
def test_lengths_at_the_bounds(seconds, eligible):
    verdict = e.check(RULES, submission(duration_seconds=seconds), now=NOW)
    assert verdict.eligible is eligible
    assert codes(verdict) == ([] if eligible else ["length"])


def test_the_reason_gives_the_length_and_the_bounds():
    verdict = e.check(RULES, submission(duration_seconds=42), now=NOW)
    assert verdict.problems[0].reason == (
        "The video lasts 42 seconds; it must last 60 to 300 seconds, credits included."
    )


@pytest.mark.parametrize(
    ("produced", "ok"),
    [
        (dt.date(2024, 12, 31), False),
        (dt.date(2025, 1, 1), True),
        (NOW.date(), True),
        (NOW.date() + dt.timedelta(days=1), False),
    ],
)
def test_the_production_date_within_bounds(produced, ok):
    verdict = e.check(RULES, submission(production_date=produced), now=NOW)
    assert ("production_date" in codes(verdict)) is not ok


def test_outside_the_window_is_refused():
    late = submission(submitted_at=RULES.closes_at)
    assert "window" in codes(e.check(RULES, late, now=NOW))
    assert "window" not in codes(
        e.check(RULES, submission(submitted_at=RULES.closes_at - dt.timedelta(seconds=1)), now=NOW)
    )


def test_a_video_not_in_english_needs_english_subtitles():
    spoken_french = submission(languages=["fr"], subtitle_languages=["fr"])
    assert codes(e.check(RULES, spoken_french, now=NOW)) == ["english"]
    with_english = submission(languages=["fr"], subtitle_languages=["fr", "en"])
    assert e.check(RULES, with_english, now=NOW).eligible


def test_a_minor_waits_for_the_guardian_and_the_people_who_appear():
    minor = submission(birth_date=dt.date(2012, 1, 1), appearing_pending=2)
    assert codes(e.check(RULES, minor, now=NOW)) == ["guardian", "appearing"]
    consented = submission(birth_date=dt.date(2012, 1, 1), guardian_consented=True)
    assert e.check(RULES, consented, now=NOW).eligible


def test_everything_unchecked_is_listed():
    verdict = e.check(
        RULES,
        submission(
            video_checked=False,
            rights_declared=False,
            not_excluded=False,
            subtitles_valid=False,
            synopsis="word " * 101,
        ),
        now=NOW,
    )
    assert codes(verdict) == ["synopsis", "video", "subtitles", "rights", "excluded"]
