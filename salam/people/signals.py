"""Sockets must not outlive the grounds they were opened on.

Whatever changes a person's account, password, session or roles, by whichever path (our
services, Django's user and group admin, `user.save()` anywhere, `clearsessions`), comes
through one of Django's own signals, so the sockets are told here and nowhere else:

- account deactivated or deleted, a session row deleted, a sign-out: `session.ended`, the
  sockets of that login (or of every login) close with 4401;
- password, superuser or staff flag, groups, a group's or a person's permissions changed:
  `access.changed`, each socket signs in again from its session (comparing the session's auth
  hash with the account's as Django's `get_user` does) and re-decides its powers.

The events go out on the person's `user.<id>` group after commit (salam.people.services), so
every server process's hub delivers them. Apps above (rooms' memberships, events' feeds) hook
their own rows in through `recheck_access` and `person_deactivated`.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model, user_logged_in, user_logged_out
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import Signal

from salam.people import services
from salam.people.selectors import site_language

User = get_user_model()

# Sent after an account goes from active to inactive, with `user`: apps above revoke what
# served the person without a sign-in (events' agenda feed tokens).
person_deactivated = Signal()

_WATCHED = ("is_active", "password", "is_superuser", "is_staff")


def _before_user_save(sender, instance, update_fields=None, **kwargs) -> None:
    if instance.pk is None or (update_fields is not None and not set(_WATCHED) & update_fields):
        instance._salam_before = None  # a new account, or a save of other fields (last_login)
        return
    instance._salam_before = User.objects.filter(pk=instance.pk).values(*_WATCHED).first()


def _after_user_save(sender, instance, created=False, **kwargs) -> None:
    before = getattr(instance, "_salam_before", None)
    instance._salam_before = None
    if created or before is None:
        return
    if before["is_active"] and not instance.is_active:
        services.end_sessions(instance.pk)
        person_deactivated.send(sender=User, user=instance)
    elif any(before[field] != getattr(instance, field) for field in _WATCHED):
        services.recheck_access([instance.pk])


def _after_user_delete(sender, instance, **kwargs) -> None:
    services.end_sessions(instance.pk)


def _session_deleted(sender, instance: Session, **kwargs) -> None:
    user_id = instance.get_decoded().get("_auth_user_id")
    if user_id is not None and str(user_id).isdigit():
        services.end_sessions(int(user_id), session_key=instance.session_key)


def _signed_out(sender, request=None, user=None, **kwargs) -> None:
    # Every sign-out (allauth's, the admin's) goes through django.contrib.auth.logout, which
    # sends this before it flushes the session; with the database session engine the row's
    # deletion says it again, and a socket closes once.
    if user is not None and request is not None:
        services.end_sessions(user.pk, session_key=request.session.session_key)


def _signed_in(sender, request=None, user=None, **kwargs) -> None:
    # A person who never chose a language keeps the one they signed in with (LocaleMiddleware's
    # pick: their cookie or browser) for their notices and mails; a chosen one wins from now on
    # (salam.people.middleware). A login without a request through the middleware sets none.
    language = site_language(getattr(request, "LANGUAGE_CODE", None))
    if user is not None and language is not None:
        services.set_preferred_language(user, language=language, if_unset=True)


def _users_of_groups(group_ids) -> list[int]:
    return list(User.objects.filter(groups__in=group_ids).values_list("pk", flat=True))


def _user_groups_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """user.groups and user.user_permissions, from either side."""
    if action == "pre_clear" and reverse:  # group.user_set.clear(): who is in it, before
        instance._salam_members = list(instance.user_set.values_list("pk", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        services.recheck_access([instance.pk])
    elif action == "post_clear":
        services.recheck_access(getattr(instance, "_salam_members", []))
    else:
        services.recheck_access(pk_set or ())


def _user_permissions_cleared(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if action == "pre_clear" and reverse:  # permission.user_set.clear()
        instance._salam_members = list(instance.user_set.values_list("pk", flat=True))
        return
    _user_groups_changed(sender, instance, action, reverse, pk_set, **kwargs)


def _group_permissions_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """group.permissions (or permission.group_set): everyone in the groups concerned."""
    if action == "pre_clear":
        instance._salam_groups = (
            list(instance.group_set.values_list("pk", flat=True)) if reverse else [instance.pk]
        )
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if action == "post_clear":
        groups = getattr(instance, "_salam_groups", [])
    else:
        groups = list(pk_set or ()) if reverse else [instance.pk]
    services.recheck_access(_users_of_groups(groups))


def _before_group_delete(sender, instance, **kwargs) -> None:
    instance._salam_members = list(instance.user_set.values_list("pk", flat=True))


def _after_group_delete(sender, instance, **kwargs) -> None:
    services.recheck_access(getattr(instance, "_salam_members", []))


def connect() -> None:
    """Called once from PeopleConfig.ready()."""
    uid = "salam.people.signals"
    pre_save.connect(_before_user_save, sender=User, dispatch_uid=f"{uid}.pre_save")
    post_save.connect(_after_user_save, sender=User, dispatch_uid=f"{uid}.post_save")
    post_delete.connect(_after_user_delete, sender=User, dispatch_uid=f"{uid}.user_delete")
    post_delete.connect(_session_deleted, sender=Session, dispatch_uid=f"{uid}.session")
    user_logged_out.connect(_signed_out, dispatch_uid=f"{uid}.logout")
    user_logged_in.connect(_signed_in, dispatch_uid=f"{uid}.login")
    m2m_changed.connect(
        _user_groups_changed, sender=User.groups.through, dispatch_uid=f"{uid}.groups"
    )
    m2m_changed.connect(
        _user_permissions_cleared,
        sender=User.user_permissions.through,
        dispatch_uid=f"{uid}.user_permissions",
    )
    m2m_changed.connect(
        _group_permissions_changed,
        sender=Group.permissions.through,
        dispatch_uid=f"{uid}.group_permissions",
    )
    pre_delete.connect(_before_group_delete, sender=Group, dispatch_uid=f"{uid}.group_pre")
    post_delete.connect(_after_group_delete, sender=Group, dispatch_uid=f"{uid}.group_post")
