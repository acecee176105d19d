"""Dialogue programmes: one diverse cohort kept together for weeks, with facilitators and a plan.

A programme's cohorts meet as sessions of the events app (one recurring session per cohort, in
an unlisted event of the programme's own), so they get their calendar feed, reminders and a
members-only live room from the events app as every session does.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rooms.pairing.matching.cohorts import MAX_COHORT_SIZE, MIN_COHORT_SIZE


class SessionPlan(models.Model):
    """A plan for a programme's sessions: phases with durations and prompts, in four languages.

    Plans the site ships carry a `source` key (`soliya`, `sustained-dialogue`); organisers copy
    them (a copy has no source and an owner) and edit the copy.
    """

    title = models.JSONField(_("title"), default=dict)  # {language code: text}
    description = models.JSONField(_("description"), default=dict, blank=True)
    source = models.SlugField(_("library key"), max_length=40, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("session plan")
        constraints = [
            models.UniqueConstraint(
                fields=["source"], condition=~Q(source=""), name="one_shipped_plan_per_source"
            )
        ]

    def __str__(self) -> str:
        return self.title.get("en") or next(iter(self.title.values()), "")


class PlanPhase(models.Model):
    """One phase of one session of a plan (welcome, go-round, curiosity, dialogue, closing)."""

    class Kind(models.TextChoices):
        WELCOME = "welcome", _("Welcome and agreements")
        GO_ROUND = "go_round", _("Go-round")
        CURIOSITY = "curiosity", _("Questions of curiosity")
        DIALOGUE = "dialogue", _("Open dialogue")
        REFLECTION = "reflection", _("Silent reflection")
        BREAKOUT = "breakout", _("Breakout pairs")
        CLOSING = "closing", _("Closing round")

    plan = models.ForeignKey(SessionPlan, on_delete=models.CASCADE, related_name="phases")
    session_number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    stage = models.SlugField(_("stage"), max_length=40)  # e.g. "culture", "probing-problems"
    minutes = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    prompt = models.JSONField(_("prompt"), default=dict)  # {language code: text}

    class Meta:
        ordering = ["plan", "session_number", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "session_number", "position"], name="one_phase_per_place"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.session_number}.{self.position} {self.kind}"


class Programme(models.Model):
    class Pool(models.TextChoices):
        UNIVERSITY = "university", _("University students")
        CITY = "city", _("City participants")

    class Status(models.TextChoices):
        OPEN = "open", _("Open for applications")
        FORMED = "formed", _("Cohorts formed")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    languages = models.JSONField(_("working languages"), default=list)
    pool = models.CharField(_("who may apply"), max_length=16, choices=Pool.choices)
    sessions = models.PositiveSmallIntegerField(
        _("number of sessions"), validators=[MinValueValidator(1), MaxValueValidator(52)]
    )
    weeks_between = models.PositiveSmallIntegerField(
        _("weeks between sessions"), default=1, validators=[MinValueValidator(1)]
    )
    session_minutes = models.PositiveSmallIntegerField(
        _("minutes per session"), default=120, validators=[MinValueValidator(15)]
    )
    cohort_size = models.PositiveSmallIntegerField(
        _("cohort size"),
        default=10,
        validators=[MinValueValidator(MIN_COHORT_SIZE), MaxValueValidator(MAX_COHORT_SIZE)],
    )
    facilitators_per_cohort = models.PositiveSmallIntegerField(
        _("facilitators per cohort"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(2)],
    )
    # The weekly times cohorts may meet, [[weekday 0-6, hour, minute], ...] in `time_zone`;
    # cohorts are spread over them in turn.
    meeting_times = models.JSONField(_("weekly meeting times"), default=list)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    first_week = models.DateField(_("week of the first session"))
    plan = models.ForeignKey(
        SessionPlan, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("plan")
    )
    consent_text = models.TextField(_("consent"))
    agreements = models.JSONField(_("group agreements"), default=list)
    applications_open_at = models.DateTimeField(_("applications open"))
    applications_close_at = models.DateTimeField(_("applications close"))
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="organised_programmes"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    formed_at = models.DateTimeField(null=True, blank=True)
    # The unlisted event whose sessions are the cohorts' meetings (made when cohorts form).
    event = models.OneToOneField(
        "events.Event", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-applications_close_at", "title"]
        verbose_name = _("dialogue programme")
        constraints = [
            models.CheckConstraint(
                condition=Q(applications_close_at__gt=F("applications_open_at")),
                name="programme_closes_after_it_opens",
            ),
            models.CheckConstraint(
                condition=Q(cohort_size__gte=MIN_COHORT_SIZE, cohort_size__lte=MAX_COHORT_SIZE),
                name="programme_cohort_size_in_bounds",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("programmes:detail", args=[self.slug])


class Application(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="applications")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_applications"
    )
    consented_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "user"], name="one_application_each")
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.programme}"


class FacilitatorOffer(models.Model):
    """A facilitator's languages and weekly availability for one programme."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="offers")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="facilitator_offers"
    )
    languages = models.JSONField(_("languages"), default=list)
    # [[weekday, hour], ...]: each hour they can give, in the programme's time zone.
    available_hours = models.JSONField(_("available hours"), default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "user"], name="one_offer_each")]

    def __str__(self) -> str:
        return f"{self.user} facilitates {self.programme}"


class Cohort(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="cohorts")
    number = models.PositiveSmallIntegerField()
    language = models.CharField(max_length=16)
    # [weekday, hour, minute] in the programme's zone.
    meeting_time = models.JSONField(default=list)
    session = models.OneToOneField(
        "events.Session", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="one_cohort_per_number")
        ]

    def __str__(self) -> str:
        return f"{self.programme} · {self.number}"


class CohortMember(models.Model):
    """A member of one cohort; `programme` is repeated so that one constraint holds a person to
    one cohort per programme."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohort_memberships"
    )
    agreed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "user"], name="one_cohort_per_programme")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.cohort}"


class CohortFacilitator(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="facilitators")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="facilitated_cohorts"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user"], name="one_seat_per_facilitator")
        ]

    def __str__(self) -> str:
        return f"{self.user} facilitates {self.cohort}"


DEFAULT_SURVEY_QUESTIONS = (
    "others",  # how you see people from the other groups
    "confidence",  # confidence in talking across difference
    "knowledge",  # knowledge of the others' lives
)


class Survey(models.Model):
    """The questions asked before the first session or after the last, each on a 1-5 scale.

    `questions` is [{"key": ..., "text": {language: text}}, ...]; the same keys before and
    after make the paired change."""

    class Moment(models.TextChoices):
        BEFORE = "before", _("Before the first session")
        AFTER = "after", _("After the last session")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="surveys")
    moment = models.CharField(max_length=8, choices=Moment.choices)
    questions = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["programme", "moment"], name="one_survey_per_moment")
        ]

    def __str__(self) -> str:
        return f"{self.programme} · {self.moment}"


class SurveyAnswer(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="answers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    question = models.SlugField(max_length=40)
    value = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "user", "question"], name="one_answer_per_question"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=1, value__lte=5), name="survey_answer_on_the_scale"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.question}={self.value}"


class Attendance(models.Model):
    """Who came to a cohort's session, as its facilitators recorded it."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="attendance")
    session_number = models.PositiveSmallIntegerField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "session_number", "user"], name="one_attendance_each"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} {'present' if self.present else 'absent'} {self.session_number}"


class Reflection(models.Model):
    """A member's reflection between sessions: private unless they share it with the cohort."""

    member = models.ForeignKey(CohortMember, on_delete=models.CASCADE, related_name="reflections")
    session_number = models.PositiveSmallIntegerField()
    body = models.TextField(_("reflection"))
    shared = models.BooleanField(_("share with my cohort"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session_number", "created_at"]

    def __str__(self) -> str:
        return f"{self.member} · {self.session_number}"


class Debrief(models.Model):
    """Facilitators' notes on one session: seen by the cohort's facilitators and organisers."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="debriefs")
    session_number = models.PositiveSmallIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("notes"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session_number", "created_at"]

    def __str__(self) -> str:
        return f"{self.cohort} · {self.session_number}"


class SupportService(models.Model):
    """A psychosocial support service, by country and city, kept by organisers and shown to
    members in every session. A directory: no clinical claims."""

    country = models.CharField(_("country"), max_length=2)
    city = models.CharField(_("city"), max_length=120, blank=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("what they offer"), blank=True)
    contact = models.CharField(_("how to reach them"), max_length=200)
    url = models.URLField(_("web site"), blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)

    class Meta:
        ordering = ["country", "city", "name"]

    def __str__(self) -> str:
        return self.name


class ConsoleRun(models.Model):
    """The facilitator's console in the room of one cohort session: console.py's state, as
    `console.to_data` writes it. Stepped under this row's lock; read on every send there."""

    room = models.OneToOneField("rooms.Room", on_delete=models.CASCADE, related_name="+")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="console_runs")
    session_number = models.PositiveSmallIntegerField()
    state = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.cohort} · {self.session_number}"


class Reading(models.Model):
    """A reading for one session of a programme: a link, or a resource of the library, with the
    organiser's short note. Members see each session's readings on their cohort's page."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="readings")
    session_number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), max_length=500, blank=True)
    resource = models.ForeignKey(
        "library.Resource",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("library resource"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session_number", "created_at", "pk"]
        verbose_name = _("reading")
        constraints = [
            # A link or a library resource: exactly one of them.
            models.CheckConstraint(
                condition=(Q(url="") & Q(resource__isnull=False))
                | (~Q(url="") & Q(resource__isnull=True)),
                name="reading_is_a_link_or_a_resource",
            ),
            models.CheckConstraint(
                condition=Q(session_number__gte=1), name="reading_session_from_one"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} · {self.session_number} · {self.title}"

    @property
    def href(self) -> str:
        return self.resource.get_absolute_url() if self.resource is not None else self.url
