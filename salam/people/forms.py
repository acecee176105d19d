from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from salam.core.forms import CharField
from salam.people.choices import initial_time_zone, time_zone_choices, ui_language
from salam.people.fields import LanguagesField
from salam.people.models import AffiliationRequest, City, Profile, University
from salam.people.services import normalise_interests

STUDENT, CITY = Profile.Affiliation.STUDENT, Profile.Affiliation.CITY


class ProfileForm(forms.Form):
    display_name = CharField(label=_("Display name"), max_length=80)
    affiliation = forms.ChoiceField(
        label=_("I take part as"), choices=Profile.Affiliation.choices, widget=forms.RadioSelect
    )
    university = forms.ModelChoiceField(
        label=_("University"), queryset=University.objects.all(), required=False
    )
    city = forms.ModelChoiceField(label=_("City"), queryset=City.objects.all(), required=False)
    not_listed = forms.BooleanField(
        label=_("My university / city is not listed"),
        required=False,
        help_text=_("Tell us which: an organiser adds it, and your profile then shows it."),
    )
    place_name = CharField(label=_("Its name"), max_length=200, required=False)
    place_city = CharField(label=_("The university's city"), max_length=120, required=False)
    place_country = forms.ChoiceField(
        label=_("Country"), choices=lambda: [("", "—"), *countries], required=False
    )
    residency = forms.ChoiceField(
        label=_("In the city I am a"),
        choices=[("", "—"), *Profile.Residency.choices],
        required=False,
    )
    sector = forms.ChoiceField(label=_("Sector"), choices=Profile.Sector.choices, required=False)
    languages = LanguagesField(
        label=_("Languages I speak"),
        help_text=_("Choose one or more: type a few letters to find a language."),
    )
    interests = CharField(
        label=_("Interests"),
        required=False,
        help_text=_("Separate them with commas, for example: music, football, cooking"),
    )
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=time_zone_choices,
        initial=initial_time_zone,
        help_text=_("Times on every page are shown in it, and the times you type are read in it."),
    )
    ui_language = forms.ChoiceField(
        label=_("Language of the site"),
        # each in its own name, as in the header's switch: found whatever the page's language
        choices=lambda: [
            (code, get_language_info(code)["name_local"]) for code, _name in settings.LANGUAGES
        ],
        required=False,  # left out (an older page): unchanged
        help_text=_("The site, its notices and its emails to you are in this language."),
    )
    bio = CharField(
        label=_("Short bio"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=600,
    )

    # Which affiliation a field belongs to: static/js/profile.js shows only the chosen one's
    # (without JS every field shows). "listed" fields belong to "not listed".
    SHOWN_FOR = {
        "university": STUDENT,
        "city": CITY,
        "residency": CITY,
        "place_city": STUDENT,
    }
    NOT_LISTED = ("place_name", "place_city", "place_country")

    def rows(self) -> Iterator[tuple[forms.BoundField, str, bool]]:
        """Each field with the affiliation it is shown for ("" for all) and whether it
        describes a place that is not listed."""
        for field in self:
            yield field, self.SHOWN_FOR.get(field.name, ""), field.name in self.NOT_LISTED

    def clean_interests(self) -> list[str]:
        tags = normalise_interests(self.cleaned_data["interests"].split(","))
        if len(tags) > 20:
            raise forms.ValidationError(_("Name at most 20 interests."))
        return tags

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        affiliation = data.get("affiliation")
        if data.get("not_listed"):
            if not data.get("place_name"):
                self.add_error("place_name", _("Give the name of your university or city."))
            if not data.get("place_country"):
                self.add_error("place_country", _("Choose its country."))
        elif affiliation == STUDENT and not data.get("university"):
            self.add_error("university", _("Choose your university."))
        elif affiliation == CITY and not data.get("city"):
            self.add_error("city", _("Choose your city."))
        if affiliation == CITY and not data.get("residency"):
            self.add_error("residency", _("Say whether you are a newcomer or a resident."))
        return data

    def profile_fields(self) -> dict[str, Any]:
        """What `update_profile` takes."""
        skip = {"not_listed", *self.NOT_LISTED}
        fields = {k: v for k, v in self.cleaned_data.items() if k not in skip}
        fields["ui_language"] = fields.get("ui_language") or None
        return fields

    def affiliation_request(self) -> dict[str, str] | None:
        """What `request_affiliation` takes, when the person's place is not listed."""
        data = self.cleaned_data
        if not data.get("not_listed"):
            return None
        student = data["affiliation"] == STUDENT
        return {
            "kind": AffiliationRequest.Kind.UNIVERSITY if student else AffiliationRequest.Kind.CITY,
            "name": data["place_name"],
            "country": data["place_country"],
            "city_name": data["place_city"] if student else "",
        }

    @classmethod
    def initial_for(cls, profile: Profile) -> dict:
        return {
            "display_name": profile.display_name,
            "affiliation": profile.affiliation,
            "university": profile.university_id,
            "city": profile.city_id,
            "residency": profile.residency,
            "sector": profile.sector,
            "languages": profile.languages or [ui_language()],
            "interests": ", ".join(i.name for i in profile.interests.all()) if profile.pk else "",
            "time_zone": profile.time_zone or initial_time_zone(),
            "ui_language": profile.ui_language or ui_language(),
            "bio": profile.bio,
        }
