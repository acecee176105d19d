"""The websocket entry: origin check, route and sign-in, with nothing left on the stack.

A room holds thousands of sockets for hours. Channels' usual stack (ProtocolTypeRouter,
AllowedHostsOriginValidator, the cookie, session and user middlewares, URLRouter, `as_asgi`)
is a chain of coroutines that each await the next for the socket's whole life, each with its
own copy of the scope: several KiB per socket. Here the checks that need no database run
before the socket's coroutine starts, with Channels' origin validator and Django's URL
resolver, and hand back the consumer's coroutine itself; the consumer then signs the person
in (`sign_in`, with Channels' own `get_user`) on its one scope.
"""

from __future__ import annotations

from importlib import import_module
from urllib.parse import urlparse

from channels.auth import get_user
from channels.security.websocket import AllowedHostsOriginValidator, WebsocketDenier
from django.conf import settings
from django.http.cookie import parse_cookie
from django.urls import URLResolver
from django.urls.resolvers import RegexPattern


class SocketEntry:
    """An ASGI application for websockets: a foreign Origin is denied at the handshake, a
    path no route knows raises (as Channels' URLRouter does), and a known one runs its
    consumer with `url_route` in the scope."""

    _asgi_single_callable = True  # a plain callable that returns the coroutine to run

    def __init__(self, patterns: list) -> None:
        self.origins = AllowedHostsOriginValidator(None)
        self.resolver = URLResolver(RegexPattern(r"^/"), patterns)

    def __call__(self, scope: dict, receive, send):
        if scope["type"] != "websocket":
            raise ValueError(f"{scope['type']} is not a websocket")
        if not self.origins.valid_origin(_origin(scope)):
            return WebsocketDenier()(scope, receive, send)
        path = scope["path"][len(scope.get("root_path", "")) :]
        match = self.resolver.resolve(path)  # Resolver404 when nothing matches
        # as_asgi() hands back a function that carries its consumer class and arguments
        consumer = match.func.consumer_class(**match.func.consumer_initkwargs)  # type: ignore[attr-defined]
        # The scope is this connection's alone and nothing else reads it: add to it rather
        # than copy it (a copy per socket, held for the socket's life, is most of a KiB).
        scope["url_route"] = {"args": match.args, "kwargs": match.kwargs}
        return consumer(scope, receive, send)


def _origin(scope: dict):
    for name, value in scope.get("headers", ()):
        if name == b"origin":
            try:
                return urlparse(value.decode("latin1"))
            except ValueError:  # "http://[" and the like: no origin, so denied
                return None
    return None


async def sign_in(scope: dict) -> None:
    """Put `cookies`, `session` and `user` in the scope, as Channels' AuthMiddlewareStack
    does, but read-only: a socket never saves its session (the cookie went with the
    handshake). The session's data is dropped once the user is known; only its key is kept."""
    header = b"; ".join(value for name, value in scope.get("headers", ()) if name == b"cookie")
    scope["cookies"] = cookies = parse_cookie(header.decode("latin1"))
    store = import_module(settings.SESSION_ENGINE).SessionStore
    scope["session"] = session = store(session_key=cookies.get(settings.SESSION_COOKIE_NAME))
    scope["user"] = await get_user(scope)  # a database_sync_to_async function
    session.__dict__.pop("_session_cache", None)  # loaded again if anything ever reads it
