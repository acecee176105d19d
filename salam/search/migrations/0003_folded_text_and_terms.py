"""Accent- and diacritic-folded copies of each document, the vocabulary for "Did you mean",
and on PostgreSQL the unaccent and pg_trgm extensions (unaccent over the folded text in the
vectors and queries; trigram similarity for the nearest word, with a GIN trigram index)."""

from django.contrib.postgres.operations import CreateExtension
from django.db import migrations, models

from salam.search.folding import fold, typed_words

MAX_WORD = 64
TRGM_INDEX = "search_term_word_trgm"


def fill(apps, schema_editor):
    Document = apps.get_model("search", "Document")
    Term = apps.get_model("search", "Term")
    words: dict[str, str] = {}
    for document in Document.objects.only("pk", "title", "body").iterator():
        document.title_folded = fold(document.title)[:300]
        document.body_folded = fold(document.body)
        document.save(update_fields=["title_folded", "body_folded"])
        for typed in typed_words(document.title + " " + document.body):
            word = fold(typed)
            if len(typed) <= MAX_WORD and len(word) <= MAX_WORD and not word.isdigit():
                words.setdefault(word, typed.lower())
    Term.objects.bulk_create(
        [Term(word=w, display=d) for w, d in words.items()], batch_size=2000, ignore_conflicts=True
    )
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "UPDATE search_document SET search_vector ="
            " setweight(to_tsvector(search_config::regconfig, unaccent(title_folded)), 'A') ||"
            " setweight(to_tsvector(search_config::regconfig, unaccent(body_folded)), 'B')"
        )
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {TRGM_INDEX} ON search_term USING gin (word gin_trgm_ops)"
        )


def unfill(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TRGM_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("search", "0002_gin_index")]

    operations = [
        CreateExtension("unaccent"),
        CreateExtension("pg_trgm"),
        migrations.AddField(
            model_name="document",
            name="title_folded",
            field=models.CharField(blank=True, default="", editable=False, max_length=300),
        ),
        migrations.AddField(
            model_name="document",
            name="body_folded",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.CreateModel(
            name="Term",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("word", models.CharField(max_length=64, unique=True)),
                ("display", models.CharField(max_length=64)),
            ],
        ),
        migrations.RunPython(fill, unfill),
    ]
