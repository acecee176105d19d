from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from rooms.models import PairingRequest
from rooms.pairing import services

pytestmark = pytest.mark.django_db


def test_tick_runs_the_due_work_of_every_app(participant, capsys):
    services.request_pairing(actor=participant, now=timezone.now() - dt.timedelta(minutes=11))
    call_command("tick")
    output = capsys.readouterr().out
    assert "pairing requests expired: 1" in output
    assert PairingRequest.objects.get().status == "expired"


def test_tick_acts_at_the_time_given(participant, capsys):
    services.request_pairing(actor=participant, now=timezone.now())
    call_command("tick", now=(timezone.now() + dt.timedelta(minutes=11)).isoformat())
    assert capsys.readouterr().out.strip() == (
        "rounds matched: 0, pairing requests expired: 1, programmes formed: 0, "
        "rooms opened: 0, reminders sent: 0, rooms archived: 0, "
        "attendance notices: 0, digests sent: 0, videos reclaimed: 0"
    )
    assert PairingRequest.objects.get().status == "expired"


@pytest.mark.parametrize(
    ("now", "message"),
    [
        ("2030-01-01T18:00", "--now needs an offset, such as 2030-01-01T18:00+00:00."),
        ("tomorrow", "--now is not an ISO 8601 time: 'tomorrow'."),
    ],
)
def test_tick_refuses_a_time_it_cannot_place_and_does_nothing(participant, now, message):
    services.request_pairing(actor=participant, now=timezone.now() - dt.timedelta(minutes=11))
    with pytest.raises(CommandError) as error:
        call_command("tick", now=now)
    assert str(error.value) == message
    assert PairingRequest.objects.get().status == "waiting"


def test_the_per_app_tick_commands_are_gone():
    with pytest.raises(CommandError):
        call_command("rooms_tick")
    with pytest.raises(CommandError):
        call_command("events_tick")
