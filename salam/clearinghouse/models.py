"""What the library, journal and forum share: the organisations that publish in them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class Organisation(models.Model):
    class Kind(models.TextChoices):
        UN = "un", _("UN body or intergovernmental organisation")
        GOVERNMENT = "government", _("Government or local authority")
        UNIVERSITY = "university", _("University or research institute")
        CIVIL_SOCIETY = "civil-society", _("Civil society organisation")

    name = models.CharField(_("name"), max_length=200, unique=True)
    acronym = models.CharField(_("acronym"), max_length=20, blank=True)
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    country = CountryField(_("country"), blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    is_partner = models.BooleanField(_("partner of the clearinghouse"), default=False)
    # The people who act for a partner: its editors (on the rota) and journal reviewers.
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="partner_organisations"
    )

    class Meta:
        # The table keeps the name it had when the model lived in the library (0001 of this
        # app only moved the model in Django's state), so existing databases keep their rows.
        db_table = "library_organisation"
        ordering = ["name"]
        verbose_name = _("organisation")

    def __str__(self) -> str:
        return self.acronym or self.name

    def get_absolute_url(self) -> str:
        # The organisation's page is the library's (a URL name, not an import of the library).
        return reverse("library:organisation", kwargs={"slug": self.slug})
