"""Who may search what. The index holds public content only (published articles, library
entries, visible forum threads), so everyone, signed in or not, may search all of it; the
apps keep anything private out of the index in the first place."""

from __future__ import annotations

from salam.core.types import AnyUser
from salam.search.models import Document


def searchable_kinds(user: AnyUser) -> list[str]:
    return list(Document.Kind.values)
