"""Form fields for what people are: a language, named in the reader's UI language, theirs
first and chosen by default."""

from __future__ import annotations

import contextlib
import functools
from typing import Any

import pycountry
from babel import Locale, UnknownLocaleError
from django import forms
from django.utils.translation import gettext_lazy as _

from salam.people.choices import language_choices, ui_language
from salam.people.names import name_and_username


class LanguageField(forms.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("choices", language_choices)
        kwargs.setdefault("initial", ui_language)
        super().__init__(**kwargs)


@functools.cache
def search_terms(code: str) -> str:
    """What a reader may type to find a language whatever the UI language: its English name,
    its own name (autonym), and its ISO 639 codes ("fra" finds French)."""
    terms = [code]
    found = pycountry.languages.get(alpha_2=code)
    if found is not None:
        terms += [found.name, getattr(found, "alpha_3", ""), getattr(found, "bibliographic", "")]
    with contextlib.suppress(UnknownLocaleError, ValueError):
        terms.append(Locale.parse(code).get_display_name(code) or "")
    return " ".join(term.casefold() for term in terms if term)


class SearchableSelectMultiple(forms.SelectMultiple):
    """A <select multiple> that static/js/multiselect.js turns into a search box with the
    chosen ones as removable chips; without JS it stays a plain list."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        strings = {
            "data-remove-label": _("Remove %s"),
            "data-added-label": _("%s added"),
            "data-removed-label": _("%s removed"),
            "data-none-label": _("No language matches."),
            "data-chosen-label": _("Chosen"),
        }
        super().__init__({"data-searchable": "", "size": 8, **strings, **(attrs or {})})

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        option["attrs"]["data-search"] = search_terms(str(option["value"]))
        return option


class LanguagesField(forms.MultipleChoiceField):
    widget = SearchableSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("choices", language_choices)
        kwargs.setdefault("initial", lambda: [ui_language()])
        super().__init__(**kwargs)


class PersonChoiceField(forms.ModelChoiceField):
    """A person picker that shows display names with usernames."""

    def label_from_instance(self, obj: Any) -> str:
        return name_and_username(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return name_and_username(obj)
