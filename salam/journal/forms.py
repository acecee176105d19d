from __future__ import annotations

from django import forms
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from salam.clearinghouse.choices import PolicyArea
from salam.clearinghouse.models import Organisation
from salam.core.forms import CharField, SubmitTokenField
from salam.journal.models import Article, Review
from salam.journal.selectors import possible_reviewers, published
from salam.people.fields import LanguageField
from salam.people.names import name_of


class SubmitForm(forms.Form):
    title = CharField(label=_("Title"), max_length=240)
    abstract = CharField(label=_("Abstract"), widget=forms.Textarea(attrs={"rows": 4}))
    body = CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 20}), help_text=_("Markdown.")
    )
    language = LanguageField(label=_("Language"))
    policy_area = forms.ChoiceField(label=_("Policy area"), choices=PolicyArea.choices)
    translation_of = forms.ModelChoiceField(
        label=_("Translation of"),
        queryset=published().filter(translation_of__isnull=True),
        required=False,
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all(), required=False
    )
    token = SubmitTokenField()


class ReviseForm(forms.Form):
    title = CharField(label=_("Title"), max_length=240)
    abstract = CharField(label=_("Abstract"), widget=forms.Textarea(attrs={"rows": 4}))
    body = CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 20}))
    note = CharField(label=_("What you changed"), widget=forms.Textarea, required=False)

    @staticmethod
    def initial_for(article: Article) -> dict[str, str]:
        return {"title": article.title, "abstract": article.abstract, "body": article.body}


class ReviewerChoiceField(forms.ModelChoiceField):
    """A reviewer by name, username and organisation: "Nadia (@nadia) · IOM"."""

    def label_from_instance(self, obj: Model) -> str:
        organisations = [str(o) for o in obj.partner_organisations.all()]  # type: ignore[attr-defined]
        where = ", ".join(organisations) or str(_("Secretariat"))
        return f"{name_of(obj)} (@{obj.get_username()}) · {where}"  # type: ignore[arg-type, attr-defined]


class AssignForm(forms.Form):
    reviewer = ReviewerChoiceField(
        label=_("Reviewer"),
        queryset=possible_reviewers()
        .select_related("profile")
        .prefetch_related("partner_organisations"),
    )
    anonymous = forms.BooleanField(
        label=_("Anonymous review: the author does not see who reviewed"),
        required=False,
        initial=True,
    )


class ReviewForm(forms.Form):
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=Review.Recommendation.choices, widget=forms.RadioSelect
    )
    comments = CharField(label=_("Comments"), widget=forms.Textarea(attrs={"rows": 6}))


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Review.Recommendation.choices, widget=forms.RadioSelect
    )
    note = CharField(label=_("Note to the author"), widget=forms.Textarea, required=False)
