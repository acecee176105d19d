# ruff: noqa: E501  demo prose and XSS payloads read better unbroken
"""Demo journal: three published articles, one with an Arabic and a French translation, each
taken through the real workflow (submit, review, decision). Idempotent."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from salam.clearinghouse.choices import PolicyArea
from salam.clearinghouse.models import Organisation
from salam.journal import services
from salam.journal.models import Article, Review

# key: (author, title, language, area, organisation, translation of, abstract, body)
ARTICLES = {
    "mentoring": (
        "amina",
        "What mentoring does for newcomers looking for work",
        "en",
        PolicyArea.SOCIO_ECONOMIC,
        "welcome-cities",
        None,
        "Mentoring programmes pair newcomers with volunteers from local firms. We look at three cities and at what made the difference.",
        '## Why mentoring\n\nA newcomer\'s first obstacle is rarely skill: it is **networks**. Mentors open doors that no job centre can.\n\n## What we found\n\n1. Weekly meetings matter more than long ones.\n2. Mentors from the same trade help most.\n3. Language practice at work beats language practice in class.\n\n> "My mentor did not find me a job; he showed me where jobs are found."\n',
    ),
    "mentoring-ar": (
        "farah",
        "ما الذي يقدمه الإرشاد للقادمين الجدد الباحثين عن عمل",
        "ar",
        PolicyArea.SOCIO_ECONOMIC,
        "cmrs",
        "mentoring",
        "تجمع برامج الإرشاد بين القادمين الجدد ومتطوعين من الشركات المحلية. ننظر في ثلاث مدن وفيما صنع الفرق.",
        "## لماذا الإرشاد\n\nنادراً ما تكون المهارة العقبة الأولى أمام القادم الجديد: إنها **الشبكات**.\n\n## ما وجدناه\n\n1. اللقاءات الأسبوعية أهم من اللقاءات الطويلة.\n2. المرشدون من المهنة نفسها يساعدون أكثر.\n",
    ),
    "mentoring-fr": (
        "lucas",
        "Ce que le mentorat apporte aux nouveaux arrivants en quête d'emploi",
        "fr",
        PolicyArea.SOCIO_ECONOMIC,
        "welcome-cities",
        "mentoring",
        "Les programmes de mentorat associent des nouveaux arrivants à des bénévoles d'entreprises locales. Nous étudions trois villes.",
        "## Pourquoi le mentorat\n\nLe premier obstacle d'un nouvel arrivant est rarement la compétence : ce sont les **réseaux**.\n\n## Ce que nous avons trouvé\n\n1. Les rencontres hebdomadaires comptent plus que les longues.\n2. Les mentors du même métier aident le plus.\n",
    ),
    "local-councils": (
        "lucas",
        "Consejos consultivos de residentes extranjeros: diez años de experiencia",
        "es",
        PolicyArea.LEGAL_POLITICAL,
        "iom",
        None,
        "Los consejos municipales de residentes extranjeros dan voz a quienes no votan. Revisamos diez años de experiencia.",
        "## Una voz sin voto\n\nEn muchas ciudades las personas migrantes no pueden votar. Los **consejos consultivos** les dan un lugar en las decisiones locales.\n\n## Lecciones\n\n- Elegir a los miembros, no designarlos.\n- Publicar cada opinión y la respuesta del municipio.\n",
    ),
    "school-dialogue": (
        "joao",
        "Intercultural dialogue starts in the classroom",
        "en",
        PolicyArea.CULTURAL,
        "unaoc",
        None,
        "Schools are where children of migrants and long-time residents first meet. Teachers share approaches that work.",
        "## The classroom as a meeting place\n\nChildren learn each other's stories before adults do.\n\n### Approaches that work\n\n- A *family languages* week where parents read in their language;\n- Shared projects on the history of the neighbourhood;\n- Teacher training in intercultural mediation.\n",
    ),
}


@transaction.atomic
def load() -> int:
    """Take each demo article through submission, review and acceptance, once."""
    User = get_user_model()
    editor = User.objects.get(username="organiser")
    reviewers = {
        "iom": User.objects.get(username="nadia"),
        "cmrs": User.objects.get(username="farah"),
    }
    created: dict[str, Article] = {}
    for key, (author, title, language, area, org, original, abstract, body) in ARTICLES.items():
        existing = Article.objects.filter(title=title).first()
        if existing is not None:
            created[key] = existing
            continue
        author_user = User.objects.get(username=author)
        article = services.submit_article(
            author=author_user,
            title=title,
            abstract=abstract,
            body=body,
            language=language,
            policy_area=area,
            organisation=Organisation.objects.get(slug=org),
            translation_of=created[original] if original else None,
        )
        reviewer = reviewers["cmrs"] if author_user != reviewers["cmrs"] else reviewers["iom"]
        review = services.assign_reviewer(article, actor=editor, reviewer=reviewer)
        services.submit_review(
            review,
            actor=reviewer,
            recommendation=Review.Recommendation.ACCEPT,
            comments="Clear, well sourced and useful to practitioners.",
        )
        created[key] = services.decide(article, actor=editor, decision=Review.Recommendation.ACCEPT)
    return Article.objects.filter(status=Article.Status.PUBLISHED).count()
