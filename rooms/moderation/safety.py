"""What people do to protect themselves (blocks) and what moderators filter (blocked terms)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext as _

from rooms import realtime
from rooms.errors import Forbidden, Invalid, NotFound
from rooms.models import Block, BlockedTerm, ModerationAction, Room
from rooms.permissions import is_room_moderator
from salam.people.permissions import is_global_moderator


def _hidden_event(blocker: AbstractBaseUser) -> dict:
    hidden = sorted(
        Block.objects.filter(blocker=blocker).values_list("blocked__username", flat=True)
    )
    return {"type": "blocks.changed", "hidden": hidden}


@transaction.atomic
def block_person(*, blocker: AbstractBaseUser, username: str) -> Block:
    """The blocker stops seeing the person's messages in every room and is never paired with
    them. Blocking twice changes nothing."""
    blocked = get_user_model().objects.filter(username=username).first()
    if blocked is None:
        raise NotFound(_("No such person."))
    if blocked.pk == blocker.pk:
        raise Invalid(_("You cannot block yourself."))
    block, _created = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    realtime.broadcast_on_commit(realtime.user_group(blocker.pk), _hidden_event(blocker))
    return block


@transaction.atomic
def unblock_person(*, blocker: AbstractBaseUser, username: str) -> int:
    deleted, _rows = Block.objects.filter(blocker=blocker, blocked__username=username).delete()
    realtime.broadcast_on_commit(realtime.user_group(blocker.pk), _hidden_event(blocker))
    return deleted


def _check_term_rights(actor: AbstractBaseUser, room: Room | None) -> None:
    if room is None:
        if not is_global_moderator(actor):
            raise Forbidden(_("Only global moderators keep the global word list."))
        return
    if not is_room_moderator(actor, room.memberships.filter(user=actor).first()):
        raise Forbidden(_("Only this room's moderators keep its word list."))


@transaction.atomic
def add_blocked_term(
    *, actor: AbstractBaseUser, room: Room | None, term: str, mode: str
) -> BlockedTerm:
    _check_term_rights(actor, room)
    term = " ".join(term.split())
    if not term or len(term) > 100:
        raise Invalid(_("A term has 1 to 100 characters."))
    if mode not in BlockedTerm.Mode.values:
        raise Invalid(_("Choose whether the term refuses the message or files a report."))
    blocked_term = BlockedTerm.objects.create(room=room, term=term, mode=mode, created_by=actor)
    _record_term(actor, room, f"+ {term} ({mode})")
    return blocked_term


@transaction.atomic
def remove_blocked_term(*, actor: AbstractBaseUser, blocked_term: BlockedTerm) -> None:
    _check_term_rights(actor, blocked_term.room)
    _record_term(actor, blocked_term.room, f"- {blocked_term.term}")
    blocked_term.delete()


def _record_term(actor: AbstractBaseUser, room: Room | None, change: str) -> None:
    ModerationAction.objects.create(
        action=ModerationAction.Action.TERM,
        actor=actor,
        actor_username=actor.get_username(),
        room=room,
        room_slug=room.slug if room else "",
        reason=change,
    )
