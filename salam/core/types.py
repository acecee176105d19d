"""Type aliases shared by every app."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User

# A person with an account (the project uses Django's own user model).
Person = User
# Whoever makes a request: a signed-in person or an anonymous visitor.
AnyUser = User | AnonymousUser
