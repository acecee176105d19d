"""Choice lists of the library alone (the shared ones are in salam.clearinghouse.choices)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    GLOBAL = "global", _("Global")
    AFRICA = "africa", _("Africa")
    AMERICAS = "americas", _("Americas")
    ASIA_PACIFIC = "asia-pacific", _("Asia and the Pacific")
    EUROPE = "europe", _("Europe")
    MIDDLE_EAST = "middle-east", _("Middle East and North Africa")
