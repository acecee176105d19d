"""A formed programme: two cohorts of six from three countries, one facilitator each."""

from __future__ import annotations

import datetime as dt

import pytest

from events.programmes import services
from events.programmes.models import PlanPhase, SessionPlan
from events.services.timed import open_due_rooms

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def formed(organiser, make_person):
    plan = SessionPlan.objects.create(title={"en": "Plan"})
    programme = services.create_programme(
        actor=organiser,
        fields=services.ProgrammeFields(
            title="Across",
            slug="across-formed",
            pool="university",
            sessions=4,
            first_week=dt.date(2026, 3, 16),
            meeting_times=[[1, 18, 0]],
            applications_open_at=NOW - dt.timedelta(days=7),
            applications_close_at=NOW + dt.timedelta(days=1),
            plan_id=plan.pk,
            consent_text="ok",
            cohort_size=6,
            facilitators_per_cohort=1,
        ),
    )
    countries = ("TR", "ES", "EG")
    for n in range(12):
        person = make_person(
            f"m{n:02d}", university=(f"Uni {countries[n % 3]}{n}", "C", countries[n % 3])
        )
        services.apply(programme, actor=person, consent=True, now=NOW)
    for n in range(2):
        services.offer_to_facilitate(
            programme,
            actor=organiser,
            facilitator=make_person(f"fac{n}"),
            languages=["en"],
            available_hours=[[1, 18], [1, 19]],
        )
    services.form_programme(programme, actor=organiser, now=NOW)
    programme.refresh_from_db()
    return programme


@pytest.fixture
def cohort_room(formed):
    """The first cohort's first session, its room open; its plan has three phases, each with
    its prompt in English, French and Arabic."""
    for position, (kind, minutes) in enumerate(
        (("welcome", 10), ("go_round", 25), ("closing", 20))
    ):
        PlanPhase.objects.create(
            plan=formed.plan,
            session_number=1,
            position=position,
            kind=kind,
            stage="culture",
            minutes=minutes,
            prompt={"en": f"Prompt of the {kind}", "fr": f"Consigne {kind}", "ar": f"توجيه {kind}"},
        )
    cohort = formed.cohorts.order_by("number").first()
    occurrence = cohort.session.occurrences.order_by("index").first()
    open_due_rooms(now=occurrence.starts_at)
    occurrence.refresh_from_db()
    members = [m.user for m in cohort.members.select_related("user").order_by("pk")]
    return {
        "room": occurrence.room,
        "cohort": cohort,
        "members": members,
        "facilitator": cohort.facilitators.get().user,
    }
