from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rooms.models import Round
from salam.core.forms import CharField, ZonedDateTimeField
from salam.people.fields import PeopleChoiceField
from salam.people.models import City, University
from salam.people.roles import Role


class RoundForm(forms.Form):
    title = CharField(label=_("Title"), max_length=140)
    starts_at = ZonedDateTimeField(label=_("Starts at"))
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=5, max_value=480, initial=45
    )
    pool_kind = forms.ChoiceField(label=_("Pool"), choices=Round.PoolKind.choices)
    universities = forms.ModelMultipleChoiceField(
        label=_("Universities"), queryset=University.objects.all(), required=False
    )
    city = forms.ModelChoiceField(label=_("City"), queryset=City.objects.all(), required=False)
    mode = forms.ChoiceField(label=_("Pairs or groups"), choices=Round.Mode.choices)
    group_size = forms.IntegerField(label=_("Group size"), min_value=3, max_value=6, initial=4)
    facilitators = PeopleChoiceField(
        label=_("Facilitators (group mode)"),
        required=False,
        queryset=get_user_model()
        .objects.filter(Q(groups__name=Role.MODERATOR) | Q(is_superuser=True), is_active=True)
        .distinct()
        .select_related("profile"),
    )


RATINGS = [
    (1, _("1: it did not work, we could hardly talk")),
    (2, _("2: difficult, we struggled to find common ground")),
    (3, _("3: fine, a pleasant chat")),
    (4, _("4: good, I learned something about another view")),
    (5, _("5: excellent, a real conversation I want to continue")),
]


def _met(value: str) -> bool:
    return value == "yes"


class FeedbackForm(forms.Form):
    met = forms.TypedChoiceField(
        label=_("Did you meet?"),
        coerce=_met,
        choices=[
            ("yes", _("Yes, we talked")),
            ("no", _("No, my partner did not come")),
        ],
        widget=forms.RadioSelect,
    )
    rating = forms.TypedChoiceField(
        label=_("How was the conversation?"),
        coerce=int,
        choices=RATINGS,
        widget=forms.RadioSelect,
        required=False,
        empty_value=None,
    )
    would_talk_again = forms.BooleanField(label=_("I would talk again"), required=False)
    comment = CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    report_reason = CharField(
        label=_("Report a problem to the moderators (optional)"), required=False, max_length=500
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("met") is True and data.get("rating") is None:
            self.add_error("rating", _("Rate the conversation from 1 to 5."))
        if data.get("met") is False:
            data["rating"] = None  # nothing to rate when nobody came
        return data
