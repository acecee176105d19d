"""Who and what may enter an edition: pure rules over plain data (no database, no clock).

`check(...)` returns every problem found, each with a stable code and a reason a person can act
on; an entry is eligible when there is none. The category follows from the main entrant's age on
the production date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

VIDEO_EXTENSIONS = ("mp4", "mov", "webm", "mkv")
SYNOPSIS_MAX_WORDS = 100


@dataclass(frozen=True)
class CategoryRule:
    """An age category: entrants aged `min_age` to `max_age` inclusive on the production date."""

    id: int
    name: str
    min_age: int
    max_age: int


@dataclass(frozen=True)
class Rules:
    categories: Sequence[CategoryRule]
    min_seconds: int
    max_seconds: int
    earliest_production: dt.date
    opens_at: dt.datetime
    closes_at: dt.datetime


@dataclass(frozen=True)
class Submission:
    """What the entry declares and what the machine measured (None: not known yet)."""

    birth_date: dt.date
    production_date: dt.date
    synopsis: str = ""
    languages: Sequence[str] = ()
    subtitle_languages: Sequence[str] = ()
    subtitles_valid: bool = True
    duration_seconds: float | None = None
    video_checked: bool = False
    rights_declared: bool = False
    not_excluded: bool = False
    guardian_consented: bool = False
    appearing_pending: int = 0
    submitted_at: dt.datetime | None = None


@dataclass(frozen=True)
class Problem:
    code: str
    reason: str


@dataclass(frozen=True)
class Verdict:
    category: CategoryRule | None
    age: int | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return not self.problems


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Completed years on `day` (a birthday on 29 February counts on 1 March in other years)."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def category_for(categories: Sequence[CategoryRule], age: int) -> CategoryRule | None:
    return next((c for c in categories if c.min_age <= age <= c.max_age), None)


def is_minor(birth_date: dt.date, today: dt.date) -> bool:
    return age_on(birth_date, today) < 18


def word_count(text: str) -> int:
    return len(text.split())


def needs_english(languages: Sequence[str]) -> bool:
    """English subtitles are required unless the video is spoken in English only... or at all:
    a video with English among its languages is understood by the international jury."""
    return "en" not in languages


def check(rules: Rules, submission: Submission, *, now: dt.datetime) -> Verdict:
    """Every reason `submission` cannot (yet) enter under `rules`, as of `now`."""
    problems: list[Problem] = []
    age = age_on(submission.birth_date, submission.production_date)
    category = category_for(rules.categories, age)
    if category is None:
        oldest = max((c.max_age for c in rules.categories), default=0)
        problems.append(
            Problem(
                "age",
                _(
                    "On the production date the entrant was %(age)d; entrants are %(low)d to "
                    "%(high)d years old."
                )
                % {
                    "age": age,
                    "low": min((c.min_age for c in rules.categories), default=0),
                    "high": oldest,
                },
            )
        )
    if submission.production_date < rules.earliest_production:
        problems.append(
            Problem(
                "production_date",
                _("The video was made before %(date)s, the earliest production date.")
                % {"date": rules.earliest_production.isoformat()},
            )
        )
    moment = submission.submitted_at or now
    if submission.production_date > moment.date():
        problems.append(Problem("production_date", _("The production date is in the future.")))
    if not rules.opens_at <= moment < rules.closes_at:
        problems.append(
            Problem("window", _("Entries are accepted only while submissions are open."))
        )
    if word_count(submission.synopsis) > SYNOPSIS_MAX_WORDS:
        problems.append(
            Problem(
                "synopsis", _("The synopsis has more than %(n)d words.") % {"n": SYNOPSIS_MAX_WORDS}
            )
        )
    if not submission.video_checked or submission.duration_seconds is None:
        problems.append(Problem("video", _("The video has not been checked yet.")))
    elif not rules.min_seconds <= round(submission.duration_seconds) <= rules.max_seconds:
        # to the nearest second: containers add fractions (a 300 s film measures 300.02 s)
        problems.append(
            Problem(
                "length",
                _(
                    "The video lasts %(length)d seconds; it must last %(low)d to %(high)d seconds, "
                    "credits included."
                )
                % {
                    "length": round(submission.duration_seconds),
                    "low": rules.min_seconds,
                    "high": rules.max_seconds,
                },
            )
        )
    if not submission.subtitles_valid:
        problems.append(Problem("subtitles", _("A subtitle file could not be read.")))
    if needs_english(submission.languages) and "en" not in submission.subtitle_languages:
        problems.append(Problem("english", _("A video not in English needs English subtitles.")))
    if not submission.rights_declared:
        problems.append(Problem("rights", _("The music and footage rights are not declared.")))
    if not submission.not_excluded:
        problems.append(Problem("excluded", _("The entrant has not declared that they may enter.")))
    if is_minor(submission.birth_date, moment.date()) and not submission.guardian_consented:
        problems.append(Problem("guardian", _("A parent or guardian has not consented yet.")))
    if submission.appearing_pending:
        problems.append(
            Problem(
                "appearing",
                _("%(n)d person who appears has not consented yet.")
                % {"n": submission.appearing_pending},
            )
        )
    return Verdict(category=category, age=age, problems=problems)
