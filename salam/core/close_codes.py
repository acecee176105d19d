"""Let daphne send the server close codes the room protocol uses: 1009, 1011, 1012, 1013.

RFC 6455 (section 7.4.1) and the IANA registry define 1009 (message too big), 1011 (internal
error), 1012 (service restart) and 1013 (try again later) for servers. autobahn, under daphne,
accepts only 1000 and 3000-4999 from application code in `sendClose` and raises on the rest, so
an ASGI `websocket.close` with 1012 would leave the socket open. For those four codes we send the
close frame through autobahn's own `sendCloseFrame`, which `sendClose` calls after its check.
tests/rooms/test_faults.py proves it against a real daphne.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

SERVER_CLOSE_CODES = frozenset({1009, 1011, 1012, 1013})

# The application's own codes (rooms/PROTOCOL.md): 44xx mirror the HTTP answers.
CLOSE_TOO_BIG = 1009
CLOSE_LAYER_LOST = 1012  # service restart: reconnect and resume
CLOSE_TRY_LATER = 1013
CLOSE_NOT_SIGNED_IN = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_NOT_FOUND = 4404
CLOSE_TOO_MANY_SOCKETS = 4429  # this person holds as many sockets as allowed: close one first


def too_many_sockets() -> str:
    """What a page says when its socket was closed with 4429 (it does not reconnect on it)."""
    return _(
        "This account has too many connections open. Close this page in another tab or "
        "window, then reload this one."
    )


def install() -> None:
    """Patch daphne's server-side close once per process; a no-op without daphne."""
    try:
        from daphne.ws_protocol import WebSocketProtocol
    except ImportError:  # another ASGI server: nothing to widen
        return
    original = WebSocketProtocol.serverClose
    if getattr(original, "salam_close_codes", False):
        return

    def server_close(self, code: int | None = None) -> None:
        if code in SERVER_CLOSE_CODES:
            self.sendCloseFrame(code=code, isReply=False)
        else:
            original(self, code)

    server_close.salam_close_codes = True  # type: ignore[attr-defined]  # marks the patch
    WebSocketProtocol.serverClose = server_close
