"""The shipped plans: installed once, every prompt in four languages, copies of one's own."""

from __future__ import annotations

import pytest

from events.programmes import services
from events.programmes.errors import Forbidden
from events.programmes.models import PlanPhase, SessionPlan


def test_the_plans_are_installed_once_with_every_prompt_in_four_languages(db):
    first = services.install_shipped_plans()
    again = services.install_shipped_plans()
    assert [p.pk for p in first] == [p.pk for p in again]
    soliya, sustained = first
    assert soliya.phases.count() == 8 * 5 and sustained.phases.count() == 5 * 5
    assert set(sustained.phases.values_list("stage", flat=True)) == {
        "deciding-to-engage",
        "mapping-relationships",
        "probing-problems",
        "scenario-building",
        "acting-together",
    }
    for phase in PlanPhase.objects.all():
        assert set(phase.prompt) == {"en", "fr", "es", "ar"}
        assert all(text.strip() for text in phase.prompt.values())
    for number in range(1, 9):
        minutes = sum(soliya.phases.filter(session_number=number).values_list("minutes", flat=True))
        assert minutes == 120


def test_an_organiser_copies_a_plan_and_the_copy_is_their_own(organiser, participant):
    soliya = services.install_shipped_plans()[0]
    with pytest.raises(Forbidden):
        services.copy_plan(soliya, actor=participant)
    copy = services.copy_plan(soliya, actor=organiser)
    assert copy.owner == organiser and copy.source == ""
    assert copy.phases.count() == soliya.phases.count()
    phase = copy.phases.first()
    phase.prompt["en"] = "Our own question"
    phase.save()
    assert soliya.phases.first().prompt["en"] != "Our own question"
    assert SessionPlan.objects.filter(source="soliya").count() == 1


def test_the_demo_programmes_have_cohorts_facilitators_and_a_session_in_progress(db):
    import datetime as dt

    from events.programmes import demo
    from events.programmes.models import Programme
    from salam.people import demo as people_demo

    people_demo.load()
    now = dt.datetime(2026, 12, 1, 14, 20, tzinfo=dt.UTC)
    assert demo.load(now=now) == ["across-the-mediterranean", "rotterdam-together"]
    assert demo.load(now=now) == ["across-the-mediterranean", "rotterdam-together"]
    for programme in Programme.objects.all():
        cohort = programme.cohorts.get()
        assert cohort.members.count() == 6 and cohort.facilitators.count() == 1
        first = cohort.session.occurrences.order_by("index").first()
        assert first.starts_at <= now < first.ends_at
    students = Programme.objects.get(slug="across-the-mediterranean").cohorts.get()
    assert {m.user.username for m in students.members.all()} >= {"amina", "lucas", "farah"}
