"""ASGI entry point: HTTP through Django, websockets through Channels' router."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "salam.settings")
# Django must be set up before anything imports models.
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from salam import close_codes  # noqa: E402
from salam.routing import websocket_urlpatterns  # noqa: E402
from salam.socket_session import SocketAuthStack  # noqa: E402

close_codes.install()

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(SocketAuthStack(URLRouter(websocket_urlpatterns))),
    }
)
