"""Session and user for websockets, read-only.

Channels' SessionMiddleware wraps every outgoing frame to save a modified session and set its
cookie, which a socket can never do (the cookie went with the handshake). That wrapper runs on
each of the thousands of frames a room fans out; sockets only need to know who is there.
"""

from __future__ import annotations

from importlib import import_module

from channels.auth import AuthMiddleware
from channels.sessions import CookieMiddleware
from django.conf import settings


class ReadOnlySessionMiddleware:
    """Put the session named by the cookie in scope["session"]; loaded lazily, never saved."""

    def __init__(self, inner) -> None:
        self.inner = inner

    async def __call__(self, scope, receive, send):
        store = import_module(settings.SESSION_ENGINE).SessionStore
        key = scope.get("cookies", {}).get(settings.SESSION_COOKIE_NAME)
        return await self.inner(dict(scope, session=store(session_key=key)), receive, send)


def SocketAuthStack(inner):
    return CookieMiddleware(ReadOnlySessionMiddleware(AuthMiddleware(inner)))
