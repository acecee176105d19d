"""The room page's moderator forms `/rooms/<slug>/moderate/`."""

from __future__ import annotations

import pytest

from rooms.chat import services as chat_services
from rooms.models import Membership
from salam.moderation.models import ModerationAction

pytestmark = pytest.mark.django_db


def test_the_room_page_forms_moderate_and_refuse_participants(
    client, welcome, moderator, participant
):
    chat_services.add_member(welcome, user=participant)
    client.force_login(participant)
    client.post("/rooms/welcome/moderate/", {"action": "lock"})
    welcome.refresh_from_db()
    assert welcome.state == "open"
    client.force_login(moderator)
    client.post("/rooms/welcome/moderate/", {"action": "lock", "reason": "break"})
    welcome.refresh_from_db()
    assert welcome.state == "locked"


def test_organisers_assign_room_moderators_from_the_room_page(client, welcome, organiser, outsider):
    client.force_login(organiser)
    assert client.get("/rooms/welcome/").context["may_assign"] is True
    client.post("/rooms/welcome/moderate/", {"action": "assign", "username": "mallory"})
    assert Membership.objects.get(room=welcome, user=outsider).role == "moderator"
    assert ModerationAction.objects.get().action == "assign"


def test_the_room_page_forms_take_numbers_as_text(client, welcome, moderator, participant):
    chat_services.add_member(welcome, user=participant)
    client.force_login(moderator)
    client.post("/rooms/welcome/moderate/", {"action": "slow_mode", "seconds": "30"})
    client.post("/rooms/welcome/moderate/", {"action": "slow_mode", "seconds": "thirty"})
    client.post("/rooms/welcome/moderate/", {"action": "mute", "username": "alice", "minutes": ""})
    welcome.refresh_from_db()
    assert welcome.slow_mode_seconds == 30
    assert Membership.objects.get(room=welcome, user=participant).muted_until is None
    assert list(ModerationAction.objects.values_list("action", flat=True)) == ["slow_mode"]
