"""The library: resources, good practices, template packages, the overview
page and the rota of partners who keep the site up to date."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from salam.clearinghouse.choices import PolicyArea
from salam.clearinghouse.models import Organisation
from salam.library.choices import Region
from salam.library.uploads import package_upload_to, resource_upload_to


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")

    def __str__(self) -> str:
        return self.name


class Resource(models.Model):
    class Kind(models.TextChoices):
        APPROACH = "approach", _("Approach")
        GUIDELINE = "guideline", _("Guideline")
        POLICY_DOCUMENT = "policy-document", _("Policy document")
        ACADEMIC_PAPER = "academic-paper", _("Academic paper")
        POLICY_BRIEF = "policy-brief", _("Policy brief")
        MANUAL = "manual", _("Manual")
        TEMPLATE = "template", _("Template")

    title = models.CharField(_("title"), max_length=240)
    slug = models.SlugField(_("address"), max_length=100, unique=True)
    summary = models.TextField(_("summary"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    region = models.CharField(_("region"), max_length=16, choices=Region.choices)
    countries = CountryField(_("countries"), multiple=True, blank=True)
    language = models.CharField(_("language"), max_length=8)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="resources"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    url = models.URLField(_("link"), blank=True)
    file = models.FileField(_("file"), upload_to=resource_upload_to, blank=True)
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    file_type = models.CharField(max_length=100, blank=True)
    file_size = models.PositiveIntegerField(default=0)
    tags = models.ManyToManyField(Tag, blank=True, related_name="resources")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("resource")
        indexes = [models.Index(fields=["kind", "language"], name="resource_kind_lang")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:resource", kwargs={"slug": self.slug})


class ResourceArea(models.Model):
    """A resource may belong to several policy areas; one row per area (faceted by count)."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="areas")
    area = models.CharField(_("policy area"), max_length=20, choices=PolicyArea.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resource", "area"], name="resource_area_once")
        ]

    def __str__(self) -> str:
        return f"{self.resource_id}:{self.area}"


class GoodPractice(models.Model):
    class Actor(models.TextChoices):
        GOVERNMENT = "government", _("Government programme")
        CIVIL_SOCIETY = "civil-society", _("Civil society activity")
        ACADEMIC = "academic", _("Academic initiative")

    title = models.CharField(_("title"), max_length=240)
    slug = models.SlugField(_("address"), max_length=100, unique=True)
    actor = models.CharField(_("kind of initiative"), max_length=16, choices=Actor.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="practices"
    )
    policy_area = models.CharField(_("policy area"), max_length=20, choices=PolicyArea.choices)
    place = models.CharField(_("where"), max_length=200)
    country = CountryField(_("country"), blank=True)
    started = models.PositiveSmallIntegerField(_("started (year)"))
    ended = models.PositiveSmallIntegerField(_("ended (year)"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, default="en")
    what_it_did = models.TextField(_("what it did"))
    outcomes = models.TextField(_("what came of it"))
    contacts = models.TextField(_("contacts"), blank=True)
    resources = models.ManyToManyField(Resource, blank=True, related_name="practices")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-started", "title"]
        verbose_name = _("good practice")
        constraints = [
            models.CheckConstraint(
                condition=Q(ended__isnull=True) | Q(ended__gte=F("started")),
                name="practice_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:practice", kwargs={"slug": self.slug})


class TemplatePackage(models.Model):
    """A bundle of templates and guidance for national focal points; released in versions."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address"), max_length=100, unique=True)
    description = models.TextField(_("description"))
    policy_area = models.CharField(_("policy area"), max_length=20, choices=PolicyArea.choices)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="packages"
    )

    class Meta:
        ordering = ["title"]
        verbose_name = _("template package")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("library:package", kwargs={"slug": self.slug})


class PackageVersion(models.Model):
    package = models.ForeignKey(TemplatePackage, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    notes = models.TextField(_("what changed"), blank=True)
    file = models.FileField(_("file"), upload_to=package_upload_to)
    file_name = models.CharField(max_length=200)
    file_type = models.CharField(max_length=100)
    file_size = models.PositiveIntegerField()
    released_at = models.DateTimeField(_("released"))
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["package", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["package", "number"], name="package_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.package} v{self.number}"


class Page(models.Model):
    """Editable, translatable content: one row per page and language (the overview...)."""

    slug = models.SlugField(_("address"), max_length=60)
    language = models.CharField(_("language"), max_length=8)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text (Markdown)"))
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("page")
        constraints = [models.UniqueConstraint(fields=["slug", "language"], name="page_once")]

    def __str__(self) -> str:
        return f"{self.slug} ({self.language})"


class EventLink(models.Model):
    """An event of interest (in the events app or elsewhere) and the resources it relates to."""

    title = models.CharField(_("title"), max_length=200)
    url = models.CharField(_("link"), max_length=300, help_text=_("/events/... or https://..."))
    starts_on = models.DateField(_("date"))
    resources = models.ManyToManyField(Resource, blank=True, related_name="events")

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("event of interest")
        constraints = [models.UniqueConstraint(fields=["url"], name="event_link_once")]

    def __str__(self) -> str:
        return self.title


class RotaPeriod(models.Model):
    """A partner's turn at keeping the library up to date, [starts_at, ends_at)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="rota_periods"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("rota period")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="rota_period_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.starts_at:%Y-%m-%d} – {self.ends_at:%Y-%m-%d}"
