"""Organisers' forms. They parse and validate input; the services decide and write."""

from __future__ import annotations

from typing import Any, cast
from zoneinfo import available_timezones

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import Event, Session, Space, Track, colour_validator
from events.scheduling import MAX_OCCURRENCES, RecurrenceError, build_recurrence, picker_of
from events.services import SessionFields
from salam.core.forms import CharField, ZonedDateTimeField
from salam.core.types import Person


def _zone_choices() -> list[tuple[str, str]]:
    return [(zone, zone) for zone in sorted(available_timezones())]


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


class EventForm(forms.Form):
    title = CharField(label=_("Title"), max_length=200)
    slug = forms.SlugField(
        label=_("Address"),
        max_length=80,
        help_text=_("Letters, digits and dashes: the event lives at /events/<address>/."),
    )
    city = CharField(label=_("City"), max_length=120)
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=_zone_choices)
    start_date = forms.DateField(
        label=_("First day"), widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(label=_("Last day"), widget=forms.DateInput(attrs={"type": "date"}))
    description = CharField(label=_("Description"), widget=forms.Textarea, required=False)
    partners = CharField(
        label=_("Partner organisations"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("One organisation per line."),
    )
    organisers = CharField(
        label=_("Organisers"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Usernames, one per line."),
    )

    def __init__(self, *args: Any, event: Event | None = None, **kwargs: Any) -> None:
        if event is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": event.title,
                    "slug": event.slug,
                    "city": event.city,
                    "time_zone": event.time_zone,
                    "start_date": event.start_date,
                    "end_date": event.end_date,
                    "description": event.description,
                    "partners": "\n".join(event.partners),
                    "organisers": "\n".join(u.get_username() for u in event.organisers.all()),
                },
            )
        super().__init__(*args, **kwargs)
        if event is None:
            del self.fields["organisers"]
        else:
            # The address is fixed once the event exists: links and feeds point at it.
            del self.fields["slug"]

    def clean_partners(self) -> list[str]:
        return _lines(self.cleaned_data["partners"])

    def clean_organisers(self) -> list[Person]:
        names = _lines(self.cleaned_data["organisers"])
        users = list(get_user_model().objects.filter(username__in=names, is_active=True))
        unknown = set(names) - {u.get_username() for u in users}
        if unknown:
            raise forms.ValidationError(
                _("No such person: %(names)s"), params={"names": ", ".join(sorted(unknown))}
            )
        if not users:
            raise forms.ValidationError(_("An event needs at least one organiser."))
        return users


class SpaceForm(forms.Form):
    name = CharField(label=_("Name"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=Space.Kind.choices, widget=forms.RadioSelect)
    capacity = forms.IntegerField(
        label=_("Seats"), min_value=1, required=False, help_text=_("Needed for a hall.")
    )


class TrackForm(forms.Form):
    name = CharField(label=_("Name"), max_length=120)
    colour = CharField(
        label=_("Colour"),
        max_length=7,
        validators=[colour_validator],
        widget=forms.TextInput(attrs={"type": "color"}),
    )


class PeopleField(CharField):
    """One person per line: `@username` for someone on the platform, else a guest's name."""

    widget = forms.Textarea(attrs={"rows": 3})

    def clean(self, value: str) -> list[Person | str]:
        lines = _lines(super().clean(value) or "")
        usernames = [line[1:] for line in lines if line.startswith("@")]
        users = {
            u.get_username(): u
            for u in get_user_model().objects.filter(username__in=usernames, is_active=True)
        }
        unknown = [name for name in usernames if name not in users]
        if unknown:
            raise forms.ValidationError(
                _("No such person: %(names)s"), params={"names": ", ".join(unknown)}
            )
        return [users[line[1:]] if line.startswith("@") else line for line in lines]


class SessionForm(forms.Form):
    title = CharField(label=_("Title"), max_length=200)
    abstract = CharField(label=_("Abstract"), widget=forms.Textarea, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=Session.Kind.choices)
    track = forms.ModelChoiceField(label=_("Track"), queryset=Track.objects.none(), required=False)
    space = forms.ModelChoiceField(label=_("Space"), queryset=Space.objects.none(), required=False)
    starts_at = ZonedDateTimeField(label=_("Starts"))
    ends_at = ZonedDateTimeField(label=_("Ends"))
    languages = CharField(
        label=_("Languages"),
        required=False,
        help_text=_("Language codes separated by commas, for example: en, pt."),
    )
    capacity = forms.IntegerField(label=_("Seats"), min_value=1)
    repeat = forms.ChoiceField(
        label=_("Repeats"),
        required=False,
        choices=[
            ("", _("Does not repeat")),
            ("weekly", _("Every week")),
            ("biweekly", _("Every two weeks")),
            ("monthly", _("Every month")),
            ("custom", _("Custom rule (iCalendar RRULE)")),
        ],
    )
    ends = forms.ChoiceField(
        label=_("Ends"),
        required=False,
        choices=[("count", _("After a number of times")), ("until", _("On a date"))],
        widget=forms.RadioSelect,
    )
    count = forms.IntegerField(
        label=_("Number of times"), required=False, min_value=2, max_value=MAX_OCCURRENCES
    )
    until = forms.DateField(
        label=_("Last date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    recurrence = CharField(
        label=_("Custom rule"),
        required=False,
        max_length=200,
        help_text=_("An iCalendar RRULE, for example FREQ=WEEKLY;BYDAY=TU,TH;COUNT=8."),
    )
    speakers = PeopleField(
        label=_("Speakers"),
        required=False,
        help_text=_("One per line: @username for a person on Salam, otherwise a guest's name."),
    )
    moderators = PeopleField(
        label=_("Moderators"),
        required=False,
        help_text=_("One per line: @username for a person on Salam, otherwise a guest's name."),
    )

    def __init__(
        self, *args: Any, event: Event, session: Session | None = None, **kwargs: Any
    ) -> None:
        """Times are entered on the event's wall clock: build and validate the form while
        the event's time zone is the current one (the views do)."""
        if session is not None:
            kwargs.setdefault("initial", self.initial_for(session))
        super().__init__(*args, **kwargs)
        for name in ("starts_at", "ends_at"):
            cast(ZonedDateTimeField, self.fields[name]).zone = event.zone
        cast(forms.ModelChoiceField, self.fields["track"]).queryset = event.tracks.all()
        cast(forms.ModelChoiceField, self.fields["space"]).queryset = event.spaces.all()

    @staticmethod
    def initial_for(session: Session) -> dict[str, object]:
        people = list(session.people.select_related("user"))

        def lines(role: str) -> str:
            return "\n".join(
                f"@{p.user.get_username()}" if p.user else p.guest_name
                for p in people
                if p.role == role
            )

        return {
            "title": session.title,
            "abstract": session.abstract,
            "kind": session.kind,
            "track": session.track_id,
            "space": session.space_id,
            "starts_at": session.starts_at,
            "ends_at": session.ends_at,
            "languages": ", ".join(session.languages),
            "capacity": session.capacity,
            "recurrence": session.recurrence,
            **picker_of(session.recurrence),
            "speakers": lines("speaker"),
            "moderators": lines("moderator"),
        }

    def clean(self) -> dict[str, Any]:
        """The picker writes the RRULE (`recurrence`); each missing or wrong choice is an
        error at its own field. A submission with a rule and no picker (an older page, a
        script) keeps its rule as a custom one."""
        data = super().clean() or {}
        repeat = data.get("repeat", "")
        if "repeat" not in self.data and data.get("recurrence"):
            repeat = data["repeat"] = "custom"
        if repeat == "custom":
            if not data.get("recurrence") and "recurrence" not in self.errors:
                self.add_error("recurrence", _("Write the rule, or choose how often it repeats."))
            return data
        if not repeat:
            data["recurrence"] = ""
            return data
        ends = data.get("ends")
        if not ends:
            self.add_error("ends", _("Say when the repeats end."))
            return data
        count = data.get("count") if ends == "count" else None
        until = data.get("until") if ends == "until" else None
        if ends == "count" and count is None:
            if "count" not in self.errors:
                self.add_error("count", _("How many times in all?"))
            return data
        if ends == "until":
            if until is None:
                if "until" not in self.errors:
                    self.add_error("until", _("Choose the last date."))
                return data
            start = data.get("starts_at")
            if start is not None and until <= timezone.localtime(start).date():
                self.add_error("until", _("The last date comes after the first session."))
                return data
        try:
            data["recurrence"] = build_recurrence(repeat, count=count, until=until)
        except RecurrenceError as error:
            self.add_error("count" if count is not None else "until", str(error))
        return data

    def clean_languages(self) -> list[str]:
        raw = self.cleaned_data["languages"].replace(";", ",")
        return [code.strip().lower()[:8] for code in raw.split(",") if code.strip()]

    def to_fields(self) -> SessionFields:
        data = self.cleaned_data
        return SessionFields(
            title=data["title"],
            abstract=data["abstract"],
            kind=data["kind"],
            track=data["track"],
            space=data["space"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            languages=data["languages"],
            capacity=data["capacity"],
            recurrence=data["recurrence"],
            speakers=data["speakers"],
            moderators=data["moderators"],
        )


class ScheduleFilterForm(forms.Form):
    track = forms.TypedChoiceField(label=_("Track"), required=False, coerce=int, empty_value=None)
    language = forms.ChoiceField(label=_("Language"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    tz = forms.ChoiceField(
        label=_("Times in"),
        required=False,
        choices=[("event", _("the event's time zone")), ("mine", _("my time zone"))],
    )

    def __init__(
        self, *args: Any, tracks: list[Track], languages: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        fields = cast("dict[str, forms.ChoiceField]", self.fields)  # every field here is one
        fields["track"].choices = every + [(t.pk, t.name) for t in tracks]
        fields["language"].choices = every + [(code, code) for code in languages]
        fields["kind"].choices = every + list(Session.Kind.choices)
