"""The programme's page as each person sees it, and its forms."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from events.programmes import selectors, services
from events.programmes.models import Programme, SessionPlan
from events.services.timed import open_due_rooms


@pytest.fixture
def programme(organiser):
    plan = SessionPlan.objects.create(title={"en": "Plan"})
    now = timezone.now()
    return services.create_programme(
        actor=organiser,
        fields=services.ProgrammeFields(
            title="Rotterdam together",
            slug="rotterdam",
            pool="university",
            sessions=4,
            first_week=(now + dt.timedelta(days=14)).date(),
            meeting_times=[[2, 18, 0]],
            applications_open_at=now - dt.timedelta(days=1),
            applications_close_at=now + dt.timedelta(days=3),
            plan_id=plan.pk,
            consent_text="Your words stay in the cohort.",
            cohort_size=6,
            facilitators_per_cohort=1,
        ),
    )


def test_a_stranger_reads_the_programme_and_is_asked_to_sign_in(client, programme):
    page = client.get(programme.get_absolute_url())
    assert page.status_code == 200
    assert "Your words stay in the cohort." not in page.content.decode()
    assert "Sign in to apply" in page.content.decode()
    assert client.get("/programmes/").status_code == 200
    assert client.get("/programmes/nothing-here/").status_code == 404


def test_applying_needs_the_consent_box(client, programme, participant):
    client.force_login(participant)
    client.post(f"/programmes/{programme.slug}/apply/", follow=True)
    assert not programme.applications.exists()
    page = client.post(f"/programmes/{programme.slug}/apply/", {"consent": "yes"}, follow=True)
    assert programme.applications.count() == 1
    assert "You applied" in page.content.decode()
    client.post(f"/programmes/{programme.slug}/withdraw/")
    assert programme.applications.get().withdrawn_at is not None


def test_a_participant_cannot_form_the_cohorts(client, programme, participant):
    client.force_login(participant)
    assert client.post(f"/programmes/{programme.slug}/form/").status_code == 403
    programme.refresh_from_db()
    assert programme.status == Programme.Status.OPEN


def test_the_organiser_forms_and_each_member_sees_only_their_cohort(
    client, programme, organiser, make_person
):
    countries = ("TR", "ES", "EG")
    people = [
        make_person(f"m{n}", university=(f"Uni {countries[n % 3]}{n}", "C", countries[n % 3]))
        for n in range(12)
    ]
    for person in people:
        services.apply(programme, actor=person, consent=True, now=timezone.now())
    client.force_login(organiser)
    page = client.post(f"/programmes/{programme.slug}/form/", follow=True)
    assert "2 cohorts formed" in page.content.decode()
    programme.refresh_from_db()
    first, second = programme.cohorts.all()
    insider = first.members.first().user
    outsider = second.members.first().user
    outsider.profile.display_name = "Zebulon of the other cohort"  # found only if shown
    outsider.profile.save(update_fields=["display_name"])
    client.force_login(insider)
    text = client.get(programme.get_absolute_url()).content.decode()
    assert "Your cohort: 1" in text
    assert "Zebulon" not in text


def test_the_report_and_its_csv_are_for_the_organisers(client, formed, organiser, participant):
    member = formed.cohorts.first().members.first().user
    for person in (participant, member):
        client.force_login(person)
        assert client.get(f"/programmes/{formed.slug}/report/").status_code == 404
        assert client.get(f"/programmes/{formed.slug}/report.csv").status_code == 404
    client.force_login(organiser)
    assert client.get(f"/programmes/{formed.slug}/report/").status_code == 200
    services.set_survey(formed, actor=organiser, moment="before")
    sheet = client.get(f"/programmes/{formed.slug}/report.csv")
    assert sheet["Content-Type"].startswith("text/csv")
    assert sheet.content.decode().splitlines()[1].startswith("others,0.000,")


def test_a_cohort_page_is_for_its_members_facilitators_and_organisers(
    client, formed, organiser, participant
):
    first, second = formed.cohorts.all()
    url = f"/programmes/{formed.slug}/cohorts/{first.number}/"
    member = first.members.first().user
    for stranger in (participant, second.members.first().user, second.facilitators.get().user):
        client.force_login(stranger)
        assert client.get(url).status_code == 404
    client.force_login(member)
    page = client.get(url).content.decode()
    assert "Reflection journal" in page and "Debrief notes" not in page
    client.post(url, {"action": "reflect", "session": "1", "body": "I listened more"})
    assert first.members.get(user=member).reflections.get().body == "I listened more"
    client.force_login(first.facilitators.get().user)
    page = client.get(url).content.decode()
    assert "Save attendance" in page and "I listened more" not in page
    client.force_login(organiser)
    assert client.get(url).status_code == 200


def test_a_members_cohort_page_tells_the_sessions_the_people_the_agreements_and_surveys(
    client, formed, organiser
):
    cohort = formed.cohorts.order_by("number").first()
    member = cohort.members.order_by("pk").first().user
    survey = services.set_survey(formed, actor=organiser, moment="before")
    services.set_survey(formed, actor=organiser, moment="after")  # asked after the last session
    url = f"/programmes/{formed.slug}/cohorts/{cohort.number}/"
    client.force_login(member)
    response = client.get(url)
    page = response.context["page"]
    assert [m.number for m in page.meetings] == [1, 2, 3, 4]
    assert not any(m.room_url for m in page.meetings)  # no room is open yet
    # the fixture's sessions were in March: the last has begun, so "after" is asked too
    assert page.surveys_to_answer == ["before", "after"]
    member_row = cohort.members.get(user=member)
    assert selectors.surveys_to_answer(formed, member_row, last_started=False) == ["before"]
    text = response.content.decode()
    assert "Answer the short survey before the first session" in text
    assert "Speak for yourself, from your own experience." in text  # the agreements
    facilitator = cohort.facilitators.get().user
    assert f"{facilitator.profile.name} · " in text
    # the first session's room opens: its page links to it; an answered survey is not asked
    first = cohort.session.occurrences.order_by("index").first()
    open_due_rooms(now=first.starts_at)
    first.refresh_from_db()
    services.answer_survey(survey, actor=member, answers={"others": 3})
    response = client.get(url)
    assert response.context["page"].meetings[0].room_url == first.room.get_absolute_url()
    assert f'href="{first.room.get_absolute_url()}"' in response.content.decode()
    assert response.context["page"].surveys_to_answer == ["after"]


def test_the_support_directory_is_kept_by_organisers_and_shown_in_each_cohort(
    client, formed, organiser, participant
):
    client.force_login(participant)
    assert (
        client.post(
            "/programmes/support/", {"country": "TR", "name": "X", "contact": "y"}
        ).status_code
        == 403
    )
    client.force_login(organiser)
    client.post(
        "/programmes/support/",
        {"country": "tr", "name": "Bad", "contact": "c", "url": "javascript:x"},
    )
    client.post(
        "/programmes/support/",
        {"country": "tr", "city": "Istanbul", "name": "Listening line", "contact": "+90 000"},
    )
    from events.programmes.models import SupportService

    assert list(SupportService.objects.values_list("name", "country")) == [("Listening line", "TR")]
    member = formed.cohorts.first().members.first().user
    client.force_login(member)
    page = client.get(f"/programmes/{formed.slug}/cohorts/1/").content.decode()
    assert "Listening line" in page
    assert "Listening line" in client.get("/programmes/support/").content.decode()


def test_a_member_answers_a_survey_in_their_language_and_others_cannot(
    client, formed, organiser, participant
):
    services.set_survey(formed, actor=organiser, moment="before")
    url = f"/programmes/{formed.slug}/survey/before/"
    client.force_login(participant)
    assert client.get(url).status_code == 404
    member = formed.cohorts.first().members.first().user
    client.force_login(member)
    client.cookies["django_language"] = "fr"
    assert "Quelle confiance avez-vous" in client.get(url).content.decode()
    client.post(url, {"confidence": "4", "others": "9"})
    from events.programmes.models import SurveyAnswer

    assert not SurveyAnswer.objects.exists()  # 9 is off the scale: nothing is saved
    client.post(url, {"confidence": "4", "others": "2"})
    assert dict(SurveyAnswer.objects.values_list("question", "value")) == {
        "confidence": 4,
        "others": 2,
    }
    assert client.get(f"/programmes/{formed.slug}/survey/during/").status_code == 404
