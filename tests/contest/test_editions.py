"""Editions made and changed by organisers: the pure check of an edition (each reason at its
field), the services refusing a bad one whole, and the pages refused to a stranger and a
participant, showing errors beside their fields, reading times in the organiser's zone."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.utils import translation

from salam.contest import editions, judging, services
from salam.contest.editions import CategorySpec, CriterionSpec, EditionSpec, RecognitionSpec
from salam.contest.errors import ContestError, InvalidEdition
from salam.contest.models import Category, Edition, Entry, Juror, Recognition, Score
from salam.people.roles import Role

T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)
DAY = dt.timedelta(days=1)


def good_spec(**changes) -> EditionSpec:
    values = {
        "title": "Youth Images 2027",
        "themes": ["Migration", "Dialogue"],
        "categories": [CategorySpec("Up to 12", 0, 12), CategorySpec("13 to 25", 13, 25)],
        "earliest_production": dt.date(2025, 1, 1),
        "opens_at": T0,
        "closes_at": T0 + 30 * DAY,
        "screening_ends_at": T0 + 40 * DAY,
        "jury_ends_at": T0 + 50 * DAY,
        "gallery_opens_at": T0 + 41 * DAY,
        "vote_opens_at": T0 + 41 * DAY,
        "vote_closes_at": T0 + 48 * DAY,
        "recognitions": [RecognitionSpec("Best film", "prize", "13 to 25")],
        "rubric": [CriterionSpec("message", "Message", Decimal(3))],
        "rules": {"en": "Be kind."},
    }
    values.update(changes)
    return EditionSpec(**values)


def fields_of(spec: EditionSpec) -> list[str]:
    return [field for field, _reason in editions.problems(spec)]


# ---- the pure check -----------------------------------------------------------------------


def test_a_sound_edition_has_no_problem():
    assert editions.problems(good_spec()) == []


@pytest.mark.parametrize(
    ("changes", "fields"),
    [
        ({"title": "  "}, ["title"]),
        ({"themes": []}, ["themes"]),
        ({"themes": ["A", "a"]}, ["themes"]),
        ({"min_seconds": 0}, ["min_seconds"]),
        ({"min_seconds": 90, "max_seconds": 60}, ["max_seconds"]),
        ({"closes_at": T0}, ["closes_at", "screening_ends_at"][:1]),
        ({"earliest_production": dt.date(2026, 5, 1)}, ["earliest_production"]),
        ({"screening_ends_at": T0 + 30 * DAY}, ["screening_ends_at"]),
        ({"jury_ends_at": T0 + 40 * DAY}, ["jury_ends_at"]),
        ({"gallery_opens_at": T0 - DAY, "vote_opens_at": T0}, ["gallery_opens_at"]),
        ({"vote_closes_at": None}, ["vote_closes_at"]),
        ({"vote_closes_at": T0 + 41 * DAY}, ["vote_closes_at"]),
        ({"vote_opens_at": T0 + 40 * DAY}, ["vote_opens_at"]),
        ({"gallery_opens_at": None}, ["gallery_opens_at"]),
        ({"categories": []}, ["categories", "recognitions"]),
        ({"categories": [CategorySpec("Old", 30, 20)]}, ["categories", "recognitions"]),
        (
            {"categories": [CategorySpec("A", 0, 13), CategorySpec("13 to 25", 13, 25)]},
            ["categories"],
        ),
        ({"recognitions": [RecognitionSpec("X", "medal")]}, ["recognitions"]),
        ({"recognitions": [RecognitionSpec("IOM award", "partner")]}, ["recognitions"]),
        ({"recognitions": [RecognitionSpec("X", "prize", "Adults")]}, ["recognitions"]),
        (
            {"recognitions": [RecognitionSpec("X"), RecognitionSpec("x")]},
            ["recognitions"],
        ),
        ({"rubric": []}, ["rubric"]),
        ({"rubric": [CriterionSpec("craft", "Craft", Decimal(0))]}, ["rubric"]),
        ({"rubric": [CriterionSpec("craft", "Craft", Decimal(-2))]}, ["rubric"]),
        ({"rubric": [CriterionSpec("craft", "Craft", Decimal(1000))]}, ["rubric"]),
        (
            {"rubric": [CriterionSpec("a", "A", Decimal(1)), CriterionSpec("a", "A", Decimal(2))]},
            ["rubric"],
        ),
    ],
)
def test_each_problem_is_at_its_field(changes, fields):
    assert fields_of(good_spec(**changes)) == fields


def test_the_vote_may_open_during_submissions_with_the_gallery():
    spec = good_spec(gallery_opens_at=T0 + DAY, vote_opens_at=T0 + DAY, vote_closes_at=T0 + 9 * DAY)
    assert editions.problems(spec) == []


# ---- the services -------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_bad_edition_is_refused_whole_and_nothing_is_written(organiser_person):
    with pytest.raises(InvalidEdition) as refused:
        services.create_edition_from(
            good_spec(closes_at=T0 - DAY, rubric=[]), actor=organiser_person, slug="yim-2027"
        )
    assert [field for field, _ in refused.value.problems] == ["closes_at", "rubric"]
    assert (Edition.objects.count(), Category.objects.count()) == (0, 0)


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["new", "uploads", "", "yim-2026"])
def test_an_address_taken_or_reserved_is_refused(organiser_person, edition, slug):
    with pytest.raises(InvalidEdition) as refused:
        services.create_edition_from(good_spec(), actor=organiser_person, slug=slug)
    assert refused.value.problems[0][0] == "slug"
    assert Edition.objects.count() == 1


@pytest.mark.django_db
def test_only_organisers_make_or_change_editions(participant, edition, now):
    with pytest.raises(ContestError) as refused:
        services.create_edition_from(good_spec(), actor=participant, slug="x")
    assert refused.value.status == 403
    with pytest.raises(ContestError):
        services.update_edition(edition, actor=participant, spec=good_spec(), now=now)
    edition.refresh_from_db()
    assert edition.title == "Youth Images of Migration 2026"


@pytest.mark.django_db
def test_an_edition_is_made_with_all_it_holds(organiser_person):
    edition = services.create_edition_from(
        good_spec(rubric=[CriterionSpec("craft", "Craft", Decimal("1.5"))]),
        actor=organiser_person,
        slug="YIM 2027",
    )
    assert edition.slug == "yim-2027"
    assert [(c.name, c.min_age, c.max_age) for c in edition.categories.all()] == [
        ("Up to 12", 0, 12),
        ("13 to 25", 13, 25),
    ]
    best = edition.recognitions.get()
    assert (best.name, best.kind, best.category.name) == ("Best film", "prize", "13 to 25")
    assert edition.rubric == [{"key": "craft", "label": "Craft", "weight": 1.5}]
    assert (edition.screening_ends_at, edition.rules) == (T0 + 40 * DAY, {"en": "Be kind."})


@pytest.mark.django_db
def test_changing_the_categories_checks_the_entries_again(
    edition, make_ready, make_person, organiser_person, now
):
    teen = make_ready(make_person("teen"), age=15)
    spec = dataclasses.replace(
        services.spec_of(edition), categories=[CategorySpec("Up to 25", 0, 25)]
    )
    services.update_edition(edition, actor=organiser_person, spec=spec, now=now)
    teen.refresh_from_db()
    assert [c.name for c in edition.categories.all()] == ["Up to 25"]
    assert (teen.category.name, teen.eligible) == ("Up to 25", True)


@pytest.mark.django_db
def test_a_given_recognition_and_a_scored_rubric_stay(
    edition, make_ready, make_person, organiser_person, now
):
    film = make_ready(make_person("maker"))
    judging.screen_entry(film, actor=organiser_person, verdict="yes", notes="")
    judging.set_shortlisted(film, actor=organiser_person, shortlisted=True)
    judging.decide(edition.recognitions.get(name="Best film"), film, actor=organiser_person)
    juror = Juror.objects.create(edition=edition, user=make_person("judge"))
    Score.objects.create(juror=juror, entry=film, marks={"message": 5})
    spec = services.spec_of(edition)
    heavier = dataclasses.replace(
        spec,
        rubric=[dataclasses.replace(c, weight=c.weight + 1) for c in spec.rubric],
        title="Renamed",
    )
    services.update_edition(edition, actor=organiser_person, spec=heavier, now=now)
    edition.refresh_from_db()
    assert (edition.title, edition.rubric[0]["weight"]) == ("Renamed", 4)
    changed = dataclasses.replace(
        spec,
        rubric=[CriterionSpec("story", "Story", Decimal(1))],
        recognitions=[],
        title="Again",
    )
    with pytest.raises(InvalidEdition) as refused:
        services.update_edition(edition, actor=organiser_person, spec=changed, now=now)
    assert [field for field, _ in refused.value.problems] == ["recognitions", "rubric"]
    edition.refresh_from_db()
    assert (edition.title, Recognition.objects.filter(edition=edition).count()) == ("Renamed", 2)


# ---- the pages ----------------------------------------------------------------------------


def form_data(**changes) -> dict[str, str]:
    values = {
        "slug": "yim-2027",
        "title": "Youth Images 2027",
        "themes": "Migration\nDialogue",
        "categories": "Up to 12 | 0 | 12\n13 to 17 | 13 | 17\n18 to 25 | 18 | 25",
        "min_seconds": "60",
        "max_seconds": "300",
        "earliest_production": "2025-01-01",
        "opens_at": "2026-03-01T10:00",
        "closes_at": "2026-04-01T10:00",
        "screening_ends_at": "2026-04-10T18:00",
        "jury_ends_at": "",
        "gallery_opens_at": "",
        "vote_opens_at": "",
        "vote_closes_at": "",
        "recognitions": "Best film | prize\nCombating Xenophobia | special | 18 to 25",
        "rubric": "Message | 3\nCraft | 1.5",
        "excluded_people": "Jurors.",
        "anonymous_judging": "on",
        "rules_en": "Be kind.",
        "rules_ar": "كونوا لطفاء.",
    }
    values.update(changes)
    return values


@pytest.mark.django_db
def test_a_stranger_and_a_participant_are_refused(client, participant, edition):
    pages = ["/contest/new/", f"/contest/{edition.slug}/edit/"]
    for url in pages:
        assert client.get(url).status_code == 302  # to sign in
        assert client.post(url, form_data()).status_code == 302
    client.force_login(participant)
    for url in pages:
        assert client.get(url).status_code == 403
        assert client.post(url, form_data(title="Taken over")).status_code == 403
    assert list(Edition.objects.values_list("title", flat=True)) == [
        "Youth Images of Migration 2026"
    ]


@pytest.mark.django_db
def test_an_organiser_makes_an_edition_in_their_zone(client, make_person):
    organiser = make_person("saopaulo", role=Role.ORGANISER, time_zone="America/Sao_Paulo")
    client.force_login(organiser)
    page = client.get("/contest/new/").content.decode()
    assert "Time zone: America/Sao_Paulo" in page
    response = client.post("/contest/new/", form_data())
    edition = Edition.objects.get()
    assert response.url == f"/contest/{edition.slug}/manage/"
    assert edition.opens_at == dt.datetime(2026, 3, 1, 13, 0, tzinfo=dt.UTC)  # 10:00 UTC−3
    assert edition.screening_ends_at == dt.datetime(2026, 4, 10, 21, 0, tzinfo=dt.UTC)
    assert [c.name for c in edition.categories.all()] == ["Up to 12", "13 to 17", "18 to 25"]
    assert [(r.name, r.category and r.category.name) for r in edition.recognitions.all()] == [
        ("Best film", None),
        ("Combating Xenophobia", "18 to 25"),
    ]
    assert edition.rubric == [
        {"key": "message", "label": "Message", "weight": 3},
        {"key": "craft", "label": "Craft", "weight": 1.5},
    ]
    assert edition.rules == {"en": "Be kind.", "ar": "كونوا لطفاء."}
    assert "Edit the edition" in client.get(response.url).content.decode()
    assert "New edition" in client.get("/contest/").content.decode()


@pytest.mark.django_db
def test_bad_input_shows_each_error_at_its_field_and_changes_nothing(client, organiser_person):
    client.force_login(organiser_person)
    response = client.post(
        "/contest/new/",
        form_data(
            categories="Up to 12 | 0 | twelve\n13 to 25 | 13 | 25",
            rubric="Message | 3\nCraft | -1",
            closes_at="2026-02-01T10:00",
            recognitions="Prize for nobody",
        ),
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["categories"] == [
        "Line 1: write the name | the youngest age | the oldest age."
    ]
    assert form.errors["recognitions"] == ["Line 1: write the name | its kind."]
    assert Edition.objects.count() == 0
    # the form's own errors come first; once they are fixed, the service's come at their fields
    response = client.post(
        "/contest/new/", form_data(rubric="Message | 3\nCraft | -1", closes_at="2026-02-01T10:00")
    )
    errors = response.context["form"].errors
    assert errors["closes_at"] == ["Submissions close after they open."]
    assert errors["rubric"] == ["Craft: the weight is a number above zero, 100 at most."]
    page = response.content.decode()
    assert 'id="id_closes_at_error"' in page and 'id="id_rubric_error"' in page
    assert Edition.objects.count() == 0


@pytest.mark.django_db
def test_an_organiser_edits_an_edition(client, organiser_person, edition):
    client.force_login(organiser_person)
    page = client.get(f"/contest/{edition.slug}/edit/")
    initial = page.context["form"].initial
    assert initial["categories"] == "Up to 12 | 0 | 12\n13 to 17 | 13 | 17\n18 to 25 | 18 | 25"
    assert "slug" not in page.context["form"].fields
    data = {
        key: value
        for key, value in form_data(
            title="YIM 2026, revised",
            opens_at="2026-01-01T00:00",
            closes_at="2026-12-31T00:00",
            screening_ends_at="",
        ).items()
        if key != "slug"
    }
    response = client.post(f"/contest/{edition.slug}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    edition.refresh_from_db()
    assert (edition.slug, edition.title) == ("yim-2026", "YIM 2026, revised")
    assert edition.closes_at == dt.datetime(2026, 12, 31, tzinfo=dt.UTC)
    assert [r.name for r in edition.recognitions.all()] == ["Best film", "Combating Xenophobia"]
    bad = client.post(f"/contest/{edition.slug}/edit/", {**data, "max_seconds": "10"})
    assert bad.status_code == 400
    assert bad.context["form"].errors["max_seconds"] == [
        "The longest length is no less than the shortest."
    ]
    edition.refresh_from_db()
    assert edition.max_seconds == 300


@pytest.mark.django_db
def test_entries_keep_their_edition_when_it_is_edited(client, organiser_person, edition, entry):
    client.force_login(organiser_person)
    data = {k: v for k, v in form_data().items() if k != "slug"}
    client.post(f"/contest/{edition.slug}/edit/", data)
    assert Entry.objects.get(pk=entry.pk).edition_id == edition.pk


@pytest.mark.django_db
def test_the_form_speaks_the_organisers_language(client, organiser_person):
    client.force_login(organiser_person)
    try:
        page = client.get("/contest/new/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    finally:
        translation.activate(settings.LANGUAGE_CODE)  # the request leaves Arabic active
    assert "دورة جديدة" in page and "أقصر مدة (بالثواني)" in page
