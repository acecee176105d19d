from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestConfig(AppConfig):
    name = "salam.contest"
    label = "contest"
    verbose_name = _("Youth Images of Migration")

    def ready(self) -> None:
        from salam.contest import reported

        reported.register()
