"""Screening, shortlist, jurors' scores and conflicts, results, decisions, partner picks."""

from __future__ import annotations

from decimal import Decimal

import pytest

from salam.clearinghouse.models import Organisation
from salam.contest import judging, selectors, services
from salam.contest.errors import ContestError
from salam.contest.models import Recognition

pytestmark = pytest.mark.django_db

MARKS = {"message": 8, "creativity": 6, "craft": 7, "originality": 5}  # weighted: 6.875


@pytest.fixture
def jury(edition, organiser_person, make_person):
    jurors = [make_person(f"juror{n}") for n in range(3)]
    for person in jurors:
        services.add_juror(edition, actor=organiser_person, user=person)
    return jurors


@pytest.fixture
def shortlisted(make_ready, make_person, organiser_person):
    entries = [make_ready(make_person(f"kid{n}")) for n in range(3)]
    for entry in entries:
        judging.screen_entry(entry, actor=organiser_person, verdict="yes", notes="strong")
        judging.set_shortlisted(entry, actor=organiser_person, shortlisted=True)
    return entries


def test_only_organisers_screen_and_shortlist(
    make_ready, make_person, participant, organiser_person
):
    entry = make_ready(make_person("kid"))
    with pytest.raises(ContestError) as refused:
        judging.screen_entry(entry, actor=participant, verdict="yes", notes="")
    assert refused.value.code == "not_organiser"
    with pytest.raises(ContestError) as not_screened:
        judging.set_shortlisted(entry, actor=organiser_person, shortlisted=True)
    assert not_screened.value.code == "not_screened"
    judging.screen_entry(entry, actor=organiser_person, verdict="maybe", notes="hmm")
    assert (entry.screening, entry.screening_notes, entry.shortlisted) == ("maybe", "hmm", False)


def test_a_conflict_removes_the_entry_from_the_list_and_the_score_from_the_average(
    edition, jury, shortlisted
):
    first = shortlisted[0]
    judging.score_entry(first, actor=jury[0], marks=MARKS, notes="private")
    judging.score_entry(first, actor=jury[1], marks=dict.fromkeys(MARKS, 10), notes="")
    judging.score_entry(shortlisted[1], actor=jury[0], marks=dict.fromkeys(MARKS, 9), notes="")
    judging.declare_conflict(first, actor=jury[1], reason="my cousin")
    listed = [
        entry
        for entry, _score in selectors.jury_list(edition, selectors.Juror.objects.get(user=jury[1]))
    ]
    assert first not in listed and len(listed) == 2
    with pytest.raises(ContestError) as refused:
        judging.score_entry(first, actor=jury[1], marks=MARKS, notes="")
    assert refused.value.code == "conflict"
    (group,) = [g for g in selectors.results(edition) if g.rows]
    rows = {
        entry.pk: (standing.average, standing.scores, standing.rank)
        for entry, standing, _v in group.rows
    }
    assert rows[first.pk] == (Decimal("6.88"), 1, 2)
    assert rows[shortlisted[1].pk] == (Decimal("9.00"), 1, 1)
    assert rows[shortlisted[2].pk] == (None, 0, None)


def test_marks_outside_the_rubric_are_refused(jury, shortlisted):
    for marks in ({"message": 8}, {**MARKS, "message": 11}, {**MARKS, "extra": 3}):
        with pytest.raises(ContestError):
            judging.score_entry(shortlisted[0], actor=jury[0], marks=marks, notes="")


def test_a_stranger_and_a_former_juror_cannot_score(edition, jury, shortlisted, participant):
    with pytest.raises(ContestError) as stranger:
        judging.score_entry(shortlisted[0], actor=participant, marks=MARKS, notes="")
    assert stranger.value.code == "not_juror"
    edition.jurors.filter(user=jury[2]).delete()  # their role just changed
    with pytest.raises(ContestError):
        judging.score_entry(shortlisted[0], actor=jury[2], marks=MARKS, notes="")


def test_decisions_are_recorded_with_who_made_them(
    edition, shortlisted, organiser_person, participant
):
    best = edition.recognitions.get(name="Best film")
    with pytest.raises(ContestError):
        judging.decide(best, shortlisted[0], actor=participant)
    decision = judging.decide(best, shortlisted[0], actor=organiser_person, note="unanimous")
    assert (decision.decided_by, decision.note) == (organiser_person, "unanimous")
    assert [(r.name, [e.pk for e in entries]) for r, entries in selectors.festival(edition)] == [
        ("Best film", [shortlisted[0].pk])
    ]


def test_a_partner_organisations_members_pick_their_recognition(
    edition, shortlisted, make_person, organiser_person
):
    member, stranger = make_person("iom"), make_person("other")
    organisation = Organisation.objects.create(name="IOM", slug="iom", kind="un", is_partner=True)
    organisation.editors.add(member)
    prize = Recognition.objects.create(
        edition=edition, name="IOM award", kind="partner", organisation=organisation
    )
    for person in (stranger, organiser_person):
        with pytest.raises(ContestError) as refused:
            judging.decide(prize, shortlisted[1], actor=person)
        assert refused.value.code == "not_partner"
    decision = judging.decide(prize, shortlisted[1], actor=member)
    assert decision.decided_by == member
    organisation.editors.remove(member)  # no longer a member: cannot withdraw it
    with pytest.raises(ContestError):
        judging.withdraw_decision(decision, actor=member)


def test_a_juror_cannot_enter(edition, jury, now):
    from tests.contest.conftest import entry_form

    with pytest.raises(ContestError) as refused:
        services.submit_entry(edition, entrant=jury[0], form=entry_form(), now=now)
    assert refused.value.code == "excluded"


def test_scores_close_with_the_jurys_round(jury, shortlisted, now):
    import datetime as dt

    entry = shortlisted[0]
    entry.edition.jury_ends_at = ends = now + dt.timedelta(hours=1)
    entry.edition.save()
    judging.score_entry(entry, actor=jury[0], marks=MARKS, notes="", now=now)
    with pytest.raises(ContestError) as late:
        judging.score_entry(entry, actor=jury[0], marks=MARKS, notes="", now=ends)
    assert late.value.code == "round_over"
