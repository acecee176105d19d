"""What an edition is made of, and whether it holds together: pure, no database, no clock.

`problems(spec)` lists each thing wrong as (field, reason), the field being the name the
organisers' form gives it, so that a page can show each reason beside its field and a
service can refuse the whole edition when the list is not empty.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

RECOGNITION_KINDS = ("prize", "special", "partner")
MAX_AGE = 120
MAX_WEIGHT = 100


@dataclass(frozen=True)
class CategorySpec:
    name: str
    min_age: int
    max_age: int


@dataclass(frozen=True)
class RecognitionSpec:
    name: str
    kind: str = "prize"
    category: str = ""  # a category's name, or "" for every category
    organisation_id: int | None = None  # a partner recognition's organisation


@dataclass(frozen=True)
class CriterionSpec:
    key: str
    label: str
    weight: Decimal


@dataclass(frozen=True)
class EditionSpec:
    """Everything an organiser sets on an edition."""

    title: str
    themes: Sequence[str]
    categories: Sequence[CategorySpec]
    earliest_production: dt.date
    opens_at: dt.datetime
    closes_at: dt.datetime
    min_seconds: int = 60
    max_seconds: int = 300
    screening_ends_at: dt.datetime | None = None
    jury_ends_at: dt.datetime | None = None
    gallery_opens_at: dt.datetime | None = None
    vote_opens_at: dt.datetime | None = None
    vote_closes_at: dt.datetime | None = None
    recognitions: Sequence[RecognitionSpec] = ()
    rubric: Sequence[CriterionSpec] = ()
    rules: dict[str, str] = field(default_factory=dict)
    excluded_people: str = "Jurors and their families, and the organisers' staff."
    anonymous_judging: bool = True


def _repeated(names: Sequence[str]) -> list[str]:
    counts = Counter(name.casefold() for name in names)
    return sorted({name for name in names if counts[name.casefold()] > 1})


def _dates(spec: EditionSpec) -> list[tuple[str, str]]:
    found = []
    if spec.closes_at <= spec.opens_at:
        found.append(("closes_at", _("Submissions close after they open.")))
    if spec.earliest_production > spec.closes_at.date():
        found.append(
            ("earliest_production", _("The earliest production date comes before the close."))
        )
    if spec.screening_ends_at is not None and spec.screening_ends_at <= spec.closes_at:
        found.append(("screening_ends_at", _("Screening ends after submissions close.")))
    after_screening = spec.screening_ends_at or spec.closes_at
    if spec.jury_ends_at is not None and spec.jury_ends_at <= after_screening:
        found.append(("jury_ends_at", _("The jury's round ends after screening ends.")))
    if spec.gallery_opens_at is not None and spec.gallery_opens_at < spec.opens_at:
        found.append(("gallery_opens_at", _("The gallery opens once submissions have opened.")))
    opens, closes = spec.vote_opens_at, spec.vote_closes_at
    if (opens is None) != (closes is None):
        field_name = "vote_closes_at" if closes is None else "vote_opens_at"
        found.append((field_name, _("Give the vote both an opening and a closing time.")))
    elif opens is not None and closes is not None:
        if closes <= opens:
            found.append(("vote_closes_at", _("The vote closes after it opens.")))
        if spec.gallery_opens_at is None:
            found.append(("gallery_opens_at", _("People vote in the gallery: open it too.")))
        elif opens < spec.gallery_opens_at:
            found.append(("vote_opens_at", _("The vote opens once the gallery is open.")))
    return found


def _categories(categories: Sequence[CategorySpec]) -> list[tuple[str, str]]:
    if not categories:
        return [("categories", _("Give the edition at least one category."))]
    found = []
    for category in categories:
        if not category.name.strip():
            found.append(("categories", _("Every category has a name.")))
        elif not 0 <= category.min_age <= category.max_age <= MAX_AGE:
            found.append(
                (
                    "categories",
                    _("%(name)s: the youngest age comes first, and no more than the oldest.")
                    % {"name": category.name},
                )
            )
    repeated = _repeated([c.name for c in categories])
    if repeated:
        found.append(
            (
                "categories",
                _("Two categories have the same name: %(names)s") % {"names": ", ".join(repeated)},
            )
        )
    ordered = sorted(categories, key=lambda c: c.min_age)
    for before, after in itertools.pairwise(ordered):
        if after.min_age <= before.max_age:
            found.append(
                (
                    "categories",
                    _("%(first)s and %(second)s share ages: each age is in one category.")
                    % {"first": before.name, "second": after.name},
                )
            )
    return found


def _recognitions(spec: EditionSpec) -> list[tuple[str, str]]:
    found = []
    categories = {c.name.casefold() for c in spec.categories}
    for recognition in spec.recognitions:
        name = recognition.name
        if not name.strip():
            found.append(("recognitions", _("Every recognition has a name.")))
        if recognition.kind not in RECOGNITION_KINDS:
            found.append(
                (
                    "recognitions",
                    _("%(name)s: the kind is prize, special or partner.") % {"name": name},
                )
            )
        elif recognition.kind == "partner" and recognition.organisation_id is None:
            found.append(
                (
                    "recognitions",
                    _("%(name)s: a partner recognition names its organisation.") % {"name": name},
                )
            )
        if recognition.category and recognition.category.casefold() not in categories:
            found.append(
                (
                    "recognitions",
                    _("%(name)s: there is no category %(category)s.")
                    % {"name": name, "category": recognition.category},
                )
            )
    repeated = _repeated([r.name for r in spec.recognitions])
    if repeated:
        found.append(
            (
                "recognitions",
                _("Two recognitions have the same name: %(names)s")
                % {"names": ", ".join(repeated)},
            )
        )
    return found


def _rubric(rubric: Sequence[CriterionSpec]) -> list[tuple[str, str]]:
    if not rubric:
        return [("rubric", _("The rubric needs at least one criterion."))]
    found = []
    for criterion in rubric:
        if not criterion.key or not criterion.label.strip():
            found.append(("rubric", _("Every criterion has a name.")))
        if not (criterion.weight.is_finite() and 0 < criterion.weight <= MAX_WEIGHT):
            found.append(
                (
                    "rubric",
                    _("%(label)s: the weight is a number above zero, %(most)d at most.")
                    % {"label": criterion.label, "most": MAX_WEIGHT},
                )
            )
    repeated = _repeated([c.key for c in rubric])
    if repeated:
        found.append(("rubric", _("Two criteria have the same name.")))
    return found


def problems(spec: EditionSpec) -> list[tuple[str, str]]:
    """Everything wrong with the edition, as (form field, reason); empty when it holds."""
    found: list[tuple[str, str]] = []
    if not spec.title.strip():
        found.append(("title", _("Give the edition a title.")))
    themes = [t for t in spec.themes if t.strip()]
    if not themes:
        found.append(("themes", _("Give the edition at least one theme.")))
    elif _repeated(themes):
        found.append(("themes", _("A theme is listed twice.")))
    if spec.min_seconds < 1:
        found.append(("min_seconds", _("The shortest length is at least one second.")))
    if spec.max_seconds < spec.min_seconds:
        found.append(("max_seconds", _("The longest length is no less than the shortest.")))
    found += _dates(spec)
    found += _categories(spec.categories)
    found += _recognitions(spec)
    found += _rubric(spec.rubric)
    return found
