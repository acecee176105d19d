"""Who is on a websocket: the session cookie, the session and the user, in one middleware.

Channels' AuthMiddlewareStack nests three middlewares (cookies, session, user), each copying
the scope and staying on the stack for the socket's whole life, and its session middleware
wraps every outgoing frame to save a modified session, which a socket never does (the cookie
went with the handshake). A room holds thousands of sockets and fans out thousands of frames
a second, so this reads the same three things once, with Channels' own `get_user` (session
hash verification included), and leaves `send` alone.
"""

from __future__ import annotations

from importlib import import_module

from channels.auth import UserLazyObject, get_user
from django.conf import settings
from django.http.cookie import parse_cookie


class SocketAuthMiddleware:
    """Put `cookies`, `session` (read-only) and `user` in the scope."""

    def __init__(self, inner) -> None:
        self.inner = inner

    async def __call__(self, scope, receive, send):
        cookie_header = b"; ".join(
            value for name, value in scope.get("headers", ()) if name == b"cookie"
        )
        cookies = parse_cookie(cookie_header.decode("latin1"))
        store = import_module(settings.SESSION_ENGINE).SessionStore
        scope = dict(
            scope,
            cookies=cookies,
            session=store(session_key=cookies.get(settings.SESSION_COOKIE_NAME)),
            user=UserLazyObject(),
        )
        scope["user"]._wrapped = await get_user(scope)  # a database_sync_to_async function
        return await self.inner(scope, receive, send)
