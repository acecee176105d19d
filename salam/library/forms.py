"""Forms of the library pages; they only shape input, the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from salam.clearinghouse.choices import PolicyArea
from salam.clearinghouse.models import Organisation
from salam.core.forms import CharField, ZonedDateTimeField
from salam.library.choices import Region
from salam.library.models import GoodPractice, Resource
from salam.people.fields import LanguageField


def _split_tags(raw: str) -> list[str]:
    return [tag.strip() for tag in raw.split(",") if tag.strip()]


class ResourceForm(forms.Form):
    title = CharField(label=_("Title"), max_length=240)
    summary = CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 5}))
    kind = forms.ChoiceField(label=_("Kind"), choices=Resource.Kind.choices)
    areas = forms.MultipleChoiceField(
        label=_("Policy areas"), choices=PolicyArea.choices, widget=forms.CheckboxSelectMultiple
    )
    region = forms.ChoiceField(label=_("Region"), choices=Region.choices)
    countries = forms.MultipleChoiceField(
        label=_("Countries"), choices=lambda: list(countries), required=False
    )
    language = LanguageField(label=_("Language"))
    organisation = forms.ModelChoiceField(
        label=_("Publishing organisation"), queryset=Organisation.objects.all()
    )
    year = forms.IntegerField(label=_("Year"), min_value=1900, max_value=2100)
    url = forms.URLField(label=_("External link"), required=False, assume_scheme="https")
    upload = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF or office document (Word, Excel, PowerPoint, OpenDocument, RTF)."),
    )
    tags = CharField(label=_("Tags"), required=False, help_text=_("Separated by commas."))

    def clean_tags(self) -> list[str]:
        return _split_tags(self.cleaned_data["tags"])

    @staticmethod
    def initial_for(resource: Resource) -> dict[str, object]:
        return {
            "title": resource.title,
            "summary": resource.summary,
            "kind": resource.kind,
            "areas": [a.area for a in resource.areas.all()],
            "region": resource.region,
            "countries": [c.code for c in resource.countries],
            "language": resource.language,
            "organisation": resource.organisation_id,
            "year": resource.year,
            "url": resource.url,
            "tags": ", ".join(t.name for t in resource.tags.all()),
        }


class PracticeForm(forms.Form):
    title = CharField(label=_("Title"), max_length=240)
    actor_kind = forms.ChoiceField(
        label=_("Kind of initiative"), choices=GoodPractice.Actor.choices
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all()
    )
    policy_area = forms.ChoiceField(label=_("Policy area"), choices=PolicyArea.choices)
    place = CharField(label=_("Where"), max_length=200)
    country = forms.ChoiceField(
        label=_("Country"), choices=lambda: [("", "—"), *countries], required=False
    )
    started = forms.IntegerField(label=_("Started (year)"), min_value=1900, max_value=2100)
    ended = forms.IntegerField(
        label=_("Ended (year)"), min_value=1900, max_value=2100, required=False
    )
    language = LanguageField(label=_("Language"))
    what_it_did = CharField(label=_("What it did"), widget=forms.Textarea)
    outcomes = CharField(label=_("What came of it"), widget=forms.Textarea)
    contacts = CharField(label=_("Contacts"), widget=forms.Textarea, required=False)
    resources = forms.ModelMultipleChoiceField(
        label=_("Linked resources"), queryset=Resource.objects.all(), required=False
    )

    @staticmethod
    def initial_for(practice: GoodPractice) -> dict[str, object]:
        return {
            "title": practice.title,
            "actor_kind": practice.actor,
            "organisation": practice.organisation_id,
            "policy_area": practice.policy_area,
            "place": practice.place,
            "country": practice.country.code if practice.country else "",
            "started": practice.started,
            "ended": practice.ended,
            "language": practice.language,
            "what_it_did": practice.what_it_did,
            "outcomes": practice.outcomes,
            "contacts": practice.contacts,
            "resources": list(practice.resources.values_list("pk", flat=True)),
        }


class PageForm(forms.Form):
    title = CharField(label=_("Title"), max_length=200)
    body = CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 16}), help_text=_("Markdown.")
    )


class PackageVersionForm(forms.Form):
    upload = forms.FileField(label=_("File"))
    notes = CharField(label=_("What changed"), widget=forms.Textarea, required=False)


class RotaPeriodForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Partner"), queryset=Organisation.objects.filter(is_partner=True)
    )
    starts_at = ZonedDateTimeField(label=_("Starts"))
    ends_at = ZonedDateTimeField(label=_("Ends"))
