"""The call's pure rules: which rooms have calls, who may join with what, the signalling
window, and the ICE servers a join hands out."""

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


@pytest.mark.parametrize(
    ("now", "window"),
    [(100.0, (10, 10)), (109.2, (10, 1)), (109.99, (10, 1)), (110.0, (11, 10)), (104.5, (10, 6))],
)
def test_the_signalling_window_says_when_it_ends(now, window):
    assert rules.signal_window(now=now, seconds=10) == window


def test_the_signalling_window_is_generous_for_a_mesh_of_four_restarting_ice():
    # Three connections, each an offer or answer and some 30 candidates, twice (an ICE restart).
    assert rules.SIGNAL_PER_WINDOW >= 3 * 31 * 2


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
