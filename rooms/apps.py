from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoomsConfig(AppConfig):
    name = "rooms"
    verbose_name = _("Rooms")

    def ready(self) -> None:
        from rooms import signals
        from rooms.calls import services as calls
        from rooms.chat.services import presence
        from rooms.moderation import reported
        from salam.core import hub

        hub.on_keep_alive(presence.keep_alive)
        hub.on_keep_alive(calls.keep_alive)  # after presence's: its sweep sees who is gone
        reported.register()
        signals.connect()
