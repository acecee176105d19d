"""Form fields every app's forms use, so that no control character gets in through a form."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms

from salam.core.text import clean_line, clean_text


class CharField(forms.CharField):
    """Django's `CharField` (which refuses NUL) that also drops C0/C1 controls: a `Textarea`
    keeps line breaks and tabs, any other widget makes them a space. It cleans before the
    length and required checks, so a value of controls alone is empty."""

    def to_python(self, value: Any) -> str | None:
        if isinstance(value, str):
            value = (
                clean_text(value) if isinstance(self.widget, forms.Textarea) else clean_line(value)
            )
        return super().to_python(value)


class SubmitTokenField(forms.UUIDField):
    """A hidden one-time token, new each time the form is shown (and kept when it comes back
    with errors): the service finds what the first submit made when the same form is sent
    again, so a double click creates one record."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("initial", uuid.uuid4)
        super().__init__(**kwargs)
