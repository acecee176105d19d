from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "salam.forum"
    label = "forum"
    verbose_name = _("Forum")

    def ready(self) -> None:
        from salam.forum import reported

        reported.register()
