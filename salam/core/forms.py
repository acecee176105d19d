"""Form fields every app's forms use, so that no control character gets in through a form."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.forms.fields import BaseTemporalField
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salam.core.text import clean_line, clean_text
from salam.core.zones import zone_label, zone_name


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


LOCAL_INPUT = "%Y-%m-%dT%H:%M"


class ZonedDateTimeField(forms.DateTimeField):
    """A date and time typed on a wall clock: read in `zone` (by default the current zone,
    the viewer's), shown back in it, and labelled with it under the field. A time the clocks
    skip (spring forward) is refused; one they pass twice (fall back) is the first."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_INPUT)
    input_formats = [LOCAL_INPUT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
    default_error_messages = {
        "imaginary": gettext_lazy("%(time)s does not exist in %(zone)s: the clocks skip it."),
    }

    def __init__(self, *, zone: dt.tzinfo | None = None, **kwargs: Any) -> None:
        self.zone = zone
        self.extra_help = kwargs.pop("help_text", "")
        super().__init__(**kwargs)

    @property
    def current_zone(self) -> dt.tzinfo:
        return self.zone or timezone.get_current_timezone()

    @property
    def help_text(self) -> str:
        """Says in which zone the time is read, whenever the form is shown."""
        zone = self.current_zone
        note = _("Time zone: %(zone)s (%(label)s)") % {
            "zone": zone_name(zone),
            "label": zone_label(timezone.now(), zone),
        }
        return f"{note}. {self.extra_help}" if self.extra_help else note

    @help_text.setter
    def help_text(self, value: str) -> None:
        self.extra_help = value or self.extra_help

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            return value.astimezone(self.current_zone).replace(tzinfo=None)
        return value

    def to_python(self, value: Any) -> dt.datetime | None:
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value if timezone.is_aware(value) else self.on_wall_clock(value)
        naive = BaseTemporalField.to_python(self, str(value).strip())
        return self.on_wall_clock(naive) if isinstance(naive, dt.datetime) else None

    def strptime(self, value: str, format: str) -> dt.datetime:
        return dt.datetime.strptime(value, format)  # noqa: DTZ007 (made aware in on_wall_clock)

    def on_wall_clock(self, naive: dt.datetime) -> dt.datetime:
        zone = self.current_zone
        moment = naive.replace(tzinfo=zone, fold=0)
        if moment.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) != naive:
            raise forms.ValidationError(
                self.error_messages["imaginary"],
                code="imaginary",
                params={"time": f"{naive:%Y-%m-%d %H:%M}", "zone": zone_name(zone)},
            )
        return moment
