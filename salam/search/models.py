"""One search index over the clearinghouse: a row per resource, practice, article and thread.

Each app's services keep their rows current (salam.search.services.index_document), so a search
reads one table, whatever the kind of content.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class Document(models.Model):
    class Kind(models.TextChoices):
        RESOURCE = "resource", _("Resource")
        PRACTICE = "practice", _("Good practice")
        ARTICLE = "article", _("Journal article")
        THREAD = "thread", _("Forum thread")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    language = models.CharField(_("language"), max_length=8)
    # The PostgreSQL text search configuration for `language` (english, french, simple...).
    search_config = models.CharField(max_length=32, default="simple")
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    # `title` and `body` folded (salam.search.folding): what both backends search and stem.
    title_folded = models.CharField(max_length=300, blank=True, default="", editable=False)
    body_folded = models.TextField(blank=True, default="", editable=False)
    url = models.CharField(max_length=300)
    updated_at = models.DateTimeField()
    # Filled on PostgreSQL only (GIN-indexed there by migration 0002); NULL on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_once")
        ]
        indexes = [
            models.Index(fields=["language", "kind"], name="search_doc_lang_kind"),
            models.Index(fields=["-updated_at"], name="search_doc_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title}"


class Term(models.Model):
    """The folded words of the index, once each: where "Did you mean ...?" looks for the
    nearest word to one that matches nothing. Words are added as content is indexed and kept
    when it goes (a suggestion is only offered if it finds something)."""

    word = models.CharField(max_length=64, unique=True)  # folded
    display = models.CharField(max_length=64)  # as first written, in lower case

    def __str__(self) -> str:
        return self.display
