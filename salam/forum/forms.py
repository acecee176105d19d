from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from salam.core.forms import CharField, SubmitTokenField
from salam.people.fields import LanguageField


class ThreadForm(forms.Form):
    title = CharField(label=_("Title"), max_length=200)
    language = LanguageField(label=_("Language"))
    body = CharField(
        label=_("Your post"), widget=forms.Textarea(attrs={"rows": 10}), help_text=_("Markdown.")
    )
    token = SubmitTokenField()


class ReplyForm(forms.Form):
    body = CharField(
        label=_("Your reply"), widget=forms.Textarea(attrs={"rows": 6}), help_text=_("Markdown.")
    )
    quote = forms.IntegerField(widget=forms.HiddenInput, required=False)


class EditForm(forms.Form):
    body = CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}))


class FlagForm(forms.Form):
    reason = CharField(label=_("What is wrong with this post?"), max_length=500)
