"""Readings per session: the programme's organiser adds and removes them (a link or a library
resource, with a note); bad input is refused with its reason and changes nothing; members see
each session's readings under it on the cohort page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from events.programmes import reading_services, selectors, services
from events.programmes.errors import Forbidden, Invalid
from events.programmes.models import Reading, SessionPlan
from salam.clearinghouse.models import Organisation
from salam.library.models import Resource
from salam.people.roles import Role


@pytest.fixture
def manual(db):
    iom = Organisation.objects.create(
        name="International Organization for Migration", slug="iom", kind="un"
    )
    return Resource.objects.create(
        title="Intercultural cities: a manual",
        slug="intercultural-cities-manual",
        summary="s",
        kind="manual",
        region="global",
        language="en",
        organisation=iom,
        year=2019,
    )


@pytest.fixture
def other_organiser(make_person, formed):
    """An organiser (by role) who runs another programme, not this one."""
    person = make_person("otherorg", role=Role.ORGANISER)
    now = timezone.now()
    services.create_programme(
        actor=person,
        fields=services.ProgrammeFields(
            title="Elsewhere",
            slug="elsewhere",
            pool="city",
            sessions=2,
            first_week=now.date(),
            meeting_times=[[1, 18, 0]],
            applications_open_at=now,
            applications_close_at=now + dt.timedelta(days=1),
            plan_id=SessionPlan.objects.create(title={"en": "P"}).pk,
            consent_text="ok",
            cohort_size=6,
            facilitators_per_cohort=1,
        ),
    )
    return person


def add(programme, actor, **fields):
    return reading_services.add_reading(
        programme, actor=actor, **{"session_number": 1, "title": "A", **fields}
    )


def test_the_organiser_adds_a_link_and_a_library_resource(formed, organiser, manual):
    link = add(
        formed, organiser, title="  The  Plan\nof Action ", url="https://unaoc.org/", note="p. 1"
    )
    assert (link.title, link.url, link.resource, link.note) == (
        "The Plan of Action",
        "https://unaoc.org/",
        None,
        "p. 1",
    )
    assert link.href == "https://unaoc.org/"
    # By its address or its page's link; its own title when none is given.
    for given in (
        "intercultural-cities-manual",
        "https://x.org/library/resources/intercultural-cities-manual/",
    ):
        found = add(formed, organiser, session_number=4, title="", resource=given)
        assert (found.title, found.resource, found.url) == (manual.title, manual, "")
        assert found.href == "/library/resources/intercultural-cities-manual/"


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        ({"session_number": 0, "url": "https://a.org/"}, "session"),
        ({"session_number": 5, "url": "https://a.org/"}, "session"),  # the programme has 4
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "ftp://a.org/file"}, "url"),
        ({"url": "data:text/html,hi"}, "url"),
        ({"url": "https://"}, "url"),
        ({"url": "https://a.org/" + "x" * 500}, "url"),
        ({}, "source"),  # neither a link nor a resource
        ({"url": "https://a.org/", "resource": "intercultural-cities-manual"}, "source"),
        ({"resource": "no-such-thing"}, "resource"),
        ({"title": " \n ", "url": "https://a.org/"}, "title"),
        ({"title": "t" * 201, "url": "https://a.org/"}, "title"),
        ({"url": "https://a.org/", "note": "n" * 301}, "note"),
    ],
)
def test_bad_input_is_refused_with_its_reason_and_changes_nothing(
    formed, organiser, manual, fields, code
):
    with pytest.raises(Invalid) as refused:
        add(formed, organiser, **fields)
    assert refused.value.code == code
    assert str(refused.value)
    assert Reading.objects.count() == 0


def test_only_the_programmes_organiser_adds_and_removes(
    formed, organiser, other_organiser, outsider
):
    member = formed.cohorts.first().members.first().user
    facilitator = formed.cohorts.first().facilitators.first().user
    kept = add(formed, organiser, url="https://a.org/")
    for person in (member, facilitator, outsider, other_organiser):
        with pytest.raises(Forbidden):
            add(formed, person, url="https://b.org/")
        with pytest.raises(Forbidden):
            reading_services.remove_reading(formed, actor=person, reading_id=kept.pk)
    assert list(Reading.objects.all()) == [kept]
    elsewhere = other_organiser.organised_programmes.get()
    # Another programme's reading is not this programme's to remove.
    theirs = add(elsewhere, other_organiser, url="https://c.org/")
    assert reading_services.remove_reading(formed, actor=organiser, reading_id=theirs.pk) is False
    assert reading_services.remove_reading(formed, actor=organiser, reading_id=kept.pk) is True
    assert list(Reading.objects.all()) == [theirs]


def test_members_see_each_sessions_readings_under_it(client, formed, organiser, manual):
    add(formed, organiser, session_number=2, title="Second", url="https://a.org/2")
    add(formed, organiser, session_number=1, title="First", url="https://a.org/1", note="Before")
    add(formed, organiser, session_number=1, title="", resource=manual.slug)
    cohort = formed.cohorts.first()
    meetings = selectors.meetings_of(cohort, now=timezone.now())
    assert [[r.title for r in m.readings] for m in meetings] == [
        ["First", manual.title],
        ["Second"],
        [],
        [],
    ]
    client.force_login(cohort.members.first().user)
    page = client.get(f"/programmes/{formed.slug}/cohorts/{cohort.number}/").content.decode()
    sessions = page.split('id="sessions-heading"')[1].split("</section>")[0]
    assert sessions.index("First") < sessions.index("Before") < sessions.index("Second")
    assert 'href="/library/resources/intercultural-cities-manual/"' in sessions
    assert "Add a reading" not in page and 'value="remove_reading"' not in page


def test_the_organiser_adds_and_removes_on_the_cohort_page(
    client, formed, organiser, other_organiser
):
    cohort = formed.cohorts.first()
    address = f"/programmes/{formed.slug}/cohorts/{cohort.number}/"
    client.force_login(organiser)
    assert "Add a reading" in client.get(address).content.decode()
    fields = {"action": "add_reading", "session": "3", "title": "T", "url": "https://a.org/"}
    client.post(address, fields)
    reading = Reading.objects.get()
    assert (reading.session_number, reading.added_by) == (3, organiser)
    page = client.post(address, {**fields, "url": "javascript:x"}, follow=True).content.decode()
    assert "must be a web address" in page and Reading.objects.count() == 1
    client.force_login(other_organiser)  # sees the cohort (an organiser) but keeps no readings
    assert "Add a reading" not in client.get(address).content.decode()
    client.post(address, {"action": "remove_reading", "reading": str(reading.pk)})
    assert Reading.objects.count() == 1
    client.force_login(organiser)
    client.post(address, {"action": "remove_reading", "reading": str(reading.pk)})
    assert Reading.objects.count() == 0
