"""Forum events: an event's spaces and tracks, its sessions and their occurrences, who
registered for which occurrence, and the numbered releases of its schedule."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

colour_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Use a colour such as #0b6e4f."))


class Event(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        # Runs for its own people (rooms open, reminders go out) but is listed nowhere and
        # takes no registrations: a dialogue programme's cohort sessions.
        PRIVATE = "private", _("Private")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    city = models.CharField(_("city"), max_length=120)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    description = models.TextField(_("description"), blank=True)
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="organised_events"
    )
    # Co-organising partner organisations, as their names (free text, in display order).
    partners = models.JSONField(_("partner organisations"), default=list, blank=True)
    # Library resources about the event, shown on its page. Events sit above the library: the
    # relation is declared here and has no reverse name, so the library never knows of events.
    resources = models.ManyToManyField(
        "library.Resource", blank=True, related_name="+", verbose_name=_("library resources")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["start_date", "title"]
        verbose_name = _("event")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="event_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:event", kwargs={"slug": self.slug})

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)

    @property
    def starts_at(self) -> datetime:
        """Midnight of the first day, in the event's time zone."""
        return datetime.combine(self.start_date, time.min, tzinfo=self.zone)

    @property
    def ends_at(self) -> datetime:
        """Midnight after the last day, in the event's time zone."""
        return datetime.combine(self.end_date + timedelta(days=1), time.min, tzinfo=self.zone)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Space(models.Model):
    class Kind(models.TextChoices):
        HALL = "hall", _("Hall")
        ONLINE = "online", _("Online")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="spaces")
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.HALL)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Seats in a hall; empty when online.")
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["event", "position", "name"]
        verbose_name = _("space")
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="space_unique_name"),
            models.CheckConstraint(
                condition=Q(kind="online") | Q(capacity__isnull=False),
                name="space_hall_has_capacity",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Track(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="tracks")
    name = models.CharField(_("name"), max_length=120)
    colour = models.CharField(
        _("colour"), max_length=7, default="#0b6e4f", validators=[colour_validator]
    )

    class Meta:
        ordering = ["event", "name"]
        verbose_name = _("track")
        constraints = [models.UniqueConstraint(fields=["event", "name"], name="track_unique_name")]

    def __str__(self) -> str:
        return self.name


class Session(models.Model):
    class Kind(models.TextChoices):
        PLENARY = "plenary", _("Plenary")
        WORKING = "working", _("Working session")
        WORKSHOP = "workshop", _("Workshop")
        CAFE = "cafe", _("Café Salam meeting")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("title"), max_length=200)
    abstract = models.TextField(_("abstract"), blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.WORKING)
    track = models.ForeignKey(
        Track, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )
    space = models.ForeignKey(
        Space, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions"
    )
    # The first occurrence; a recurrence repeats it at the same local wall-clock time.
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    languages = models.JSONField(_("languages"), default=list, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    recurrence = models.CharField(
        _("recurrence"),
        max_length=200,
        blank=True,
        help_text=_("An iCalendar RRULE, for example FREQ=WEEKLY;COUNT=8."),
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["event", "starts_at", "title"]
        verbose_name = _("session")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:session", kwargs={"slug": self.event.slug, "pk": self.pk})


class SessionPerson(models.Model):
    """A speaker or moderator: a person on the platform or a named guest."""

    class Role(models.TextChoices):
        SPEAKER = "speaker", _("Speaker")
        MODERATOR = "moderator", _("Moderator")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="people")
    role = models.CharField(max_length=16, choices=Role.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="session_roles",
    )
    guest_name = models.CharField(_("guest"), max_length=120, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["session", "role", "position"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(guest_name=""))
                | (Q(user__isnull=True) & ~Q(guest_name="")),
                name="session_person_user_or_guest",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if self.user is None:
            return self.guest_name
        profile = getattr(self.user, "profile", None)
        return profile.name if profile is not None else self.user.get_username()

    @property
    def key(self) -> str:
        """Who this is, for the double-booking check: one user, or one guest by name."""
        if self.user_id is not None:
            return f"user:{self.user_id}"
        return f"guest:{' '.join(self.guest_name.split()).casefold()}"


class Occurrence(models.Model):
    """One sitting of a session; a recurring session has one per date. People register here."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="occurrences")
    index = models.PositiveIntegerField()
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField(db_index=True)
    # Copied from the session so the database itself can hold registered_count <= capacity.
    capacity = models.PositiveIntegerField()
    registered_count = models.PositiveIntegerField(default=0)
    # The last waiting-list ticket handed out, taken under select_for_update.
    last_ticket = models.PositiveIntegerField(default=0)
    # Bumped whenever the occurrence moves or is cancelled (iCalendar SEQUENCE).
    sequence = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    room = models.OneToOneField(
        "rooms.Room",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="session_occurrence",
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Not a column: on the occurrences of `selectors.schedule` only, the viewer's registration
    # status there ("" for none), for the page.
    viewer_status: str

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "index"], name="occurrence_unique_index"),
            models.CheckConstraint(
                condition=Q(registered_count__lte=F("capacity")),
                name="occurrence_within_capacity",
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="occurrence_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}#{self.index}"

    @property
    def seats_left(self) -> int:
        return max(self.capacity - self.registered_count, 0)


class Registration(models.Model):
    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITING = "waiting", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    occurrence = models.ForeignKey(
        Occurrence, on_delete=models.CASCADE, related_name="registrations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(max_length=16, choices=Status.choices)
    # Order of arrival on this occurrence: the waiting list is served by ticket.
    ticket = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["occurrence", "ticket"]
        constraints = [
            models.UniqueConstraint(
                fields=["occurrence", "user"], name="registration_once_per_occurrence"
            ),
            models.UniqueConstraint(
                fields=["occurrence", "ticket"], name="registration_unique_ticket"
            ),
        ]
        indexes = [models.Index(fields=["occurrence", "status", "ticket"], name="reg_queue_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.status} {self.occurrence_id}"


class Release(models.Model):
    """A frozen, numbered version of an event's schedule and what changed since the last."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="releases")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField(default=dict)
    changes = models.JSONField(default=dict)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    published_at = models.DateTimeField()

    class Meta:
        ordering = ["event", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["event", "number"], name="release_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.event_id} release {self.number}"


class AgendaFeed(models.Model):
    """The private token of one person's agenda feed; replacing it revokes the old URL."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agenda_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"agenda feed of {self.user_id}"

    def get_absolute_url(self) -> str:
        return reverse("events:agenda_feed", kwargs={"token": self.token})
