from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from salam.core.forms import CharField
from salam.people.choices import language_choices, time_zone_choices
from salam.people.models import City, Profile, University
from salam.people.services import normalise_interests


class ProfileForm(forms.Form):
    display_name = CharField(label=_("Display name"), max_length=80)
    affiliation = forms.ChoiceField(
        label=_("I take part as"), choices=Profile.Affiliation.choices, widget=forms.RadioSelect
    )
    university = forms.ModelChoiceField(
        label=_("University"), queryset=University.objects.all(), required=False
    )
    city = forms.ModelChoiceField(label=_("City"), queryset=City.objects.all(), required=False)
    residency = forms.ChoiceField(
        label=_("In the city I am a"),
        choices=[("", "—"), *Profile.Residency.choices],
        required=False,
    )
    sector = forms.ChoiceField(label=_("Sector"), choices=Profile.Sector.choices, required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages I speak"),
        choices=language_choices,
        help_text=_("Hold Ctrl (or ⌘) to choose several."),
    )
    interests = CharField(
        label=_("Interests"),
        required=False,
        help_text=_("Separate them with commas, for example: music, football, cooking"),
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices, initial="UTC")
    bio = CharField(
        label=_("Short bio"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=600,
    )

    def clean_interests(self) -> list[str]:
        tags = normalise_interests(self.cleaned_data["interests"].split(","))
        if len(tags) > 20:
            raise forms.ValidationError(_("Name at most 20 interests."))
        return tags

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("affiliation") == Profile.Affiliation.STUDENT and not data.get("university"):
            self.add_error("university", _("Choose your university."))
        if data.get("affiliation") == Profile.Affiliation.CITY:
            if not data.get("city"):
                self.add_error("city", _("Choose your city."))
            if not data.get("residency"):
                self.add_error("residency", _("Say whether you are a newcomer or a resident."))
        return data

    @classmethod
    def initial_for(cls, profile: Profile) -> dict:
        return {
            "display_name": profile.display_name,
            "affiliation": profile.affiliation,
            "university": profile.university_id,
            "city": profile.city_id,
            "residency": profile.residency,
            "sector": profile.sector,
            "languages": profile.languages,
            "interests": ", ".join(i.name for i in profile.interests.all()),
            "time_zone": profile.time_zone,
            "bio": profile.bio,
        }
