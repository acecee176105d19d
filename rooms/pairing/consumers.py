"""`/ws/me/`: the personal socket (rooms/PROTOCOL.md): notices and pairing, wherever one is."""

from __future__ import annotations

from channels.db import database_sync_to_async

from rooms.pairing import frames
from rooms.pairing import services as pairing_services
from salam.core.close_codes import CLOSE_NOT_SIGNED_IN
from salam.core.hubsocket import HubSocket
from salam.core.realtime import user_group


class PersonalConsumer(HubSocket):
    """`/ws/me/`: what concerns one person wherever they are (notices, pairing)."""

    async def connect(self) -> None:
        await self.accept()
        user = self.scope["user"]
        if not await database_sync_to_async(lambda: user.is_authenticated and user.is_active)():
            await self.close(code=CLOSE_NOT_SIGNED_IN)
            return
        self.me = {"id": user.pk, "username": user.get_username()}
        if await self.follow(user_group(user.pk)):
            await self.send_json(frames.PersonalHello(you=frames.Me(username=self.me["username"])))

    async def disconnect(self, code: int) -> None:
        await self.leave_hub()

    async def do_pairing_request(self, frame: frames.PairingRequest) -> None:
        outcome = await database_sync_to_async(pairing_services.request_pairing)(
            actor=self.scope["user"]
        )
        if outcome.status == "waiting":
            await self.send_json(outcome.waiting or frames.PairingWaiting())
        # when paired, the `paired` event reaches both people through their user group

    async def do_pairing_cancel(self, frame: frames.PairingCancel) -> None:
        await database_sync_to_async(pairing_services.cancel_pairing)(actor=self.scope["user"])
        await self.send_json(frames.PairingCancelled())

    commands = {
        frames.PairingRequest: do_pairing_request,
        frames.PairingCancel: do_pairing_cancel,
    }
    inbound = frames.inbound_decoder

    async def hub_deliver(self, group: str, event: dict, text: str) -> None:
        if await self.account_event(event):
            return
        if not self.closed:
            await self.send(text_data=text)
