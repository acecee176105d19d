"""People's Choice rules: who may vote when, and what looks wrong in the log. Pure."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

BURST_WINDOW = dt.timedelta(minutes=10)
BURST_VOTES = 5  # this many votes from one network within the window is a burst
NEW_ACCOUNT = dt.timedelta(minutes=30)  # a vote this soon after sign-up is flagged


@dataclass(frozen=True)
class Refusal:
    code: str
    reason: str


def refusal(
    *,
    now: dt.datetime,
    opens_at: dt.datetime | None,
    closes_at: dt.datetime | None,
    verified: bool,
    entry_in_gallery: bool,
    own_entry: bool,
) -> Refusal | None:
    """Why this person may not vote for this entry now; None when they may."""
    if opens_at is None or closes_at is None or not opens_at <= now < closes_at:
        return Refusal("closed", _("The People's Choice vote is not open."))
    if not verified:
        return Refusal("unverified", _("Confirm your email address to vote."))
    if not entry_in_gallery:
        return Refusal("not_in_gallery", _("This entry is not in the gallery."))
    if own_entry:
        return Refusal("own_entry", _("You cannot vote for your own entry."))
    return None


def may_withdraw(*, now: dt.datetime, closes_at: dt.datetime | None) -> bool:
    return closes_at is not None and now < closes_at


def network_hash(address: str, *, secret: str) -> str:
    """A keyed hash of the network: IPv4 /24 or IPv6 /64, so bursts from one network show while
    no address is stored."""
    if ":" in address:
        network = ":".join(address.split(":")[:4])
    else:
        network = ".".join(address.split(".")[:3])
    return hashlib.sha256(f"{secret}:{network}".encode()).hexdigest()[:32]


@dataclass(frozen=True)
class LoggedVote:
    voter_id: int
    network: str
    at: dt.datetime
    joined_at: dt.datetime


@dataclass(frozen=True)
class Anomaly:
    code: str  # "burst" or "new_account"
    network: str
    voter_ids: tuple[int, ...]
    first: dt.datetime
    last: dt.datetime


def anomalies(log: Sequence[LoggedVote]) -> list[Anomaly]:
    """Bursts (BURST_VOTES or more votes from one network within BURST_WINDOW) and votes cast
    within NEW_ACCOUNT of the voter's sign-up."""
    found: list[Anomaly] = []
    by_network: dict[str, list[LoggedVote]] = defaultdict(list)
    for vote in sorted(log, key=lambda v: v.at):
        by_network[vote.network].append(vote)
    for network, votes in by_network.items():
        start = 0
        best: tuple[int, int] | None = None
        for end in range(len(votes)):
            while votes[end].at - votes[start].at > BURST_WINDOW:
                start += 1
            if end - start + 1 >= BURST_VOTES and (best is None or end - start > best[1] - best[0]):
                best = (start, end)
        if best is not None:
            window = votes[best[0] : best[1] + 1]
            found.append(
                Anomaly(
                    "burst", network, tuple(v.voter_id for v in window), window[0].at, window[-1].at
                )
            )
    for vote in log:
        if dt.timedelta(0) <= vote.at - vote.joined_at <= NEW_ACCOUNT:
            found.append(Anomaly("new_account", vote.network, (vote.voter_id,), vote.at, vote.at))
    return found
