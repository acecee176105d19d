"""People's Choice rules and the anomaly report (pure)."""

from __future__ import annotations

import datetime as dt

from salam.contest import votes

NOW = dt.datetime(2026, 6, 1, 12, tzinfo=dt.UTC)
OPEN = {"opens_at": NOW - dt.timedelta(days=1), "closes_at": NOW + dt.timedelta(days=1)}


def refusal(**changes):
    values = {"now": NOW, **OPEN, "verified": True, "entry_in_gallery": True, "own_entry": False}
    values.update(changes)
    found = votes.refusal(**values)
    return found.code if found else None


def test_who_may_vote():
    assert refusal() is None
    assert refusal(verified=False) == "unverified"
    assert refusal(own_entry=True) == "own_entry"
    assert refusal(entry_in_gallery=False) == "not_in_gallery"
    assert refusal(now=OPEN["closes_at"]) == "closed"
    assert refusal(now=OPEN["opens_at"]) is None
    assert refusal(opens_at=None) == "closed"


def test_withdraw_until_the_close():
    assert votes.may_withdraw(now=NOW, closes_at=NOW + dt.timedelta(seconds=1))
    assert not votes.may_withdraw(now=NOW, closes_at=NOW)


def test_the_network_hash_groups_a_network_and_keeps_no_address():
    one = votes.network_hash("203.0.113.7", secret="s")
    assert one == votes.network_hash("203.0.113.200", secret="s")
    assert one != votes.network_hash("203.0.114.7", secret="s")
    assert "203" not in one
    assert votes.network_hash("2001:db8:1:2::5", secret="s") == votes.network_hash(
        "2001:db8:1:2::9", secret="s"
    )


def test_a_burst_from_one_network_and_new_accounts_are_reported():
    old = NOW - dt.timedelta(days=100)
    log = [votes.LoggedVote(n, "net-a", NOW + dt.timedelta(minutes=n), old) for n in range(6)]
    log += [
        votes.LoggedVote(10 + n, "net-b", NOW + dt.timedelta(minutes=30 * n), old) for n in range(6)
    ]
    log.append(votes.LoggedVote(99, "net-c", NOW, NOW - dt.timedelta(minutes=5)))
    found = votes.anomalies(log)
    assert [(a.code, a.network, a.voter_ids) for a in found] == [
        ("burst", "net-a", (0, 1, 2, 3, 4, 5)),
        ("new_account", "net-c", (99,)),
    ]
