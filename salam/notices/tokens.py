"""The unsubscribe link of each mail: a signed token naming one person and one kind, which works
without signing in (a mail client, or a person on another device, follows it) and cannot be
forged or turned to another kind or person."""

from __future__ import annotations

from dataclasses import dataclass

from django.core import signing

SALT = "salam.notices.unsubscribe"


@dataclass(frozen=True)
class Unsubscribe:
    user_id: int
    kind: str


def unsubscribe_token(user_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=SALT, compress=True)


def read_unsubscribe_token(token: str) -> Unsubscribe:
    """What the token names; raises signing.BadSignature for a forged or damaged one."""
    data = signing.loads(token, salt=SALT)
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        raise signing.BadSignature("not an unsubscribe token")
    if not isinstance(data.get("k"), str):
        raise signing.BadSignature("not an unsubscribe token")
    return Unsubscribe(user_id=data["u"], kind=data["k"])
