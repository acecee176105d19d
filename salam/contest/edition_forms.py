"""The organisers' form for an edition: it reads the lines and the times typed; whether the
edition holds together is for `editions.problems`, through the service."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salam.contest import selectors
from salam.contest.editions import CategorySpec, CriterionSpec, EditionSpec, RecognitionSpec
from salam.contest.models import Edition
from salam.core.forms import CharField, ZonedDateTimeField

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SEPARATOR = "|"


def _rows(text: str, parts: int) -> list[tuple[int, list[str]]]:
    """Each non-blank line with its number, cut at `|` into `parts` pieces at most."""
    return [
        (number, [piece.strip() for piece in line.split(SEPARATOR, parts - 1)])
        for number, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    ]


def _line_error(number: int, text: str) -> forms.ValidationError:
    return forms.ValidationError(
        _("Line %(n)d: %(problem)s"), params={"n": number, "problem": text}, code="line"
    )


def _lines_field(
    label: StrOrPromise, help_text: StrOrPromise, rows: int = 4, **kwargs: Any
) -> CharField:
    return CharField(
        label=label,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows, "dir": "auto"}),
        **kwargs,
    )


class EditionForm(forms.Form):
    slug = forms.SlugField(
        label=gettext_lazy("Address"),
        max_length=50,
        help_text=gettext_lazy(
            "Letters, digits and dashes: the edition lives at /contest/<address>/. "
            "It cannot change later."
        ),
    )
    title = CharField(label=gettext_lazy("Title"), max_length=200)
    themes = _lines_field(gettext_lazy("Themes"), gettext_lazy("One a line."))
    categories = _lines_field(
        gettext_lazy("Categories"),
        gettext_lazy(
            "One a line: name | youngest age | oldest age, for example: 13 to 17 | 13 | 17."
        ),
    )
    min_seconds = forms.IntegerField(label=gettext_lazy("Shortest length (seconds)"), min_value=1)
    max_seconds = forms.IntegerField(label=gettext_lazy("Longest length (seconds)"), min_value=1)
    earliest_production = forms.DateField(
        label=gettext_lazy("Earliest production date"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    opens_at = ZonedDateTimeField(label=gettext_lazy("Submissions open"))
    closes_at = ZonedDateTimeField(label=gettext_lazy("Submissions close"))
    screening_ends_at = ZonedDateTimeField(label=gettext_lazy("Screening ends"), required=False)
    jury_ends_at = ZonedDateTimeField(label=gettext_lazy("The jury's round ends"), required=False)
    gallery_opens_at = ZonedDateTimeField(label=gettext_lazy("The gallery opens"), required=False)
    vote_opens_at = ZonedDateTimeField(
        label=gettext_lazy("The People's Choice vote opens"), required=False
    )
    vote_closes_at = ZonedDateTimeField(
        label=gettext_lazy("The People's Choice vote closes"), required=False
    )
    recognitions = _lines_field(
        gettext_lazy("Prizes and recognitions"),
        gettext_lazy(
            "One a line: name | kind (prize, special or partner) | category (blank for all) | "
            "the partner organisation's address (partner recognitions only)."
        ),
        required=False,
    )
    rubric = _lines_field(
        gettext_lazy("Rubric"),
        gettext_lazy("One criterion a line: name | weight, for example: Message | 3."),
    )
    excluded_people = _lines_field(
        gettext_lazy("Who may not enter"),
        gettext_lazy("Entrants declare they are not."),
        rows=2,
        required=False,
    )
    anonymous_judging = forms.BooleanField(
        label=gettext_lazy("Anonymous judging: jurors do not see the entrants' names"),
        required=False,
    )

    def __init__(self, *args: Any, edition: Edition | None = None, **kwargs: Any) -> None:
        """With `edition`, the form edits it (its address stays); without, it makes one."""
        if edition is not None:
            kwargs.setdefault("initial", self.initial_for(edition))
        else:
            kwargs.setdefault("initial", self.blank())
        super().__init__(*args, **kwargs)
        if edition is not None:
            del self.fields["slug"]
        for code, name in settings.LANGUAGES:
            self.fields[f"rules_{code}"] = _lines_field(
                _("Rules (%(language)s)") % {"language": name},
                _("The rules as entrants and guardians read them in this language."),
                rows=6,
                required=False,
            )

    # ---- what the form shows ----

    @staticmethod
    def blank() -> dict[str, object]:
        return {
            "categories": "Up to 12 | 0 | 12\n13 to 17 | 13 | 17\n18 to 25 | 18 | 25",
            "min_seconds": 60,
            "max_seconds": 300,
            "rubric": "Message | 3\nCreativity | 2\nCraft | 2\nOriginality | 1",
            "excluded_people": Edition._meta.get_field("excluded_people").get_default(),
            "anonymous_judging": True,
        }

    @staticmethod
    def initial_for(edition: Edition) -> dict[str, object]:
        recognitions = []
        for recognition in selectors.recognitions(edition):
            parts = [
                recognition.name,
                recognition.kind,
                recognition.category.name if recognition.category else "",
            ]
            if recognition.organisation is not None:
                parts.append(recognition.organisation.slug)
            recognitions.append(f" {SEPARATOR} ".join(parts).rstrip(f" {SEPARATOR}"))
        return {
            "title": edition.title,
            "themes": "\n".join(edition.themes),
            "categories": "\n".join(
                f"{c.name} | {c.min_age} | {c.max_age}" for c in edition.categories.all()
            ),
            "min_seconds": edition.min_seconds,
            "max_seconds": edition.max_seconds,
            "earliest_production": edition.earliest_production,
            "opens_at": edition.opens_at,
            "closes_at": edition.closes_at,
            "screening_ends_at": edition.screening_ends_at,
            "jury_ends_at": edition.jury_ends_at,
            "gallery_opens_at": edition.gallery_opens_at,
            "vote_opens_at": edition.vote_opens_at,
            "vote_closes_at": edition.vote_closes_at,
            "recognitions": "\n".join(recognitions),
            "rubric": "\n".join(f"{c['label']} | {c['weight']}" for c in edition.rubric),
            "excluded_people": edition.excluded_people,
            "anonymous_judging": edition.anonymous_judging,
        } | {f"rules_{code}": text for code, text in edition.rules.items()}

    # ---- what it reads ----

    def clean_themes(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["themes"].splitlines() if line.strip()]

    def clean_categories(self) -> list[CategorySpec]:
        out, errors = [], []
        for number, parts in _rows(self.cleaned_data["categories"], 3):
            if len(parts) != 3 or not all(p.isascii() and p.isdigit() for p in parts[1:]):
                errors.append(
                    _line_error(number, _("write the name | the youngest age | the oldest age."))
                )
                continue
            out.append(CategorySpec(parts[0], int(parts[1]), int(parts[2])))
        if errors:
            raise forms.ValidationError(errors)
        return out

    def clean_rubric(self) -> list[CriterionSpec]:
        out, errors = [], []
        for number, parts in _rows(self.cleaned_data["rubric"], 2):
            try:
                weight = Decimal(parts[1]) if len(parts) == 2 else None
            except InvalidOperation:
                weight = None
            if weight is None or not weight.is_finite():
                errors.append(_line_error(number, _("write the name | its weight, a number.")))
                continue
            key = slugify(parts[0], allow_unicode=True).replace("-", "_")
            out.append(CriterionSpec(key, parts[0], weight))
        if errors:
            raise forms.ValidationError(errors)
        return out

    def clean_recognitions(self) -> list[RecognitionSpec]:
        rows = _rows(self.cleaned_data["recognitions"], 4)
        wanted = {parts[3] for _number, parts in rows if len(parts) == 4 and parts[3]}
        organisations = selectors.organisations_by_slug(wanted)
        out, errors = [], []
        for number, parts in rows:
            name, kind, category, organisation = [*parts, "", "", ""][:4]
            if not kind:
                errors.append(_line_error(number, _("write the name | its kind.")))
                continue
            if organisation and organisation not in organisations:
                errors.append(
                    _line_error(
                        number,
                        _("no organisation has the address %(slug)s.") % {"slug": organisation},
                    )
                )
                continue
            out.append(
                RecognitionSpec(name, kind.lower(), category, organisations.get(organisation))
            )
        if errors:
            raise forms.ValidationError(errors)
        return out

    def spec(self) -> EditionSpec:
        """The edition the valid form describes."""
        data = self.cleaned_data
        return EditionSpec(
            title=data["title"],
            themes=data["themes"],
            categories=data["categories"],
            earliest_production=data["earliest_production"],
            opens_at=data["opens_at"],
            closes_at=data["closes_at"],
            min_seconds=data["min_seconds"],
            max_seconds=data["max_seconds"],
            screening_ends_at=data["screening_ends_at"],
            jury_ends_at=data["jury_ends_at"],
            gallery_opens_at=data["gallery_opens_at"],
            vote_opens_at=data["vote_opens_at"],
            vote_closes_at=data["vote_closes_at"],
            recognitions=data["recognitions"],
            rubric=data["rubric"],
            rules={code: data.get(f"rules_{code}") or "" for code, _name in settings.LANGUAGES},
            excluded_people=data["excluded_people"],
            anonymous_judging=data["anonymous_judging"],
        )
