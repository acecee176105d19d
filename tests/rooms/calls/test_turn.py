"""The TURN credentials a join mints, against a real coturn (tests/rooms/calls/turn.py): a
fresh one allocates a relay, an expired or forged one is refused."""

from __future__ import annotations

import time

import pytest

from rooms.calls import rules

pytestmark = [pytest.mark.slow]


def test_a_minted_credential_allocates_a_relay(coturn):
    username, credential = rules.turn_credentials(
        user_id=42, now=time.time(), secret=coturn.secret, ttl=3600
    )
    result = coturn.allocate(username, credential)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Cannot complete Allocation" not in output
    assert "Total lost packets 0" in output
    assert "success" in coturn.log()  # coturn logged the allocation


@pytest.mark.parametrize(
    ("label", "now", "secret"),
    [
        ("expired", time.time() - 3700, None),  # minted over an hour ago with a TTL of an hour
        ("forged", time.time(), "not-the-secret"),
    ],
)
def test_an_expired_or_forged_credential_is_refused(coturn, label, now, secret):
    username, credential = rules.turn_credentials(
        user_id=42, now=now, secret=secret or coturn.secret, ttl=3600
    )
    result = coturn.allocate(username, credential)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Cannot complete Allocation" in output


def test_a_credential_names_its_expiry_and_person_and_signs_them():
    assert rules.turn_credentials(user_id=7, now=1_700_000_000.9, secret="s3cret", ttl=3600) == (
        "1700003600:7",
        "I7qSgR6Oddp8lEkBGN6N0F6AxGQ=",
    )
