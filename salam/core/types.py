"""Type aliases shared by every app."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

# Whoever makes a request: a signed-in person or an anonymous visitor.
AnyUser = AbstractBaseUser | AnonymousUser
