"""People: who takes part, where they come from, what they speak and care about."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from salam.people.avatars import avatar_upload_to


class University(models.Model):
    name = models.CharField(_("name"), max_length=200)
    city = models.CharField(_("city"), max_length=120)
    country = CountryField(_("country"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("university")
        verbose_name_plural = _("universities")
        constraints = [
            models.UniqueConstraint(fields=["name", "country"], name="university_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country.code})"


class City(models.Model):
    name = models.CharField(_("name"), max_length=120)
    country = CountryField(_("country"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("city")
        verbose_name_plural = _("cities")
        constraints = [models.UniqueConstraint(fields=["name", "country"], name="city_unique_name")]

    def __str__(self) -> str:
        return f"{self.name} ({self.country.code})"


class Interest(models.Model):
    """A free tag; names are stored lower-cased so that "Music" and "music" are one."""

    name = models.CharField(_("name"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("interest")

    def __str__(self) -> str:
        return self.name


class Profile(models.Model):
    class Affiliation(models.TextChoices):
        STUDENT = "student", _("University student")
        CITY = "city", _("City participant")

    class Residency(models.TextChoices):
        NEWCOMER = "newcomer", _("Newcomer (arrived within the last five years)")
        RESIDENT = "resident", _("Long-time resident")

    class Sector(models.TextChoices):
        NONE = "", _("Not stated")
        NGO = "ngo", _("NGO")
        EDUCATOR = "educator", _("Educator")
        POLICY = "policy", _("Policy-maker")
        RESEARCH = "research", _("Researcher")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    affiliation = models.CharField(
        _("affiliation"), max_length=16, choices=Affiliation.choices, blank=True
    )
    university = models.ForeignKey(
        University, on_delete=models.PROTECT, null=True, blank=True, related_name="students"
    )
    city = models.ForeignKey(
        City, on_delete=models.PROTECT, null=True, blank=True, related_name="residents"
    )
    residency = models.CharField(
        _("in the city"), max_length=16, choices=Residency.choices, blank=True
    )
    sector = models.CharField(_("sector"), max_length=16, choices=Sector.choices, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    interests = models.ManyToManyField(Interest, blank=True, related_name="profiles")
    # Blank until the person chooses one: pages then use their browser's zone.
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True, default="")
    # One of settings.LANGUAGES, blank until the person switches language or chooses one: the
    # site's pages after they sign in, and every notice and mail they get, are in it.
    ui_language = models.CharField(_("language of the site"), max_length=8, blank=True, default="")
    bio = models.TextField(_("short bio"), max_length=600, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    avatar = models.FileField(_("picture"), upload_to=avatar_upload_to, blank=True)
    avatar_type = models.CharField(max_length=16, blank=True)  # read from the bytes on upload

    class Meta:
        verbose_name = _("profile")
        permissions = [
            ("participate", _("Can take part in rooms and events")),
            ("moderate_rooms", _("Can moderate every room")),
            ("organise_events", _("Can organise events, rounds and rooms")),
            ("edit_content", _("Can edit clearinghouse content")),
        ]

    def __str__(self) -> str:
        return self.display_name or self.user.get_username()

    def get_absolute_url(self) -> str:
        return reverse("people:profile", kwargs={"username": self.user.get_username()})

    @property
    def name(self) -> str:
        return self.display_name or self.user.get_username()

    @property
    def is_complete(self) -> bool:
        # A blank time zone is complete: pages then use the browser's.
        if not (self.display_name and self.affiliation and self.languages):
            return False
        if self.affiliation == self.Affiliation.STUDENT:
            return self.university_id is not None or self.awaits(AffiliationRequest.Kind.UNIVERSITY)
        if not self.residency:
            return False
        return self.city_id is not None or self.awaits(AffiliationRequest.Kind.CITY)

    def awaits(self, kind: str) -> bool:
        """Whether the person asked for a university or city that is not listed yet (they
        take part meanwhile)."""
        return AffiliationRequest.objects.filter(
            person_id=self.user_id, kind=kind, status=AffiliationRequest.Status.PENDING
        ).exists()


class AffiliationRequest(models.Model):
    """ "My university / city is not listed": an organiser approves it (adding the place and
    linking the person's profile to it) or declines it."""

    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("University")
        CITY = "city", _("City")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an organiser")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="affiliation_requests"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    city_name = models.CharField(_("city"), max_length=120, blank=True)
    country = CountryField(_("country"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    university = models.ForeignKey(
        University, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    city = models.ForeignKey(
        City, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("affiliation request")
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status="pending"),
                name="one_pending_affiliation_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.country.code})"
