from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    """Dialogue programmes: facilitated cohorts that meet week after week (above events)."""

    name = "events.programmes"
    label = "programmes"
    verbose_name = _("Dialogue programmes")

    def ready(self) -> None:
        from rooms import consoles

        from .console_service import CohortConsole

        consoles.register(CohortConsole())
