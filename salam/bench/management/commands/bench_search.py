"""`python manage.py bench_search`: load 50,000 documents into the index (PostgreSQL only) and
time searches through the same selector the search page uses; prints the median and p95.

Run it against a database of its own (DATABASE_URL=.../clearinghouse_bench): it adds rows with
object ids from BENCH_BASE up, keeps them for the next run, and --clean removes them.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from salam.search import services
from salam.search.configs import config_for
from salam.search.models import Document
from salam.search.selectors import search_documents

BENCH_BASE = 10**12
LANGUAGES = ["en", "en", "en", "fr", "es", "ar"]
# Each language's domain words, space-separated.
WORDS = {
    "en": (
        "migrant migration integration employment housing health education language "
        "rights citizenship participation dialogue culture community city newcomer "
        "refugee labour skills diploma recognition school mentoring council policy "
        "research guideline manual network family women youth local national strategy "
        "programme initiative evaluation outcome"
    ),
    "fr": (
        "migrant migration intégration emploi logement santé éducation langue droits "
        "citoyenneté participation dialogue culture communauté ville nouveaux arrivants "
        "réfugiés travail compétences diplôme reconnaissance école mentorat politique "
        "recherche"
    ),
    "es": (
        "migrante migración integración empleo vivienda salud educación idioma derechos "
        "ciudadanía participación diálogo cultura comunidad ciudad refugiados trabajo "
        "habilidades diploma reconocimiento escuela política investigación"
    ),
    "ar": (
        "المهاجرين الهجرة الاندماج العمل السكن الصحة التعليم اللغة الحقوق المواطنة "
        "المشاركة الحوار الثقافة المجتمع المدينة اللاجئين المهارات المدرسة السياسات البحث"
    ),
}
QUERIES = [
    "integration",
    "migrant employment",
    "housing rights",
    "language school",
    "intégration emploi",
    "integración política",
    "الاندماج",
    "mentoring newcomer",
    "diploma recognition",
    "refugee health",
    "city council participation",
    "women labour skills",
]


def _text(rng: random.Random, language: str, words: int) -> str:
    vocabulary = WORDS[language].split()
    filler = [f"w{rng.randrange(20000)}" for _ in range(words // 3)]
    chosen = rng.choices(vocabulary, k=words - len(filler)) + filler
    rng.shuffle(chosen)
    return " ".join(chosen)


class Command(BaseCommand):
    help = "Benchmark the PostgreSQL search over 50,000 documents (median and p95)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--documents", type=int, default=50_000)
        parser.add_argument("--queries", type=int, default=200)
        parser.add_argument("--clean", action="store_true", help="Remove the benchmark rows.")

    def handle(
        self, *args: object, documents: int, queries: int, clean: bool, **options: object
    ) -> None:
        if connection.vendor != "postgresql":
            raise CommandError(
                "bench_search measures PostgreSQL: set DATABASE_URL to a postgres:// URL."
            )
        bench = Document.objects.filter(object_id__gte=BENCH_BASE)
        if clean:
            deleted, _ = bench.delete()
            self.stdout.write(f"Removed {deleted} benchmark documents.")
            return
        self._load(documents, bench.count())
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_document")
        total = Document.objects.count()
        rng = random.Random(7)  # noqa: S311 reproducible benchmark data, not cryptography
        timings = []
        for number in range(queries):
            text = QUERIES[number % len(QUERIES)]
            started = time.perf_counter()
            page = search_documents(text, preferred_language=rng.choice(["en", "fr", "es", "ar"]))
            list(page.hits)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        median = statistics.median(timings)
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        self.stdout.write(
            f"documents: {total}\nqueries: {len(timings)}\n"
            f"median: {median:.1f} ms\np95: {p95:.1f} ms\nmax: {timings[-1]:.1f} ms"
        )

    def _load(self, wanted: int, present: int) -> None:
        if present >= wanted:
            return
        rng = random.Random(present)  # noqa: S311 reproducible benchmark data
        now = timezone.now()
        kinds = Document.Kind.values
        batch = []
        for number in range(present, wanted):
            language = rng.choice(LANGUAGES)
            title, body = _text(rng, language, 8), _text(rng, language, 150)
            batch.append(
                Document(
                    kind=kinds[number % len(kinds)],
                    object_id=BENCH_BASE + number,
                    language=language,
                    search_config=config_for(language),
                    title=title,
                    body=body,
                    **services.folded_fields(title, body),
                    url=f"/bench/{number}/",
                    updated_at=now - dt.timedelta(minutes=number),
                )
            )
        with transaction.atomic():
            Document.objects.bulk_create(batch, batch_size=2000)
            services.refresh_vectors(Document.objects.filter(object_id__gte=BENCH_BASE + present))
        self.stdout.write(f"Loaded {len(batch)} benchmark documents.")
