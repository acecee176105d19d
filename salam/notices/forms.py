"""The preferences form: one choice of delivery per kind, and the privacy setting."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from salam.notices.kinds import KINDS, Delivery


class PreferencesForm(forms.Form):
    private_email = forms.BooleanField(
        label=_("No message content in email"),
        help_text=_("Mails say what happened and link to it, without quoting what was said."),
        required=False,
    )

    def __init__(self, *args: Any, deliveries: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in KINDS:
            self.fields[f"kind:{kind.code}"] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                initial=deliveries.get(kind.code, kind.delivery),
                widget=forms.Select,
            )
        # the privacy setting after the kinds
        self.order_fields([*(f"kind:{kind.code}" for kind in KINDS), "private_email"])

    def deliveries(self) -> dict[str, str]:
        return {kind.code: self.cleaned_data[f"kind:{kind.code}"] for kind in KINDS}
