"""The People's Choice vote: cast and withdraw, one vote per verified account per edition."""

from __future__ import annotations

import datetime as dt

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from salam.contest import votes
from salam.contest.errors import Conflict, Invalid
from salam.contest.models import Edition, Entry, Vote, VoteLog
from salam.contest.permissions import in_gallery
from salam.core.ratelimit import hit
from salam.core.types import Person


class RateLimited(Invalid):
    code = "rate_limited"
    status = 429


def _rate_limit(voter: Person, network: str, now: dt.datetime) -> None:
    minute = int(now.timestamp() // 60)
    limit = settings.CONTEST_VOTE_RATE_PER_MINUTE
    if (
        hit(f"contest.vote.p{voter.pk}.{minute}", timeout=120) > limit
        or hit(f"contest.vote.n{network}.{minute}", timeout=120) > limit
    ):
        raise RateLimited(_("Too many votes at once; try again in a minute."))


def network_of(address: str) -> str:
    return votes.network_hash(address or "unknown", secret=settings.SECRET_KEY)


def cast_vote(entry: Entry, *, voter: Person, address: str, now: dt.datetime) -> Vote:
    """One vote per verified account per edition, backed by the one_vote_per_edition
    constraint: of many casts at once by one account, one counts and the others are refused."""
    edition = entry.edition
    network = network_of(address)
    _rate_limit(voter, network, now)
    refused = votes.refusal(
        now=now,
        opens_at=edition.vote_opens_at,
        closes_at=edition.vote_closes_at,
        verified=EmailAddress.objects.filter(user=voter, verified=True).exists(),
        entry_in_gallery=in_gallery(entry, now),
        own_entry=entry.entrant_id == voter.pk,
    )
    if refused is not None:
        raise Invalid(refused.reason, code=refused.code)
    try:
        with transaction.atomic():
            vote = Vote.objects.create(
                edition=edition, voter=voter, entry=entry, network=network, cast_at=now
            )
            VoteLog.objects.create(
                edition=edition,
                voter=voter,
                entry=entry,
                action=VoteLog.Action.CAST,
                network=network,
                at=now,
            )
    except IntegrityError as error:
        raise Conflict(
            _("You have already voted in this edition; withdraw that vote first."),
            code="already_voted",
        ) from error
    return vote


def withdraw_vote(edition: Edition, *, voter: Person, address: str, now: dt.datetime) -> int:
    """Withdraw the person's vote while the vote is open; returns how many were withdrawn."""
    network = network_of(address)
    _rate_limit(voter, network, now)
    if not votes.may_withdraw(now=now, closes_at=edition.vote_closes_at):
        raise Invalid(_("The vote has closed; votes can no longer be withdrawn."), code="closed")
    with transaction.atomic():
        vote = Vote.objects.select_for_update().filter(edition=edition, voter=voter).first()
        if vote is None:
            return 0
        VoteLog.objects.create(
            edition=edition,
            voter=voter,
            entry_id=vote.entry_id,
            action=VoteLog.Action.WITHDRAW,
            network=network,
            at=now,
        )
        vote.delete()
    return 1
