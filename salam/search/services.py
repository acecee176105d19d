"""The only writer of the search index. Each app's services call these after their writes."""

from __future__ import annotations

from datetime import datetime

from django.contrib.postgres.search import SearchVector
from django.db import connection, models, transaction
from django.db.models import F
from django.db.models.expressions import CombinedExpression

from salam.search.configs import config_for
from salam.search.models import Document
from salam.search.snippets import strip_markers

MAX_BODY = 100_000  # a tsvector holds at most 1 MB; this keeps far below it


def on_postgres() -> bool:
    return connection.vendor == "postgresql"


def vector_expression() -> CombinedExpression:
    """Title words weigh more (A) than text words (B); each row stems in its own language."""
    return SearchVector("title", weight="A", config=F("search_config")) + SearchVector(
        "body", weight="B", config=F("search_config")
    )


def refresh_vectors(documents: models.QuerySet[Document] | None = None) -> int:
    """Recompute the stored vectors (PostgreSQL only; SQLite searches the text itself)."""
    if not on_postgres():
        return 0
    documents = Document.objects.all() if documents is None else documents
    return documents.update(search_vector=vector_expression())


@transaction.atomic
def index_document(
    *,
    kind: str,
    object_id: int,
    language: str,
    title: str,
    body: str,
    url: str,
    updated_at: datetime,
) -> Document:
    """Create or replace the index row of one piece of public content."""
    document, _ = Document.objects.update_or_create(
        kind=kind,
        object_id=object_id,
        defaults={
            "language": language,
            "search_config": config_for(language),
            "title": strip_markers(title)[:300],
            "body": strip_markers(body)[:MAX_BODY],
            "url": url,
            "updated_at": updated_at,
        },
    )
    refresh_vectors(Document.objects.filter(pk=document.pk))
    return document


@transaction.atomic
def remove_document(*, kind: str, object_id: int) -> int:
    """Take content out of the index (unpublished, deleted); returns how many rows went."""
    deleted, _ = Document.objects.filter(kind=kind, object_id=object_id).delete()
    return deleted
