from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from rooms.models import PairingRequest
from rooms.pairing import services

pytestmark = pytest.mark.django_db


def test_tick_runs_the_due_work_of_every_app(participant, capsys):
    services.request_pairing(actor=participant, now=timezone.now() - dt.timedelta(minutes=11))
    call_command("tick")
    output = capsys.readouterr().out
    assert "'pairing_requests_expired': 1" in output
    assert PairingRequest.objects.get().status == "expired"
