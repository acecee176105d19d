"""ASGI entry point: HTTP through Django (bodies bounded by salam.request_limits), websockets
through salam.core.sockets."""

import gc
import os
import sys

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "salam.settings")
# Django must be set up before anything imports models.
django_asgi_app = get_asgi_application()

from salam.core import close_codes  # noqa: E402
from salam.core.sockets import SocketEntry, install_denial_response  # noqa: E402
from salam.request_limits import BodyLimit, install_server_guard  # noqa: E402
from salam.routing import websocket_urlpatterns  # noqa: E402

close_codes.install()
install_denial_response()
install_server_guard()
websocket_app = SocketEntry(websocket_urlpatterns)
http_app = BodyLimit(django_asgi_app)


def application(scope: dict, receive, send):
    """Dispatch on the protocol, as Channels' ProtocolTypeRouter does, but hand back the
    application's coroutine instead of awaiting it: no frame of ours outlives the call."""
    if scope["type"] == "websocket":
        return websocket_app(scope, receive, send)
    return http_app(scope, receive, send)


# Channels reads this mark on a plain function (a function attribute, hence the ignore).
application._asgi_single_callable = True  # type: ignore[attr-defined]


def tune_garbage_collector() -> None:
    """Garbage collection pauses were the tail of room latency: a full collection walks every
    live object (thousands of sockets' worth) while the fan-out waits. Freeze what startup
    created and collect the young generation less often (the benchmark's p99 at 1,000 sockets
    fell 4x). For a long-lived server only: a test process keeps Python's defaults."""
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)


def tune_at_server_start() -> None:
    """With SALAM_GC_TUNING on, tune once daphne's reactor starts serving (after the
    application and the server are built, so that both are frozen). The reactor exists in
    any process that loaded Django (the daphne app installs it) but runs only in a server:
    importing this module, as tests do, changes nothing."""
    from django.conf import settings

    reactor = sys.modules.get("twisted.internet.reactor")
    if settings.SALAM_GC_TUNING and reactor is not None:
        reactor.callWhenRunning(tune_garbage_collector)


tune_at_server_start()
