"""A change of a room membership's powers reaches the person's open sockets.

A membership's role changes through our services, the admin or a `save()` anywhere; each way
ends in these signals, which ask every socket of the person to re-decide its powers
(salam.people.services.recheck_access): a moderator demoted stops moderating at once, and a
moderator whose membership is deleted leaves a members-only room. A ban or the end of a
participant's membership by the services already tells the person and closes the sockets
(`banned`, `removed`); the same by a whole save (the admin) re-decides them here.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from rooms.models import Membership
from salam.people import services as people_services

POWER_FIELDS = frozenset({"role"})


def _membership_saved(sender, instance: Membership, created=False, update_fields=None, **kw):
    if created and instance.role == Membership.Role.PARTICIPANT and not instance.banned:
        return  # a plain join gives no power
    if update_fields is None or POWER_FIELDS & set(update_fields):
        people_services.recheck_access([instance.user_id])


def _membership_deleted(sender, instance: Membership, **kwargs) -> None:
    if instance.role == Membership.Role.MODERATOR:
        people_services.recheck_access([instance.user_id])


def connect() -> None:
    """Called once from RoomsConfig.ready()."""
    post_save.connect(_membership_saved, sender=Membership, dispatch_uid="rooms.membership.saved")
    post_delete.connect(
        _membership_deleted, sender=Membership, dispatch_uid="rooms.membership.deleted"
    )
