"""Who may search what. The index holds public content only (published articles, library
entries, visible forum threads), so everyone, signed in or not, may search all of it; the
apps keep anything private out of the index in the first place."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from salam.search.models import Document


def searchable_kinds(user: AbstractBaseUser | AnonymousUser) -> list[str]:
    return list(Document.Kind.values)
