"""Between sessions: surveys and the report, attendance, reflections and debriefs, by persona."""

from __future__ import annotations

import pytest

from events.programmes import selectors, services
from events.programmes.errors import Forbidden, Invalid
from salam.notices.models import Notice


def cohorts(programme):
    first, second = programme.cohorts.all()
    return first, second


def members(cohort):
    return [m.user for m in cohort.members.select_related("user").order_by("user__username")]


def facilitator(cohort):
    return cohort.facilitators.get().user


def test_the_report_gives_known_figures_for_known_answers(formed, organiser, participant):
    with pytest.raises(Forbidden):
        services.set_survey(formed, actor=participant, moment="before")
    before = services.set_survey(formed, actor=organiser, moment="before")
    after = services.set_survey(formed, actor=organiser, moment="after")
    assert [q["key"] for q in before.questions] == ["others", "confidence", "knowledge"]
    first, _second = cohorts(formed)
    a, b, c = members(first)[:3]
    services.answer_survey(before, actor=a, answers={"confidence": 2})
    services.answer_survey(before, actor=b, answers={"confidence": 3})
    services.answer_survey(before, actor=c, answers={"confidence": 1})
    services.answer_survey(after, actor=a, answers={"confidence": 4})
    services.answer_survey(after, actor=b, answers={"confidence": 3})
    with pytest.raises(Invalid):
        services.answer_survey(after, actor=c, answers={"confidence": 6})
    with pytest.raises(Forbidden):
        services.answer_survey(after, actor=participant, answers={"confidence": 5})
    figures = selectors.programme_report(formed)
    row = next(q for q in figures.questions if q.key == "confidence")
    assert row.rate_before == pytest.approx(3 / 12) and row.rate_after == pytest.approx(2 / 12)
    assert row.change.paired == 2
    assert row.change.mean_change == pytest.approx(1.0)  # +2 and 0
    assert row.change.change_spread == pytest.approx(2**0.5)
    csv = selectors.report_csv_rows(figures)
    assert csv[0][0] == "question" and csv[2][:4] == ["confidence", "0.250", "0.167", "2"]
    assert figures.facilitator_load == {"fac0": 1, "fac1": 1}


def test_two_absences_in_a_row_tell_the_member_and_the_facilitators(formed, participant):
    first, second = cohorts(formed)
    people = members(first)
    everyone = {p.pk for p in people}
    keeper = facilitator(first)
    with pytest.raises(Forbidden):
        services.record_attendance(first, actor=people[0], session_number=1, present=everyone)
    with pytest.raises(Forbidden):
        services.record_attendance(
            first, actor=facilitator(second), session_number=1, present=everyone
        )
    with pytest.raises(Invalid):
        services.record_attendance(first, actor=keeper, session_number=1, present={participant.pk})
    assert services.record_attendance(first, actor=keeper, session_number=1, present=everyone) == []
    away = everyone - {people[0].pk}
    assert services.record_attendance(first, actor=keeper, session_number=2, present=away) == []
    assert services.record_attendance(first, actor=keeper, session_number=3, present=away) == [
        people[0].pk
    ]
    assert Notice.objects.filter(kind=services.NOTICE_ABSENT_TWICE, user=people[0]).count() == 1
    assert Notice.objects.filter(kind=services.NOTICE_ABSENT_TWICE, user=keeper).count() == 1
    figures = selectors.programme_report(formed)
    row = next(r for r in figures.cohorts if r.cohort == first)
    assert (row.attendance.present, row.attendance.possible) == (6 + 5 + 5, 18)


def test_a_private_reflection_is_read_by_its_author_alone(formed, organiser):
    first, second = cohorts(formed)
    author, peer = members(first)[:2]
    private = services.write_reflection(first, actor=author, session_number=1, body="Only mine")
    shared = services.write_reflection(
        first, actor=author, session_number=1, body="For all", shared=True
    )
    assert set(selectors.visible_reflections(first, author)) == {private, shared}
    assert list(selectors.visible_reflections(first, peer)) == [shared]
    for outsider in (facilitator(first), organiser, members(second)[0]):
        assert list(selectors.visible_reflections(first, outsider)) == []
    with pytest.raises(Forbidden):
        services.write_reflection(first, actor=members(second)[0], session_number=1, body="x")


def test_debriefs_are_for_the_cohorts_facilitators_and_organisers_only(formed, organiser):
    first, second = cohorts(formed)
    note = services.write_debrief(
        first, actor=facilitator(first), session_number=1, body="Went well"
    )
    with pytest.raises(Forbidden):
        services.write_debrief(first, actor=facilitator(second), session_number=1, body="x")
    with pytest.raises(Forbidden):
        services.write_debrief(first, actor=members(first)[0], session_number=1, body="x")
    assert list(selectors.visible_debriefs(first, facilitator(first))) == [note]
    assert list(selectors.visible_debriefs(first, organiser)) == [note]
    for outsider in (members(first)[0], facilitator(second)):
        assert list(selectors.visible_debriefs(first, outsider)) == []


@pytest.mark.parametrize(("language", "before_x"), [("en", "80"), ("ar", "148.0")])
def test_the_report_charts_each_question_as_bars_with_their_values(
    client, formed, organiser, language, before_x
):
    before = services.set_survey(formed, actor=organiser, moment="before")
    a, b = members(cohorts(formed)[0])[:2]
    services.answer_survey(before, actor=a, answers={"confidence": 2})
    services.answer_survey(before, actor=b, answers={"confidence": 3})
    client.force_login(organiser)
    client.cookies["django_language"] = language
    page = client.get(f"/programmes/{formed.slug}/report/").content.decode()
    assert page.count('<svg class="report-chart-svg"') == 3  # one per question
    assert 'role="img" aria-labelledby="chart-2-title chart-2-desc"' in page
    # Mean 2.5: a bar of 132 units from the start edge (the right one in Arabic), written on it.
    assert f'class="chart-bar chart-bar-before" x="{before_x}" y="8" width="132.0"' in page
    assert page.count('class="chart-bar ') == 1  # nobody answered after, nor the others
    assert 'id="report-figures"' in page  # the table stays, with every figure
    assert "style=" not in page.split('<div class="report-charts">')[1].split("</table>")[0]
