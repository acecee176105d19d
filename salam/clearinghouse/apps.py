from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClearinghouseConfig(AppConfig):
    """The core the library, journal and forum share, so that none of them imports another."""

    name = "salam.clearinghouse"
    label = "clearinghouse"
    verbose_name = _("Clearinghouse")
