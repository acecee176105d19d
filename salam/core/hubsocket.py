"""The base of every socket whose events come through this process's hub (salam/core/hub.py).

Laid out as socket handlers, command helpers, then hub handlers in each subclass; a subclass
names its groups with `follow` and its commands in `commands`. No frame and no command ends a
socket: a frame over 64 KiB closes it with 1009, a frame that does not fit the socket's
definitions answers `invalid`, and whatever a command raises answers an `error` frame (its
domain code, `unavailable`, or `internal`); however the socket ends, its `disconnect` runs.

A socket holds its powers only while their grounds hold (salam/people/signals.py): on
`session.ended` it closes with 4401; on `access.changed` (and when its session's expiry date
comes, by a timer set from the session's row, so at most a scheduling tick late) it signs in
again from its session, read-only, as Django's `get_user` would on the next request, and
closes with 4401 when the account, the session or the password hash no longer holds;
otherwise it takes the fresh user and re-decides its powers (`access_changed`).
"""

from __future__ import annotations

import asyncio
import contextvars
import datetime as dt
import logging
from importlib import import_module
from typing import Any, ClassVar

import msgspec
from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncWebsocketConsumer
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
from django.db import DatabaseError
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from salam.core import frames
from salam.core.close_codes import (
    CLOSE_NOT_SIGNED_IN,
    CLOSE_TOO_BIG,
    CLOSE_TOO_MANY_SOCKETS,
    CLOSE_TRY_LATER,
)
from salam.core.errors import DomainError
from salam.core.hub import get_hub
from salam.core.sockets import sign_in, socket_language

logger = logging.getLogger(__name__)

# No per-socket layer channel: an alias that names no layer makes Channels skip it.
HUB_ONLY = "hub-only (no per-socket channel)"


class HubSocket(AsyncWebsocketConsumer):
    """A socket whose events come through the hub; subclasses name their groups.

    It has no channel-layer channel of its own, so it reads only what the client sends, one
    message at a time: Channels' general loop (a task per source, `asyncio.wait`, and a thread
    hop to close old database connections before every message) costs memory and time on each
    of a room's thousands of sockets, and the database work here goes through
    `database_sync_to_async`, which closes old connections itself.
    """

    channel_layer_alias = HUB_ONLY

    async def __call__(self, scope: dict, receive, send) -> None:
        """Run the socket until it ends, and then always its `disconnect` (once): a client's
        close, a server's close, a cancelled task or an exception that escaped a handler."""
        self.scope, self.base_send, self.channel_layer = scope, send, None
        try:
            await sign_in(scope)
            # What the socket says (errors, a console's prompts) is in the person's language,
            # as the pages are; database_sync_to_async carries it into its threads.
            translation.activate(socket_language(scope))
            # Re-checks run in the socket's own context: a hub delivery may run in the context
            # of whichever sync code sent the event (async_to_sync), whose thread is gone then.
            self._context = contextvars.copy_context()
            if scope["user"].is_authenticated:
                self._watch_session(await database_sync_to_async(session_expiry)(scope["session"]))
            while True:
                message = await receive()
                await getattr(self, get_handler_name(message))(message)
        except StopConsumer:
            pass
        finally:
            self._stop_watching()
            self.release_place()
            self.closed = True
            try:
                await self.disconnect(self.close_code)
            except Exception:
                logger.exception("A socket's cleanup failed")

    close_code = 1006  # until the server says how the connection ended

    async def websocket_disconnect(self, message: dict) -> None:
        # No channel-layer groups to leave; `disconnect` runs in __call__'s finally.
        self.close_code = message.get("code", self.close_code)
        raise StopConsumer

    counted_as: int | None = None  # the person this socket counts against in this process

    async def websocket_connect(self, message: dict) -> None:
        """Refuse a person's socket beyond the per-process cap (4429), on every socket type."""
        user = self.scope["user"]
        if user.is_authenticated:
            if not get_hub().admit(user.pk, self):
                await self.accept()
                await self.close(code=CLOSE_TOO_MANY_SOCKETS)
                return
            self.counted_as = user.pk
        await super().websocket_connect(message)

    def release_place(self) -> None:
        """A closed socket no longer counts against its person's cap."""
        if self.counted_as is not None:
            get_hub().release(self.counted_as, self)
            self.counted_as = None

    groups_followed: tuple[str, ...] = ()
    closed = False
    _session_timer: asyncio.TimerHandle | None = None
    _context: contextvars.Context

    async def follow(self, *groups: str) -> bool:
        hub = get_hub()
        try:
            for group in groups:
                await hub.subscribe(group, self)
                self.groups_followed += (group,)
        except Exception:
            await self.leave_hub()
            await self.close(code=CLOSE_TRY_LATER)
            return False
        return True

    async def leave_hub(self) -> None:
        hub = get_hub()
        for group in self.groups_followed:
            await hub.unsubscribe(group, self)
        self.groups_followed = ()

    async def send_json(self, payload: frames.Frame | dict) -> None:
        if not self.closed:
            await self.send(text_data=frames.encode(payload))

    async def send_error(
        self,
        code: str,
        detail: str,
        client_id: object = None,
        *,
        retry_after: int | None = None,
        until: str | None = None,
    ) -> None:
        echo = client_id if isinstance(client_id, str) else msgspec.UNSET
        await self.send_json(
            frames.Error(
                code=code,
                detail=detail,
                client_id=echo,
                retry_after=msgspec.UNSET if retry_after is None else retry_after,
                until=msgspec.UNSET if until is None else until,
            )
        )

    # The socket's inbound frames (salam.core.frames.decoder of their union), and the
    # handler(self, frame) of each Frame class; a socket without them accepts no frame.
    inbound: ClassVar[msgspec.json.Decoder | None] = None
    commands: ClassVar[dict[type, Any]] = {}

    async def websocket_receive(self, message: dict) -> None:
        """A frame from the client, text or binary (the same JSON either way), bounded in size
        before anything reads it."""
        if self.closed:
            return
        data = message.get("text")
        if data is None:
            data = message.get("bytes") or b""
        if frames.too_big(data):
            await self.close(code=CLOSE_TOO_BIG)
            return
        await self.receive_frame(data)

    # The text of the frame whose command is running (a command that decodes a frame within
    # the frame, `moderate`, reads it); empty between frames, so no socket holds one.
    frame_text: str | bytes = ""

    async def receive_frame(self, data: str | bytes) -> None:
        """Decode a frame and run its command; whatever fails answers an error frame, and the
        socket stays open and usable."""
        try:
            if self.inbound is None:
                raise frames.InvalidFrame(_("Unknown frame type."))
            frame = frames.decode(self.inbound, data)
        except frames.InvalidFrame as invalid:
            await self.send_error("invalid", _misfit(invalid), frames.client_id_of(data))
            return
        client_id = getattr(frame, "client_id", None)
        self.frame_text = data
        try:
            await self.commands[type(frame)](self, frame)
        except frames.InvalidFrame as invalid:  # a frame within the frame (moderate)
            await self.send_error("invalid", _misfit(invalid), client_id)
        except DomainError as error:
            await self.send_error(
                error.code,
                error.detail,
                client_id,
                retry_after=error.retry_after,
                until=error.until,
            )
        except DatabaseError:
            await self.send_error(
                "unavailable", _("The server cannot store this now; try again."), client_id
            )
        except Exception:
            logger.exception("A %s command failed", type(frame).__name__)
            await self.send_error(
                "internal", _("Something went wrong on the server; try again."), client_id
            )
        finally:
            self.frame_text = ""

    async def close(self, code: int | bool | None = None, reason: str | None = None) -> None:
        self.closed = True
        self._stop_watching()
        self.release_place()
        await super().close(code=code, reason=reason)

    async def hub_lost(self, code: int) -> None:
        self.groups_followed = ()
        await self.close(code=code)

    async def session_ended(self, event: dict) -> bool:
        """Close when this login was signed out (or the account deactivated)."""
        session = self.scope.get("session")
        key = getattr(session, "session_key", None)
        if event.get("session_key") in (None, key):
            await self.close(code=CLOSE_NOT_SIGNED_IN)
            return True
        return False

    # ---- the grounds of the socket's powers ------------------------------------------------

    async def account_event(self, event: dict) -> bool:
        """Handle `session.ended` and `access.changed` (on `user.<id>`, which every socket of
        a signed-in person follows); returns whether `event` was one of them."""
        kind = event.get("type")
        if kind == "session.ended":
            await self.session_ended(event)
            return True
        if kind == "access.changed":
            # In a task of its own: the hub awaits each delivery, and this reads the database.
            self._in_background(self.recheck_access())
            return True
        return False

    async def recheck_access(self) -> None:
        """Sign in again from the session; close with 4401 when that fails, else take the
        fresh user (its current permissions) and let the subclass re-decide its powers."""
        if self.closed:
            return
        user = self.scope["user"]
        session = self.scope["session"]
        fresh, expiry = await database_sync_to_async(signed_in_again)(
            getattr(session, "session_key", None), user.pk
        )
        if self.closed:
            return
        if fresh is None:
            await self.close(code=CLOSE_NOT_SIGNED_IN)
            return
        self.scope["user"] = fresh
        await self.access_changed()
        if not self.closed:
            self._watch_session(expiry)

    async def access_changed(self) -> None:
        """Re-decide this socket's powers for `self.scope["user"]` (freshly loaded): close, or
        tell the person what they lost. Subclasses with powers beyond signing in override it."""

    def _watch_session(self, expiry: dt.datetime | None) -> None:
        self._stop_watching()
        delay = 0.0 if expiry is None else (expiry - timezone.now()).total_seconds()
        self._session_timer = asyncio.get_running_loop().call_later(
            max(delay, 0.0), self._session_due
        )

    def _session_due(self) -> None:
        self._session_timer = None
        if not self.closed:
            self._in_background(self.recheck_access())

    def _in_background(self, check: Any) -> None:
        task = asyncio.get_running_loop().create_task(check, context=self._context.copy())
        _checks.add(task)
        task.add_done_callback(_check_done)

    def _stop_watching(self) -> None:
        if self._session_timer is not None:
            self._session_timer.cancel()
            self._session_timer = None


_checks: set[asyncio.Future] = set()  # re-checks under way, held so that none is collected


def _check_done(task: asyncio.Future) -> None:
    _checks.discard(task)
    if not task.cancelled() and task.exception() is not None:
        logger.warning("could not re-check a socket's access", exc_info=task.exception())


def _session_store(session_key: str | None):
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=session_key)


def session_expiry(session) -> dt.datetime | None:
    """When the session's stored row expires (None when it is gone). Session stores without
    a row (cache, signed cookies) give their longest life from now, when it is looked at again."""
    key = getattr(session, "session_key", None)
    if not key:
        return None
    model_class = getattr(session, "get_model_class", None)
    if model_class is None:
        return timezone.now() + dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    return (
        model_class()
        .objects.filter(session_key=key, expire_date__gt=timezone.now())
        .values_list("expire_date", flat=True)
        .first()
    )


def signed_in_again(session_key: str | None, user_id: object) -> tuple[Any, dt.datetime | None]:
    """The account `session_key` still signs in (active, and the session's auth hash matches
    the account's current one, or one made with a fallback secret, as in Django's `get_user`),
    freshly loaded, with the session's expiry; (None, None) when it no longer does. Reads
    only: whatever is stale is the next HTTP request's to flush."""
    store = _session_store(session_key)
    try:
        if str(store[SESSION_KEY]) != str(user_id):
            return None, None
        backend_path = store[BACKEND_SESSION_KEY]
    except KeyError:  # expired, deleted or signed out
        return None, None
    if backend_path not in settings.AUTHENTICATION_BACKENDS:
        return None, None
    user = load_backend(backend_path).get_user(user_id)  # None when inactive or deleted
    session_hash = store.get(HASH_SESSION_KEY)
    if user is None or not session_hash:
        return None, None
    hashes = [user.get_session_auth_hash(), *user.get_session_auth_fallback_hash()]
    if not any(constant_time_compare(session_hash, known) for known in hashes):
        return None, None
    expiry = session_expiry(store)
    return (user, expiry) if expiry is not None else (None, None)


def _misfit(invalid: frames.InvalidFrame) -> str:
    """The `invalid` error's detail: translated, then msgspec's words naming the field."""
    return _("This frame does not fit the protocol: %(detail)s") % {"detail": invalid.detail}
