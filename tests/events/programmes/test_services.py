"""Programmes on the database: applying, facilitators, and forming cohorts once."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from events.errors import Invalid as EventInvalid
from events.models import Event, Registration
from events.programmes import services
from events.programmes.errors import Forbidden, Invalid
from events.programmes.models import (
    Cohort,
    CohortFacilitator,
    CohortMember,
    Programme,
    SessionPlan,
)
from events.selectors import upcoming_events
from events.services.publishing import publish_schedule
from events.services.timed import open_due_rooms
from rooms.models import Membership
from rooms.pairing.matching.cohorts import MAX_PER_UNIVERSITY
from salam.moderation import services as safety_services
from salam.notices.models import Notice
from salam.people.roles import Role
from tests import services as test_services

COUNTRIES = ("TR", "ES", "EG", "BR", "FR")
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def plan(db):
    return SessionPlan.objects.create(title={"en": "Culture to controversy"})


@pytest.fixture
def programme(organiser, plan):
    return services.create_programme(
        actor=organiser,
        fields=services.ProgrammeFields(
            title="Across the Mediterranean",
            slug="across",
            pool="university",
            sessions=8,
            first_week=dt.date(2026, 3, 16),
            meeting_times=[[1, 18, 0], [3, 18, 0]],
            applications_open_at=NOW - dt.timedelta(days=7),
            applications_close_at=NOW + dt.timedelta(days=1),
            plan_id=plan.pk,
            consent_text="We keep what you write in the programme's rooms.",
            languages=["en"],
            cohort_size=10,
            facilitators_per_cohort=1,
            time_zone="Europe/Madrid",
        ),
    )


@pytest.fixture
def students(make_person):
    people = []
    for n in range(30):
        country = COUNTRIES[n % 5]
        people.append(
            make_person(
                f"s{n:02d}",
                university=(f"University {country}{n % 2}", "City", country),
                languages=("en",),
            )
        )
    return people


def apply_all(programme, people, now=NOW):
    for person in people:
        services.apply(programme, actor=person, consent=True, now=now)


def test_an_application_needs_consent_and_an_open_window(programme, students):
    with pytest.raises(Invalid) as refused:
        services.apply(programme, actor=students[0], consent=False, now=NOW)
    assert refused.value.code == "consent"
    with pytest.raises(Invalid) as late:
        services.apply(programme, actor=students[0], consent=True, now=NOW + dt.timedelta(days=2))
    assert late.value.code == "closed"
    assert not programme.applications.exists()
    first = services.apply(programme, actor=students[0], consent=True, now=NOW)
    again = services.apply(programme, actor=students[0], consent=True, now=NOW)
    assert first.pk == again.pk and programme.applications.count() == 1


def test_a_city_participant_cannot_apply_to_a_university_programme(programme, make_person):
    resident = make_person("rosa", affiliation="city")
    with pytest.raises(Invalid) as refused:
        services.apply(programme, actor=resident, consent=True, now=NOW)
    assert refused.value.code == "pool"


def test_only_organisers_create_programmes_and_bad_settings_change_nothing(
    participant, organiser, plan
):
    fields = services.ProgrammeFields(
        title="X",
        slug="x",
        pool="city",
        sessions=4,
        first_week=dt.date(2026, 3, 16),
        meeting_times=[[1, 18, 0]],
        applications_open_at=NOW,
        applications_close_at=NOW + dt.timedelta(days=3),
        plan_id=plan.pk,
        consent_text="ok",
    )
    with pytest.raises(Forbidden):
        services.create_programme(actor=participant, fields=fields)
    for bad, code in (
        ({"cohort_size": 13}, "cohort_size"),
        ({"facilitators_per_cohort": 3}, "facilitators"),
        ({"meeting_times": [[7, 18, 0]]}, "times"),
        ({"time_zone": "Mars/Olympus"}, "zone"),
        ({"applications_close_at": NOW}, "dates"),
    ):
        with pytest.raises(Invalid) as refused:
            services.create_programme(
                actor=organiser, fields=services.ProgrammeFields(**{**fields.__dict__, **bad})
            )
        assert refused.value.code == code
    assert not Programme.objects.exists()


def test_forming_makes_cohorts_across_divides_with_facilitators_and_weekly_sessions(
    programme, students, make_person, organiser
):
    apply_all(programme, students)
    safety_services.block_person(blocker=students[0], username=students[5].username)
    facilitators = [make_person(f"f{n}") for n in range(3)]
    for facilitator in facilitators:
        services.offer_to_facilitate(
            programme,
            actor=organiser,
            facilitator=facilitator,
            languages=["en"],
            available_hours=[[1, 18], [1, 19], [3, 18], [3, 19]],
        )
    formation = services.form_programme(programme, actor=None, now=NOW + dt.timedelta(days=2))
    assert formation is not None
    assert len(formation.cohorts) == 3
    assert formation.not_placed == {}
    assert formation.facilitator_shortfall == {}
    by_user = {s.pk: s for s in students}
    for cohort in Cohort.objects.filter(programme=programme):
        members = [by_user[m.user_id] for m in cohort.members.all()]
        assert len(members) == 10
        countries = {m.profile.university.country.code for m in members}
        assert len(countries) >= 3
        universities = [m.profile.university_id for m in members]
        assert max(universities.count(u) for u in universities) <= MAX_PER_UNIVERSITY
        ids = {m.pk for m in members}
        assert not {students[0].pk, students[5].pk} <= ids
        # Eight weekly meetings, every member seated on each, the facilitator moderating.
        session = cohort.session
        assert session is not None and session.recurrence == "FREQ=WEEKLY;COUNT=8"
        occurrences = list(session.occurrences.all())
        assert len(occurrences) == 8
        for occurrence in occurrences:
            seated = set(
                occurrence.registrations.filter(status=Registration.Status.REGISTERED).values_list(
                    "user_id", flat=True
                )
            )
            assert seated == ids
        assert cohort.facilitators.count() == 1
    # Cohorts 1 and 3 meet on Tuesdays at 18:00 Madrid time: never the same facilitator.
    tuesday = [c for c in Cohort.objects.filter(programme=programme) if c.meeting_time[0] == 1]
    holders = [c.facilitators.get().user_id for c in tuesday]
    assert len(holders) == len(set(holders))
    first = Cohort.objects.get(programme=programme, number=1).session.occurrences.first()
    assert first.starts_at == dt.datetime(2026, 3, 17, 17, 0, tzinfo=dt.UTC)
    programme.refresh_from_db()
    assert programme.status == Programme.Status.FORMED
    assert programme.event is not None and not programme.event.is_published
    assert programme.event.status == Event.Status.PRIVATE  # runs, listed nowhere
    assert Notice.objects.filter(kind=services.NOTICE_COHORT).count() == 30
    assert Notice.objects.filter(kind=services.NOTICE_FACILITATING).count() == 3


def test_the_shortfall_is_reported_and_nobody_is_double_booked(
    programme, students, make_person, organiser
):
    apply_all(programme, students)
    only = make_person("solo")
    services.offer_to_facilitate(
        programme,
        actor=organiser,
        facilitator=only,
        languages=["en"],
        available_hours=[[1, 18], [1, 19]],
    )
    formation = services.form_programme(programme, actor=organiser, now=NOW)
    assert formation is not None
    assert CohortFacilitator.objects.filter(user=only).count() == 1
    assert formation.facilitator_shortfall == {2: 1, 3: 1}


def test_people_left_out_are_told_why(programme, make_person):
    alone = [
        make_person(f"t{n}", university=(f"Bogazici {n % 3}", "Istanbul", "TR")) for n in range(12)
    ]
    apply_all(programme, alone)
    formation = services.form_programme(programme, actor=None, now=NOW + dt.timedelta(days=2))
    assert formation is not None and formation.cohorts == []
    assert set(formation.not_placed.values()) == {"needs_mix"}
    assert Notice.objects.filter(kind=services.NOTICE_NOT_PLACED).count() == 12


def test_nobody_but_its_organisers_forms_a_programme_and_not_before_it_closes(
    programme, participant, make_person
):
    with pytest.raises(Forbidden):
        services.form_programme(programme, actor=participant, now=NOW)
    other = make_person("moderator2", role=Role.MODERATOR)
    with pytest.raises(Forbidden):
        services.form_programme(programme, actor=other, now=NOW)
    with pytest.raises(Invalid) as early:
        services.form_programme(programme, actor=None, now=NOW)
    assert early.value.code == "open"
    programme.refresh_from_db()
    assert programme.status == Programme.Status.OPEN and not programme.cohorts.exists()


def test_the_tick_forms_due_programmes_once(programme, students):
    apply_all(programme, students)
    later = NOW + dt.timedelta(days=2)
    assert services.form_due_programmes(now=later) == 1
    assert services.form_due_programmes(now=later) == 0
    assert Cohort.objects.filter(programme=programme).count() == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_closes_at_once_form_the_cohorts_once(programme, students):
    test_services.require_postgres()
    apply_all(programme, students)
    later = NOW + dt.timedelta(days=2)
    barrier = threading.Barrier(2)
    results, errors = [], []

    def close() -> None:
        try:
            barrier.wait()
            results.append(services.form_programme(programme, actor=None, now=later))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=close) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(r is None for r in results) == [False, True]
    assert Cohort.objects.filter(programme=programme).count() == 3
    assert CohortMember.objects.filter(programme=programme).count() == 30
    assert timezone.is_aware(Programme.objects.get(pk=programme.pk).formed_at)


def test_a_cohort_session_runs_for_its_people_and_is_listed_nowhere(formed, client, outsider):
    cohort = formed.cohorts.order_by("number").first()
    occurrence = cohort.session.occurrences.order_by("index").first()
    assert formed.event not in upcoming_events(now=occurrence.starts_at)
    client.force_login(outsider)
    assert client.get(f"/events/{formed.event.slug}/").status_code == 404
    # the tick opens the room a quarter of an hour before, with the cohort in it
    opened = open_due_rooms(now=occurrence.starts_at - dt.timedelta(minutes=10))
    occurrence.refresh_from_db()
    room = occurrence.room
    assert room in opened and len(opened) == formed.cohorts.count()  # both meet then
    roles = dict(room.memberships.values_list("user_id", "role"))
    assert {m.user_id for m in cohort.members.all()} <= set(roles)
    facilitator = cohort.facilitators.get().user_id
    assert roles[facilitator] == Membership.Role.MODERATOR
    assert outsider.pk not in roles


def test_a_programmes_private_event_is_never_published(formed, organiser):
    with pytest.raises(EventInvalid) as refused:
        publish_schedule(formed.event, actor=organiser)
    assert refused.value.code == "private"
    formed.event.refresh_from_db()
    assert formed.event.status == Event.Status.PRIVATE and not formed.event.releases.exists()
