"""Choice lists the whole clearinghouse shares (library, journal, forum)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PolicyArea(models.TextChoices):
    """The three policy areas of the Migration and Integration clearinghouse."""

    SOCIO_ECONOMIC = "socio-economic", _("Socio-economic integration")
    LEGAL_POLITICAL = "legal-political", _("Legal and political integration")
    CULTURAL = "cultural", _("Cultural integration")
