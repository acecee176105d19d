from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from rooms.models import Room
from salam.core.forms import CharField
from salam.people.fields import LanguageField

RESERVED_SLUGS = {"new", "moderation", "pairing", "rounds", "feedback", "reports"}


class RoomForm(forms.Form):
    title = CharField(label=_("Title"), max_length=140)
    slug = forms.SlugField(
        label=_("Address"),
        max_length=80,
        help_text=_("Letters, digits and dashes: the room is at /rooms/<address>/."),
    )
    topic = CharField(label=_("Topic"), max_length=280, required=False)
    language = LanguageField(label=_("Main language"))
    visibility = forms.ChoiceField(label=_("Who may enter"), choices=Room.Visibility.choices)

    def __init__(
        self, *args: Any, editing: bool = False, private: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["slug"]
        if private:  # a private room stays its members' (rooms/PROTOCOL.md, "Private rooms")
            del self.fields["visibility"]

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"].lower()
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("This address is reserved."))
        if Room.objects.filter(slug=slug).exists():
            raise forms.ValidationError(_("A room with this address exists already."))
        return slug
