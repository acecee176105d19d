# ruff: noqa: E501  demo prose and XSS payloads read better unbroken
"""Demo library: organisations (IOM among them), resources in four languages across the three
policy areas, good practices, a template package, the overview and the rota. Idempotent.

All titles and summaries are illustrative demo content, linking to example.org.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from salam.clearinghouse.choices import PolicyArea as A
from salam.clearinghouse.models import Organisation
from salam.core.types import Person
from salam.library import services
from salam.library.models import (
    EventLink,
    GoodPractice,
    Page,
    Resource,
    RotaPeriod,
    TemplatePackage,
)
from salam.people import services as people_services
from salam.people.roles import Role

SE, LP, CU = A.SOCIO_ECONOMIC, A.LEGAL_POLITICAL, A.CULTURAL

ORGANISATIONS = {
    "iom": (
        "International Organization for Migration",
        "IOM",
        "un",
        "CH",
        True,
        "The leading inter-governmental organisation in the field of migration.",
    ),
    "unaoc": (
        "United Nations Alliance of Civilizations",
        "UNAoC",
        "un",
        "",
        True,
        "Builds bridges between cultures; maintains the clearinghouse.",
    ),
    "cmrs": (
        "Center for Migration and Refugee Studies, Cairo",
        "CMRS",
        "university",
        "EG",
        True,
        "A university research centre on migration in the Middle East and North Africa.",
    ),
    "welcome-cities": (
        "Welcoming Cities Network",
        "",
        "civil-society",
        "NL",
        False,
        "Local associations helping newcomers settle in European cities.",
    ),
}

# slug: (title, kind, areas, region, language, organisation, year, summary, tags)
RESOURCES = {
    "labour-market-integration-guide": (
        "A guide to labour market integration of migrants",
        "guideline",
        [SE],
        "global",
        "en",
        "iom",
        2009,
        "Steps for recognising qualifications, language training tied to jobs, and mentoring by employers.",
        ["employment", "skills"],
    ),
    "recognition-of-qualifications": (
        "Recognition of foreign qualifications: policy options",
        "policy-brief",
        [SE, LP],
        "europe",
        "en",
        "iom",
        2008,
        "Compares how countries recognise diplomas earned abroad and what it changes for migrants' work.",
        ["skills", "diplomas"],
    ),
    "local-voting-rights": (
        "Local voting rights for foreign residents",
        "academic-paper",
        [LP],
        "europe",
        "en",
        "cmrs",
        2007,
        "A review of the countries that let foreign residents vote in municipal elections, and the effects on participation.",
        ["participation", "citizenship"],
    ),
    "intercultural-cities-manual": (
        "Intercultural cities: a manual for local authorities",
        "manual",
        [CU],
        "global",
        "en",
        "unaoc",
        2009,
        "How a city can audit its services, train staff and fund intercultural dialogue in neighbourhoods.",
        ["cities", "dialogue"],
    ),
    "guide-acces-aux-droits": (
        "Guide d'accès aux droits pour les nouveaux arrivants",
        "guideline",
        [LP],
        "europe",
        "fr",
        "welcome-cities",
        2008,
        "Les démarches de séjour, de santé et de scolarité expliquées pas à pas aux personnes nouvellement arrivées.",
        ["droits", "accueil"],
    ),
    "integration-economique-femmes": (
        "L'intégration économique des femmes migrantes",
        "policy-document",
        [SE],
        "africa",
        "fr",
        "iom",
        2009,
        "Microcrédit, formation professionnelle et garde d'enfants : ce qui aide les femmes migrantes à travailler.",
        ["femmes", "emploi"],
    ),
    "dialogue-interculturel-ecoles": (
        "Le dialogue interculturel à l'école",
        "approach",
        [CU],
        "europe",
        "fr",
        "unaoc",
        2008,
        "Une approche pour accueillir la diversité des élèves et associer les familles migrantes à l'école.",
        ["éducation", "dialogue"],
    ),
    "guia-participacion-politica": (
        "Guía de participación política de las personas migrantes",
        "guideline",
        [LP],
        "americas",
        "es",
        "iom",
        2009,
        "Cómo los municipios pueden abrir consejos consultivos y procesos participativos a la población migrante.",
        ["participación", "municipios"],
    ),
    "emprendimiento-migrante": (
        "Emprendimiento migrante y desarrollo local",
        "academic-paper",
        [SE],
        "americas",
        "es",
        "cmrs",
        2008,
        "Estudio de los negocios creados por migrantes y su aporte al empleo y al desarrollo de los barrios.",
        ["empleo", "empresas"],
    ),
    "plantilla-plan-local": (
        "Plantilla para un plan local de integración",
        "template",
        [SE, LP, CU],
        "global",
        "es",
        "unaoc",
        2009,
        "Una plantilla para que los puntos focales nacionales preparen un plan de integración con metas e indicadores.",
        ["plan", "indicadores"],
    ),
    "huquq-al-muhajirin": (
        "دليل حقوق المهاجرين والعمال الوافدين",
        "manual",
        [LP],
        "middle-east",
        "ar",
        "cmrs",
        2009,
        "دليل عملي يشرح حقوق العمال المهاجرين في العمل والسكن والصحة وكيفية الوصول إلى المساعدة القانونية.",
        ["حقوق", "عمل"],
    ),
    "al-hiwar-al-thaqafi": (
        "الحوار بين الثقافات في المدن المستقبلة للمهاجرين",
        "policy-brief",
        [CU, SE],
        "middle-east",
        "ar",
        "iom",
        2008,
        "موجز سياسات حول برامج الحوار الثقافي والتعليم واللغة التي تساعد على اندماج المهاجرين في المدن.",
        ["حوار", "مدن"],
    ),
}

PRACTICES = {
    "mentoring-newcomers-into-work": (
        "Mentoring newcomers into work",
        "civil-society",
        "welcome-cities",
        SE,
        "Rotterdam",
        "NL",
        2006,
        None,
        "Volunteers from local firms meet a newcomer every week for six months, practise interviews and open their networks.",
        "Two thirds of the mentees found work or training within a year.",
        "mentoring@example.org",
        ["labour-market-integration-guide"],
    ),
    "municipal-migrant-council": (
        "A municipal council of foreign residents",
        "government",
        "iom",
        LP,
        "Montevideo",
        "UY",
        2005,
        None,
        "The city elects a consultative council of foreign residents that gives opinions on every local policy touching migrants.",
        "Council advice changed the rules on access to social housing and school enrolment.",
        "",
        ["guia-participacion-politica", "local-voting-rights"],
    ),
    "university-language-buddies": (
        "University language buddies",
        "academic",
        "cmrs",
        CU,
        "Cairo",
        "EG",
        2007,
        2009,
        "Students pair with refugee and migrant learners for Arabic and English conversation, and run a monthly culture evening.",
        "Over 400 pairs met; learners' language scores rose and many pairs kept meeting.",
        "buddies@example.org",
        ["al-hiwar-al-thaqafi"],
    ),
    "one-stop-shop-for-rights": (
        "One-stop shop for residence and rights",
        "government",
        "iom",
        LP,
        "Lisbon",
        "PT",
        2004,
        None,
        "A single office where newcomers handle residence permits, health cover, schooling and work papers, with interpreters.",
        "Waiting times fell by half and more migrants registered for health care.",
        "",
        ["guide-acces-aux-droits"],
    ),
}

OVERVIEW = {
    "en": (
        "Migration and integration",
        "Migration shapes every society. This clearinghouse gathers **what works** to integrate and empower migrants, in three policy areas:\n\n- *Socio-economic integration*: work, skills, housing, health;\n- *Legal and political integration*: rights, residence, participation;\n- *Cultural integration*: language, education, intercultural dialogue.\n\nPartner organisations (UN bodies, IOM, universities and civil society) contribute resources, good practices and journal articles in many languages, and take turns keeping the site up to date.",
    ),
    "fr": (
        "Migration et intégration",
        "Les migrations façonnent toutes les sociétés. Ce centre d'échange rassemble **ce qui fonctionne** pour intégrer les migrants, dans trois domaines : l'intégration socio-économique, juridique et politique, et culturelle.",
    ),
    "es": (
        "Migración e integración",
        "La migración transforma todas las sociedades. Este centro de intercambio reúne **lo que funciona** para integrar a las personas migrantes en tres ámbitos: socioeconómico, jurídico y político, y cultural.",
    ),
    "ar": (
        "الهجرة والاندماج",
        "تشكل الهجرة كل المجتمعات. يجمع مركز تبادل المعلومات هذا **ما ينجح** في دمج المهاجرين وتمكينهم في ثلاثة مجالات: الاندماج الاجتماعي والاقتصادي، والقانوني والسياسي، والثقافي.",
    ),
}

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def secretariat() -> Person:
    """The demo organiser also edits for the secretariat (organiser and editor roles)."""
    organiser = get_user_model().objects.get(username="organiser")
    people_services.grant_role(organiser, Role.EDITOR)
    return get_user_model().objects.get(pk=organiser.pk)


@transaction.atomic
def load() -> dict[str, int]:
    editor = secretariat()
    User = get_user_model()
    orgs = {}
    for slug, (name, acronym, kind, country, partner, description) in ORGANISATIONS.items():
        orgs[slug] = Organisation.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "acronym": acronym,
                "kind": kind,
                "country": country,
                "is_partner": partner,
                "description": description,
                "website": f"https://example.org/{slug}",
            },
        )[0]
    orgs["iom"].editors.add(User.objects.get(username="nadia"))
    orgs["cmrs"].editors.add(User.objects.get(username="farah"))
    for slug, (title, kind, areas, region, lang, org, year, summary, tags) in RESOURCES.items():
        if not Resource.objects.filter(title=title).exists():
            services.save_resource(
                None,
                actor=editor,
                title=title,
                summary=summary,
                kind=kind,
                areas=areas,
                region=region,
                language=lang,
                organisation=orgs[org],
                year=year,
                url=f"https://example.org/clearinghouse/{slug}",
                tags=tags,
            )
    for row in PRACTICES.values():
        title, actor, org, area, place, country, started, ended, did, came, contacts, links = row
        if not GoodPractice.objects.filter(title=title).exists():
            services.save_practice(
                None,
                actor=editor,
                title=title,
                actor_kind=actor,
                organisation=orgs[org],
                policy_area=area,
                place=place,
                country=country,
                started=started,
                ended=ended,
                language="en",
                what_it_did=did,
                outcomes=came,
                contacts=contacts,
                resources=Resource.objects.filter(title__in=[RESOURCES[k][0] for k in links]),
            )
    for language, (title, body) in OVERVIEW.items():
        if not Page.objects.filter(slug="overview", language=language).exists():
            services.edit_page(
                actor=editor, slug="overview", language=language, title=title, body=body
            )
    if not TemplatePackage.objects.exists():
        package = services.create_package(
            actor=editor,
            title="Integration strategy templates for national focal points",
            description="Templates for the migration section of a National Strategy for "
            "Intercultural Dialogue: a situation analysis, a plan with indicators, and guidance.",
            policy_area=SE,
            organisation=orgs["iom"],
        )
        services.release_package_version(
            package,
            actor=editor,
            upload=SimpleUploadedFile("integration-templates.pdf", MINIMAL_PDF, "application/pdf"),
            notes="First release.",
        )
    if not RotaPeriod.objects.exists():
        today = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
        start = today - dt.timedelta(days=30)
        for org, days in (("iom", 120), ("cmrs", 120)):
            services.add_rota_period(
                actor=editor,
                organisation=orgs[org],
                starts_at=start,
                ends_at=start + dt.timedelta(days=days),
            )
            start += dt.timedelta(days=days)
    event, _ = EventLink.objects.get_or_create(
        url="/events/aoc-forum-2010/",
        defaults={
            "title": "Alliance of Civilizations Forum: Good practices for the integration of migrants",
            "starts_on": (timezone.now() + dt.timedelta(days=31)).date(),
        },
    )
    event.resources.add(*Resource.objects.filter(kind__in=["guideline", "template"]))
    return {"resources": Resource.objects.count(), "practices": GoodPractice.objects.count()}
