"""Demo programme: students of the demo universities and Rotterdam's newcomers and residents,
in two cohorts on Soliya's plan, with facilitators, and a session in progress now."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from events.programmes import library, reading_services, services
from events.programmes.models import CohortMember, Programme
from salam.core.types import Person
from salam.library.models import Resource
from salam.people.demo import ensure_person
from salam.people.roles import Role

Student = tuple[str, str, list[str], list[str], str]
STUDENTS: dict[str, Student] = {
    # Two more of each demo university beside amina, lucas and farah: three countries, two each.
    "selin": ("Selin", "bogazici", ["tr", "en"], ["history", "music"], "Europe/Istanbul"),
    "pablo": ("Pablo", "complutense", ["es", "en"], ["cinema", "football"], "Europe/Madrid"),
    "omar": ("Omar", "cairo", ["ar", "en"], ["poetry", "history"], "Africa/Cairo"),
}
ROTTERDAM = {
    # Newcomers and long-time residents of Rotterdam, beside nadia (a resident).
    "yusuf": ("Yusuf", "newcomer", ["ar", "nl", "en"], ["cooking", "football"]),
    "hana": ("Hana", "newcomer", ["ar", "en"], ["music", "languages"]),
    "daan": ("Daan", "resident", ["nl", "en"], ["cycling", "history"]),
    "mirjam": ("Mirjam", "resident", ["nl", "en"], ["cooking", "gardening"]),
    "tigist": ("Tigist", "newcomer", ["en", "nl"], ["music", "cycling"]),
}
FACILITATORS: dict[str, Student] = {
    "ines": ("Inès, facilitator", "complutense", ["en", "es", "fr"], [], "Europe/Madrid"),
    "karim": ("Karim, facilitator", "cairo", ["en", "ar"], [], "Africa/Cairo"),
}
CONSENT = (
    "We keep what you write in your cohort's rooms for the programme's length, to run it "
    "safely. Reflections are yours: private unless you share them. Surveys are counted "
    "without your name."
)


def _people() -> None:
    for username, (name, place, languages, interests, zone) in (STUDENTS | FACILITATORS).items():
        ensure_person(
            username,
            (name, Role.PARTICIPANT, "student", place, "", languages, interests, zone),
        )
    for username, (name, residency, languages, interests) in ROTTERDAM.items():
        ensure_person(
            username,
            (
                name,
                Role.PARTICIPANT,
                "city",
                "rotterdam",
                residency,
                languages,
                interests,
                "Europe/Amsterdam",
            ),
        )


@transaction.atomic
def load(now: dt.datetime | None = None) -> list[str]:
    """Idempotent: the programmes exist once; returns their addresses."""
    now = now or timezone.now()
    _people()
    users = {u.username: u for u in get_user_model().objects.all()}
    soliya, sustained = services.install_shipped_plans()
    organiser = users["organiser"]
    # A session in progress: the first meeting is this week, at the top of this hour (UTC).
    meeting = [now.weekday(), now.hour, 0]
    made = []
    for slug, title, pool, plan, applicants, facilitators in (
        (
            "across-the-mediterranean",
            "Across the Mediterranean",
            "university",
            soliya,
            ["amina", "lucas", "farah", *STUDENTS],
            ["ines", "karim"],
        ),
        (
            "rotterdam-together",
            "Rotterdam together",
            "city",
            sustained,
            ["nadia", *ROTTERDAM],
            ["moderator"],
        ),
    ):
        made.append(slug)
        if Programme.objects.filter(slug=slug).exists():
            continue
        programme = services.create_programme(
            actor=organiser,
            fields=services.ProgrammeFields(
                title=title,
                slug=slug,
                pool=pool,
                sessions=plan.phases.order_by().values("session_number").distinct().count(),
                first_week=now.date(),
                meeting_times=[meeting],
                applications_open_at=now - dt.timedelta(days=21),
                applications_close_at=now + dt.timedelta(days=1),
                plan_id=plan.pk,
                consent_text=CONSENT,
                languages=["en"],
                cohort_size=6,
                facilitators_per_cohort=1,
                agreements=[a["en"] for a in services.library.AGREEMENTS],
            ),
        )
        for username in applicants:
            services.apply(programme, actor=users[username], consent=True, now=now)
        for username in facilitators:
            services.offer_to_facilitate(
                programme,
                actor=organiser,
                facilitator=users[username],
                languages=["en"],
                available_hours=[[d, h] for d in range(7) for h in range(24)],
            )
        services.form_programme(programme, actor=organiser, now=now)
        if slug == "across-the-mediterranean":
            _readings(programme, organiser)
        surveys = {
            moment: services.set_survey(programme, actor=organiser, moment=moment)
            for moment in ("before", "after")
        }
        # The members but Amina answered the survey before (she is still asked, in the demo),
        # so that the organiser's report has figures to chart.
        members = CohortMember.objects.filter(programme=programme).select_related("user")
        for seat, member in enumerate(members.order_by("user__username")):
            if member.user.username != "amina":
                answers = {
                    str(q["key"]): 1 + (seat + i) % 4
                    for i, q in enumerate(library.DEFAULT_QUESTIONS)
                }
                services.answer_survey(surveys["before"], actor=member.user, answers=answers)
    return made


def _readings(programme: Programme, organiser: Person) -> None:
    """Two readings for the first session and one for the second: links and the library's."""
    reading_services.add_reading(
        programme,
        actor=organiser,
        session_number=1,
        title="The Plan of Action of the Alliance of Civilizations",
        url="https://www.unaoc.org/who-we-are/mission/",
        note="Read the first two pages before we meet.",
    )
    manual = Resource.objects.filter(title__startswith="Intercultural cities").first()
    if manual is not None:  # the library's demo made it
        reading_services.add_reading(
            programme,
            actor=organiser,
            session_number=1,
            resource=manual.slug,
            note="Chapter 1: what a city does when it meets difference.",
        )
    reading_services.add_reading(
        programme,
        actor=organiser,
        session_number=2,
        title="Sustained Dialogue: the five stages",
        url="https://sustaineddialogue.org/",
    )
