from __future__ import annotations

import datetime as dt

import pytest

from rooms.models import Round
from rooms.pairing import services as pairing
from salam.people.models import University

STARTS = dt.datetime(2030, 12, 2, 11, 0, tzinfo=dt.UTC)


@pytest.fixture
def round_at_eleven_utc(organiser) -> Round:
    """A round starting at 11:00 UTC, which São Paulo sees at 08:00."""
    return pairing.create_round(
        actor=organiser,
        title="Tea",
        starts_at=STARTS,
        duration_minutes=45,
        pool_kind=Round.PoolKind.UNIVERSITY,
        universities=[University.objects.get(name="Boğaziçi University")],
        city=None,
        mode=Round.Mode.PAIRS,
        group_size=4,
        facilitators=[],
    )
