"""`/ws/moderation/`: the moderation dashboard's live updates (rooms/PROTOCOL.md)."""

from __future__ import annotations

from typing import ClassVar

from channels.db import database_sync_to_async

from salam.core.close_codes import CLOSE_FORBIDDEN
from salam.core.frames import encode
from salam.core.hubsocket import HubSocket
from salam.core.realtime import user_group
from salam.moderation import frames, selectors
from salam.moderation.realtime import MODERATORS_GROUP


class ModerationConsumer(HubSocket):
    """Live updates for the dashboard, within the places this person moderates."""

    async def connect(self) -> None:
        await self.accept()
        self.moderates = await database_sync_to_async(selectors.scope_of)(self.scope["user"])
        if not self.moderates.any:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        if await self.follow(MODERATORS_GROUP, user_group(self.scope["user"].pk)):
            await self.send(text_data=encode(frames.Hello()))

    async def disconnect(self, code: int) -> None:
        await self.leave_hub()

    commands: ClassVar[dict] = {}  # it only listens

    async def access_changed(self) -> None:
        """The person's roles changed: watch what they moderate now, or nothing at all."""
        if getattr(self, "moderates", None) is None:  # still connecting
            return
        self.moderates = await database_sync_to_async(selectors.scope_of)(self.scope["user"])
        if not self.moderates.any:
            await self.close(code=CLOSE_FORBIDDEN)

    async def hub_deliver(self, group: str, event: dict, text: str) -> None:
        if await self.account_event(event):
            return
        if group == MODERATORS_GROUP and self.moderates.covers(event.get("context", "")):
            await self.send(text_data=text)
