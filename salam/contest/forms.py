"""The contest's forms: they clean input; the services decide."""

from __future__ import annotations

from typing import cast

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from salam.contest.eligibility import SYNOPSIS_MAX_WORDS, VIDEO_EXTENSIONS
from salam.core.forms import CharField

LANGUAGE_CHOICES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ar", "العربية"),
    ("de", "Deutsch"),
    ("it", "Italiano"),
    ("pt", "Português"),
    ("tr", "Türkçe"),
    ("ru", "Русский"),
    ("zh", "中文"),
    ("hi", "हिन्दी"),
    ("ur", "اردو"),
    ("fa", "فارسی"),
    ("sw", "Kiswahili"),
]


class EntryForm(forms.Form):
    title = CharField(label=_("Title"), max_length=200)
    synopsis = CharField(
        label=_("Synopsis"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("At most %(n)d words.") % {"n": SYNOPSIS_MAX_WORDS},
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"), widget=forms.CheckboxSelectMultiple, choices=()
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken in the video"), choices=LANGUAGE_CHOICES
    )
    country = forms.ChoiceField(label=_("Country"), choices=list(countries))
    birth_date = forms.DateField(
        label=_("Your date of birth"), widget=forms.DateInput(attrs={"type": "date"})
    )
    production_date = forms.DateField(
        label=_("Production date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    video_format = forms.ChoiceField(
        label=_("Video format"), choices=[(e, e.upper()) for e in VIDEO_EXTENSIONS]
    )
    collaborators = CharField(
        label=_("Collaborators"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line: name, then a comma, then their role."),
    )
    appearing = CharField(
        label=_("People who appear"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line: name, then a comma, then their email; each is asked for consent."),
    )
    guardian_name = CharField(label=_("Parent or guardian's name (under 18)"), required=False)
    guardian_email = forms.EmailField(
        label=_("Parent or guardian's email (under 18)"), required=False
    )
    ai_disclosure = CharField(
        label=_("AI-generated material used, if any"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    stock_disclosure = CharField(
        label=_("Stock footage or music used, if any"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    rights_declared = forms.BooleanField(
        label=_("I hold the rights to the music and footage, or they are licensed for this use.")
    )
    not_excluded = forms.BooleanField(
        label=_("I am not a juror, a juror's family member or on the organisers' staff.")
    )

    def __init__(self, *args, themes: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["themes"]).choices = [(t, t) for t in themes]

    @staticmethod
    def pairs(text: str) -> list[tuple[str, str]]:
        out = []
        for line in text.splitlines():
            name, _sep, rest = line.partition(",")
            if name.strip():
                out.append((name.strip(), rest.strip()))
        return out


class SubtitleForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    file = forms.FileField(label=_("Subtitle file (SRT or WebVTT)"))


class ConsentForm(forms.Form):
    signed_name = CharField(label=_("Your full name"), max_length=200)
    agree = forms.BooleanField(label=_("I have read the rules and I consent."))


class ReleaseForm(forms.Form):
    consent = forms.IntegerField(widget=forms.HiddenInput)
    file = forms.FileField(label=_("Signed release (PDF)"))


class ReportForm(forms.Form):
    reason = CharField(label=_("What is wrong?"), max_length=500)


class ScreeningForm(forms.Form):
    verdict = forms.ChoiceField(
        label=_("Verdict"), choices=[("yes", _("Yes")), ("maybe", _("Maybe")), ("no", _("No"))]
    )
    notes = CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ConflictForm(forms.Form):
    reason = CharField(label=_("Conflict of interest"), max_length=500)


class ScoreForm(forms.Form):
    notes = CharField(
        label=_("Private notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, rubric: list[dict], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for criterion in rubric:
            self.fields[f"mark_{criterion['key']}"] = forms.IntegerField(
                label=f"{_(criterion['label'])} (×{criterion['weight']})", min_value=1, max_value=10
            )
        self.order_fields([f"mark_{c['key']}" for c in rubric] + ["notes"])


class DecisionForm(forms.Form):
    recognition = forms.IntegerField(widget=forms.HiddenInput)
    entry = forms.IntegerField(label=_("Entry"))
    note = CharField(label=_("Note"), required=False)


def language_names() -> dict[str, str]:
    return dict(LANGUAGE_CHOICES) | {code: str(name) for code, name in settings.LANGUAGES}
