from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rooms.models import Round
from salam.core.forms import CharField
from salam.people.models import City, University
from salam.people.roles import Role


class RoundForm(forms.Form):
    title = CharField(label=_("Title"), max_length=140)
    starts_at = forms.DateTimeField(
        label=_("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
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
    facilitators = forms.ModelMultipleChoiceField(
        label=_("Facilitators (group mode)"),
        required=False,
        queryset=get_user_model()
        .objects.filter(Q(groups__name=Role.MODERATOR) | Q(is_superuser=True), is_active=True)
        .distinct(),
    )


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How was the conversation?"),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 6)],
        widget=forms.RadioSelect,
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
