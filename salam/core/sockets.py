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

from http import HTTPStatus
from importlib import import_module
from urllib.parse import urlparse

from channels.auth import get_user
from channels.security.websocket import AllowedHostsOriginValidator, WebsocketDenier
from django.conf import settings
from django.http.cookie import parse_cookie
from django.urls import Resolver404, URLResolver
from django.urls.resolvers import RegexPattern
from django.utils.translation import get_language_from_request


class SocketEntry:
    """An ASGI application for websockets: a foreign Origin and a path no route knows are
    denied at the handshake, and a known path runs its consumer with `url_route` in the scope.

    An unknown path is a client's mistake, not the server's: it answers HTTP 404 through the
    ASGI denial response (`websocket.http.response`) where the server offers it (daphne does
    once `install_denial_response` ran), else `websocket.close` before accept (HTTP 403),
    and never raises (Channels' URLRouter raises, and daphne logged a traceback for each)."""

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
        try:
            match = self.resolver.resolve(path)
        except Resolver404:
            return not_found(scope, receive, send)
        # as_asgi() hands back a function that carries its consumer class and arguments
        consumer = match.func.consumer_class(**match.func.consumer_initkwargs)  # type: ignore[attr-defined]
        # The scope is this connection's alone and nothing else reads it: add to it rather
        # than copy it (a copy per socket, held for the socket's life, is most of a KiB).
        scope["url_route"] = {"args": match.args, "kwargs": match.kwargs}
        return consumer(scope, receive, send)


DENIAL_RESPONSE = "websocket.http.response"  # the ASGI extension's name in scope["extensions"]


async def not_found(scope: dict, receive, send) -> None:
    """Refuse the handshake: HTTP 404 where the server can send a denial response."""
    await receive()  # websocket.connect
    if DENIAL_RESPONSE not in (scope.get("extensions") or {}):
        await send({"type": "websocket.close"})
        return
    headers = [(b"content-type", b"text/plain; charset=utf-8")]
    await send({"type": "websocket.http.response.start", "status": 404, "headers": headers})
    await send({"type": "websocket.http.response.body", "body": b"No socket at this path.\n"})


def install_denial_response() -> None:
    """Give daphne (4.2, which lacks it) the status line of the ASGI denial response: it
    offers the extension in each websocket scope and answers `websocket.http.response.start`
    before accept with that HTTP status (headers and body are autobahn's own). Once per
    process; a no-op without daphne."""
    try:
        from autobahn.websocket.types import ConnectionDeny
        from daphne.server import Server
        from daphne.ws_protocol import WebSocketProtocol
    except ImportError:  # another ASGI server: it implements the extension or not itself
        return
    reply, create = WebSocketProtocol.handle_reply, Server.create_application
    if getattr(reply, "salam_denial_response", False):
        return

    def handle_reply(self, message: dict) -> None:
        kind = message.get("type")
        if kind == "websocket.http.response.start" and hasattr(self, "handshake_deferred"):
            status = int(message["status"])
            self.handshake_deferred.errback(ConnectionDeny(status, HTTPStatus(status).phrase))
            del self.handshake_deferred
            self.server.protocol_disconnected(self)
        elif kind != "websocket.http.response.body":  # the status line said it all
            reply(self, message)

    def create_application(self, protocol, scope: dict):
        if scope.get("type") == "websocket":
            scope.setdefault("extensions", {})[DENIAL_RESPONSE] = {}
        return create(self, protocol, scope)

    handle_reply.salam_denial_response = True  # type: ignore[attr-defined]
    WebSocketProtocol.handle_reply = handle_reply
    Server.create_application = create_application


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


class _Handshake:
    """What Django's language negotiation reads of a request, taken from a socket's scope."""

    def __init__(self, scope: dict) -> None:
        self.COOKIES = scope.get("cookies", {})
        accept = b", ".join(
            value for name, value in scope.get("headers", ()) if name == b"accept-language"
        )
        self.META = {"HTTP_ACCEPT_LANGUAGE": accept.decode("latin1")} if accept else {}


def socket_language(scope: dict) -> str:
    """The language the person reads the site in, as LocaleMiddleware decides for a page: the
    language cookie, then Accept-Language, then LANGUAGE_CODE (after `sign_in`)."""
    return get_language_from_request(_Handshake(scope))  # type: ignore[arg-type]
