"""Readable, unique addresses for clearinghouse content (resources, articles, threads)."""

from __future__ import annotations

import uuid

from django.db import connection, models
from django.utils.text import slugify


def unique_slug(model: type[models.Model], text: str, *, max_length: int = 90) -> str:
    """`slugify(text)`, with -2, -3... appended when taken; a random one for unslugifiable text.

    Race-safe when called inside the transaction that inserts the row: on PostgreSQL it takes a
    transaction-level advisory lock on (table, base), so a second writer of the same title waits
    until the first commits and then sees its slug taken (no IntegrityError, no 500). SQLite
    serialises writers itself."""
    base = slugify(text, allow_unicode=False)[:max_length].strip("-") or uuid.uuid4().hex[:10]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtext(%s))", [f"{model._meta.db_table}:{base}"]
            )
    taken = set(
        model.objects.filter(slug__startswith=base).values_list("slug", flat=True)  # type: ignore[attr-defined]
    )
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"
