"""`/ws/moderation/`: the moderation dashboard's live updates (rooms/PROTOCOL.md)."""

from __future__ import annotations

from typing import ClassVar

from channels.db import database_sync_to_async

from rooms import realtime
from rooms.moderation import selectors as moderation_selectors
from salam.core.close_codes import CLOSE_FORBIDDEN
from salam.core.hubsocket import HubSocket
from salam.core.realtime import user_group
from salam.people.permissions import is_global_moderator


class ModerationConsumer(HubSocket):
    """`/ws/moderation/`: live updates for the dashboard, for the rooms this person moderates."""

    async def connect(self) -> None:
        await self.accept()
        scope = await database_sync_to_async(self._scope)()
        if scope is None:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.everything, self.slugs = scope
        if await self.follow(realtime.MODERATORS_GROUP, user_group(self.scope["user"].pk)):
            await self.send_json({"type": "hello"})

    async def disconnect(self, code: int) -> None:
        await self.leave_hub()

    commands: ClassVar[dict] = {}  # it only listens

    async def hub_deliver(self, group: str, event: dict, text: str) -> None:
        if event.get("type") == "session.ended":
            await self.session_ended(event)
        elif group == realtime.MODERATORS_GROUP and (
            self.everything or event.get("room") in self.slugs
        ):
            await self.send(text_data=text)

    def _scope(self) -> tuple[bool, set[str]] | None:
        user = self.scope["user"]
        if not moderation_selectors.may_use_dashboard(user):
            return None
        slugs = set(moderation_selectors.moderated_rooms(user).values_list("slug", flat=True))
        return is_global_moderator(user), slugs
