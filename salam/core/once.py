"""Creates that must happen once (per person, per form submission): a constraint holds the
rule, and this turns the losing side of a race into the winner's row instead of a 500."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db import IntegrityError, models, transaction

M = TypeVar("M", bound=models.Model)


def create_once(model: type[M], create: Callable[[], M], **lookup: Any) -> tuple[M, bool]:
    """The row matching `lookup` and False, or `create()`'s new row and True.

    `create` runs in a savepoint; a database constraint on the `lookup` fields must make a
    concurrent duplicate fail with IntegrityError, which is caught and answered with the row
    that won. Any other IntegrityError (no such row after all) is raised."""
    manager = model._default_manager
    existing = manager.filter(**lookup).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return create(), True
    except IntegrityError:
        existing = manager.filter(**lookup).first()
        if existing is None:
            raise
        return existing, False
