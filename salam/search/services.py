"""The only writer of the search index. Each app's services call these after their writes."""

from __future__ import annotations

from datetime import datetime

from django.contrib.postgres.search import SearchVector
from django.db import connection, models, transaction
from django.db.models import F, Func
from django.db.models.expressions import CombinedExpression

from salam.search.configs import config_for
from salam.search.folding import fold, typed_words
from salam.search.models import Document, Term
from salam.search.snippets import strip_markers

MAX_BODY = 100_000  # a tsvector holds at most 1 MB; this keeps far below it
MAX_WORD = 64  # longer "words" (a URL, a hash) are never a spelling to suggest


class Unaccent(Func):
    """PostgreSQL's unaccent (migration 0003 creates the extension): over text folded in Python
    already, it still folds what Unicode does not decompose (ø, đ, ł, œ)."""

    function = "unaccent"


def on_postgres() -> bool:
    return connection.vendor == "postgresql"


def vector_expression() -> CombinedExpression:
    """Title words weigh more (A) than text words (B); each row stems in its own language.
    The vector is made of the folded text, so accents and Arabic marks do not count."""
    return SearchVector(Unaccent("title_folded"), weight="A", config=F("search_config")) + (
        SearchVector(Unaccent("body_folded"), weight="B", config=F("search_config"))
    )


def folded_fields(title: str, body: str) -> dict[str, str]:
    """The folded columns of a document with this title and text."""
    return {"title_folded": fold(title)[:300], "body_folded": fold(body)}


def add_terms(text: str) -> None:
    """Add the words of `text` to the vocabulary that spelling suggestions come from."""
    Term.objects.bulk_create(vocabulary(text), ignore_conflicts=True)


def vocabulary(text: str) -> list[Term]:
    """One unsaved Term per distinct folded word of `text` (digits and long tokens left out)."""
    terms: dict[str, Term] = {}
    for typed in typed_words(text):
        word = fold(typed)
        if len(typed) <= MAX_WORD and len(word) <= MAX_WORD and not word.isdigit():
            terms.setdefault(word, Term(word=word, display=typed.lower()))
    return list(terms.values())


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
    title, body = strip_markers(title)[:300], strip_markers(body)[:MAX_BODY]
    document, _ = Document.objects.update_or_create(
        kind=kind,
        object_id=object_id,
        defaults={
            "language": language,
            "search_config": config_for(language),
            "title": title,
            "body": body,
            **folded_fields(title, body),
            "url": url,
            "updated_at": updated_at,
        },
    )
    refresh_vectors(Document.objects.filter(pk=document.pk))
    add_terms(f"{title} {body}")
    return document


@transaction.atomic
def remove_document(*, kind: str, object_id: int) -> int:
    """Take content out of the index (unpublished, deleted); returns how many rows went."""
    deleted, _ = Document.objects.filter(kind=kind, object_id=object_id).delete()
    return deleted
