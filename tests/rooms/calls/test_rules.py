"""The call's pure rules: which rooms have calls, who may join with what, the signalling
bucket, and the ICE servers a join hands out."""

from __future__ import annotations

import pytest

from rooms.calls import rules


@pytest.mark.parametrize(
    ("kind", "state", "available"),
    [
        ("pair", "open", True),
        ("pair", "locked", True),
        ("pair", "archived", False),
        ("cafe", "open", False),
        ("session", "open", False),
    ],
)
def test_only_pair_and_small_group_rooms_have_calls(kind, state, available):
    assert rules.call_available(kind=kind, state=state) is available


BASE = {"available": True, "member": True, "others_in_call": 1, "mesh_max": 4, "muted": False}


@pytest.mark.parametrize(
    ("changes", "refusal"),
    [
        ({}, None),
        ({"available": False}, "call_unavailable"),
        ({"available": False, "member": False}, "call_unavailable"),
        ({"member": False}, "forbidden"),
        ({"muted": True}, "forbidden"),  # with the microphone
        ({"others_in_call": 4}, "call_full"),
        ({"others_in_call": 3}, None),
        ({"others_in_call": 2, "mesh_max": 2}, "call_full"),
    ],
)
def test_who_may_join(changes, refusal):
    assert rules.join_refusal(**{**BASE, **changes}, audio=True) == refusal


def test_a_muted_member_may_join_with_the_camera_only():
    assert rules.join_refusal(**{**BASE, "muted": True}, audio=False) is None


def test_the_bucket_allows_a_burst_then_its_rate():
    bucket, allowed = None, []
    for _ in range(12):
        bucket, ok = rules.take(bucket, now=100.0, burst=10, per_second=2)
        allowed.append(ok)
    assert allowed == [True] * 10 + [False] * 2
    bucket, ok = rules.take(bucket, now=100.5, burst=10, per_second=2)  # one token back
    assert ok
    bucket, ok = rules.take(bucket, now=100.5, burst=10, per_second=2)
    assert not ok
    bucket, ok = rules.take(bucket, now=1000.0, burst=10, per_second=2)  # never above the burst
    assert ok and bucket.tokens == 9


def test_no_settings_give_host_candidates_only():
    servers = rules.ice_servers(
        stun_urls=[], turn_urls=[], turn_secret="", user_id=1, now=0.0, ttl=3600
    )
    assert servers == []


def test_turn_needs_its_secret_and_gets_fresh_credentials():
    stun = ["stun:turn.example.org:3478"]
    turn = ["turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:443?transport=tcp"]
    assert rules.ice_servers(
        stun_urls=stun, turn_urls=turn, turn_secret="", user_id=1, now=0.0, ttl=3600
    ) == [{"urls": stun}]
    servers = rules.ice_servers(
        stun_urls=stun, turn_urls=turn, turn_secret="s3cret", user_id=7, now=1_700_000_000, ttl=60
    )
    username, credential = rules.turn_credentials(
        user_id=7, now=1_700_000_000, secret="s3cret", ttl=60
    )
    assert username == "1700000060:7"
    assert servers == [
        {"urls": stun},
        {"urls": turn, "username": username, "credential": credential},
    ]
