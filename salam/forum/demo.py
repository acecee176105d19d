# ruff: noqa: E501  demo prose and XSS payloads read better unbroken
"""Demo forum: a category per policy area plus a general one, with a few threads. Idempotent."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from salam.clearinghouse.choices import PolicyArea
from salam.forum import services
from salam.forum.models import Category, Thread

CATEGORIES = [
    ("socio-economic", PolicyArea.SOCIO_ECONOMIC, "Work, skills, housing and health."),
    ("legal-political", PolicyArea.LEGAL_POLITICAL, "Rights, residence and participation."),
    ("cultural", PolicyArea.CULTURAL, "Language, education and intercultural dialogue."),
]

# category: [(author, title, language, first post, [(author, reply)])]
THREADS = {
    "socio-economic": [
        (
            "nadia",
            "Recognising diplomas: what has worked in your country?",
            "en",
            "In Rotterdam nurses from abroad wait two years for recognition. **What shortened this elsewhere?**",
            [
                (
                    "lucas",
                    "In Madrid a bridging course let nurses work as assistants while they waited.",
                ),
                (
                    "farah",
                    "Cairo University ran a pilot with employers validating skills on the job.",
                ),
            ],
        ),
    ],
    "legal-political": [
        (
            "lucas",
            "Consejos de residentes extranjeros: ¿funcionan?",
            "es",
            "Tenemos un consejo consultivo desde hace tres años. ¿Cómo logran que el municipio responda?",
            [
                (
                    "joao",
                    "Em Rio, publicamos cada parecer e a resposta da prefeitura. Isso mudou tudo.",
                )
            ],
        ),
    ],
    "cultural": [
        (
            "farah",
            "Language buddies between students and newcomers",
            "en",
            "Our language buddies programme pairs students with newcomers. Happy to share the material.",
            [("amina", "We would love to try it at Boğaziçi. Could you share the pairing form?")],
        ),
        (
            "amina",
            "Family languages week at school",
            "en",
            "Parents read stories in their own language to the whole class. Has anyone evaluated this?",
            [],
        ),
    ],
    "general": [
        (
            "moderator",
            "Welcome to the clearinghouse forum",
            "en",
            "Introduce yourself: your sector (NGO, education, policy, research) and what you work on.",
            [("nadia", "Nadia, NGO worker in Rotterdam, working on newcomers' first year.")],
        ),
    ],
}


@transaction.atomic
def load() -> int:
    User = get_user_model()
    categories = {}
    for position, (slug, area, description) in enumerate(CATEGORIES):
        categories[slug] = Category.objects.get_or_create(
            slug=slug,
            defaults={
                "name": area.label,
                "policy_area": area,
                "description": description,
                "position": position,
            },
        )[0]
    categories["general"] = Category.objects.get_or_create(
        slug="general",
        defaults={
            "name": "General",
            "description": "Everything else, and introductions.",
            "position": 9,
        },
    )[0]
    for slug, threads in THREADS.items():
        for author, title, language, body, replies in threads:
            if Thread.objects.filter(title=title).exists():
                continue
            thread = services.start_thread(
                categories[slug],
                author=User.objects.get(username=author),
                title=title,
                body=body,
                language=language,
            )
            for replier, text in replies:
                services.reply(thread, author=User.objects.get(username=replier), body=text)
    if (welcome := Thread.objects.filter(slug__startswith="welcome-to-the").first()) is not None:
        services.pin_thread(welcome, actor=User.objects.get(username="moderator"))
    return Thread.objects.count()
