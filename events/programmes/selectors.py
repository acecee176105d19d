"""Reads of the programmes: what a programme's page shows to whom. No writes here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import get_language, get_language_bidi

from events.models import Occurrence
from rooms.models import Room
from salam.core.types import AnyUser, Person

from . import chart, library, report
from .models import (
    Application,
    Cohort,
    CohortMember,
    Debrief,
    Programme,
    Reading,
    Reflection,
    SupportService,
    Survey,
    SurveyAnswer,
)
from .permissions import (
    can_manage,
    cohort_member,
    is_cohort_facilitator,
    may_keep_readings,
    may_read_debriefs,
)


def programme_by_slug(slug: str) -> Programme:
    """The programme at this address (Programme.DoesNotExist when there is none)."""
    return Programme.objects.select_related("plan", "organiser").get(slug=slug)


def open_programmes() -> QuerySet[Programme]:
    return Programme.objects.filter(status=Programme.Status.OPEN)


@dataclass(frozen=True)
class ProgrammePage:
    programme: Programme
    application: Application | None
    cohort: Cohort | None  # the viewer's own, as member or facilitator
    members: list[CohortMember]
    facilitating: bool
    managing: bool
    applicant_count: int
    cohorts: list[Cohort]  # every cohort, for its organisers


def programme_page(programme: Programme, viewer: AnyUser) -> ProgrammePage:
    application = cohort = None
    facilitating = False
    if viewer.is_authenticated:
        application = programme.applications.filter(user=viewer).first()
        membership = (
            CohortMember.objects.filter(programme=programme, user=viewer)
            .select_related("cohort")
            .first()
        )
        if membership is not None:
            cohort = membership.cohort
        else:
            cohort = programme.cohorts.filter(facilitators__user=viewer).first()
            facilitating = cohort is not None
    managing = can_manage(viewer, programme)
    members = (
        list(cohort.members.select_related("user__profile").order_by("user__username"))
        if cohort
        else []
    )
    return ProgrammePage(
        programme=programme,
        application=application if application and not application.withdrawn_at else None,
        cohort=cohort,
        members=members,
        facilitating=facilitating,
        managing=managing,
        applicant_count=programme.applications.filter(withdrawn_at__isnull=True).count(),
        cohorts=list(programme.cohorts.prefetch_related("members__user", "facilitators__user"))
        if managing
        else [],
    )


@dataclass(frozen=True)
class QuestionRow:
    key: str
    text: dict
    label: str  # the text in the reader's language (English when missing)
    rate_before: float | None
    rate_after: float | None
    change: report.QuestionChange
    chart: chart.BarChart  # the means before and after as bars, mirrored right to left


@dataclass(frozen=True)
class CohortRow:
    cohort: Cohort
    members: int
    facilitators: list[str]
    attendance: report.Attendance


@dataclass(frozen=True)
class ProgrammeReport:
    programme: Programme
    members: int
    questions: list[QuestionRow]
    cohorts: list[CohortRow]
    facilitator_load: dict[str, int]

    @property
    def attendance_rate(self) -> float | None:
        present = sum(c.attendance.present for c in self.cohorts)
        possible = sum(c.attendance.possible for c in self.cohorts)
        return present / possible if possible else None


def _answers(programme: Programme, moment: str) -> dict[str, dict[int, int]]:
    found: dict[str, dict[int, int]] = {}
    rows = SurveyAnswer.objects.filter(survey__programme=programme, survey__moment=moment)
    for question, user_id, value in rows.values_list("question", "user_id", "value"):
        found.setdefault(question, {})[user_id] = value
    return found


def programme_report(programme: Programme) -> ProgrammeReport:
    """The figures of a programme: surveys paired before and after, attendance, load."""
    members = CohortMember.objects.filter(programme=programme).count()
    before, after = _answers(programme, "before"), _answers(programme, "after")
    surveys = {s.moment: s for s in programme.surveys.all()}
    asked = surveys.get("before") or surveys.get("after")
    language, rtl = (get_language() or "en")[:2], get_language_bidi()
    questions = []
    for q in asked.questions if asked else []:
        figures = report.change(q["key"], before, after)
        questions.append(
            QuestionRow(
                key=q["key"],
                text=q["text"],
                label=q["text"].get(language) or q["text"].get("en") or q["key"],
                rate_before=report.answer_rate(before, q["key"], members),
                rate_after=report.answer_rate(after, q["key"], members),
                change=figures,
                chart=chart.bar_chart(figures.mean_before, figures.mean_after, rtl=rtl),
            )
        )
    cohorts = []
    load: dict[str, int] = {}
    for cohort in programme.cohorts.prefetch_related("facilitators__user", "members"):
        present: dict[int, list[int]] = {}
        for number, user_id, came in cohort.attendance.values_list(
            "session_number", "user_id", "present"
        ):
            present.setdefault(number, [])
            if came:
                present[number].append(user_id)
        names = [seat.user.username for seat in cohort.facilitators.all()]
        for name in names:
            load[name] = load.get(name, 0) + 1
        cohorts.append(
            CohortRow(
                cohort=cohort,
                members=cohort.members.count(),
                facilitators=names,
                attendance=report.attendance(
                    present, members=cohort.members.count(), sessions=programme.sessions
                ),
            )
        )
    return ProgrammeReport(
        programme=programme,
        members=members,
        questions=questions,
        cohorts=cohorts,
        facilitator_load=load,
    )


def report_csv_rows(figures: ProgrammeReport) -> list[list[str]]:
    """The report as rows for a CSV file (one header row, then one row per question)."""

    def number(value: float | None) -> str:
        return "" if value is None else f"{value:.3f}"

    rows = [
        [
            "question",
            "answer_rate_before",
            "answer_rate_after",
            "paired",
            "mean_before",
            "mean_after",
            "mean_change",
            "change_sd",
        ]
    ]
    for q in figures.questions:
        c = q.change
        rows.append(
            [
                q.key,
                number(q.rate_before),
                number(q.rate_after),
                str(c.paired),
                number(c.mean_before),
                number(c.mean_after),
                number(c.mean_change),
                number(c.change_spread),
            ]
        )
    return rows


def visible_reflections(cohort: Cohort, viewer: AnyUser) -> QuerySet[Reflection]:
    """A member sees their own reflections and those shared with the cohort; nobody else
    (facilitators and organisers included) reads a private one."""
    if not viewer.is_authenticated:
        return Reflection.objects.none()
    return (
        Reflection.objects.filter(member__cohort=cohort)
        .filter(Q(member__user=viewer) | Q(shared=True, member__cohort__members__user=viewer))
        .distinct()
    )


def visible_debriefs(cohort: Cohort, viewer: AnyUser) -> QuerySet[Debrief]:
    if not may_read_debriefs(viewer, cohort):
        return Debrief.objects.none()
    return cohort.debriefs.select_related("author")


def cohort_of(slug: str, number: int) -> Cohort:
    return Cohort.objects.select_related("programme").get(programme__slug=slug, number=number)


def may_see_cohort(user: AnyUser, cohort: Cohort) -> bool:
    return bool(cohort_member(user, cohort)) or may_read_debriefs(user, cohort)


@dataclass(frozen=True)
class Meeting:
    """One of a cohort's sessions, as its page lists them."""

    number: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    cancelled: bool
    room_url: str  # while its live room is open (from 15 minutes before), else ""
    is_next: bool  # the one running now, or the next to come
    readings: tuple[Reading, ...] = ()


@dataclass(frozen=True)
class CohortPage:
    cohort: Cohort
    member: CohortMember | None
    facilitating: bool
    reflections: list[Reflection]
    debriefs: list[Debrief]
    members: list[CohortMember]
    facilitators: list[Person]
    meetings: list[Meeting]
    agreements: list[str]
    surveys_to_answer: list[str]  # the moments ("before", "after") the member has not answered
    sessions: range
    support: list[SupportService]
    keeping_readings: bool  # the programme's organiser, who adds and removes the readings


def readings_by_session(programme: Programme) -> dict[int, tuple[Reading, ...]]:
    """The programme's readings, by session number, in the order they were added."""
    found: dict[int, list[Reading]] = {}
    for reading in programme.readings.select_related("resource"):
        found.setdefault(reading.session_number, []).append(reading)
    return {number: tuple(readings) for number, readings in found.items()}


def meetings_of(cohort: Cohort, *, now: dt.datetime) -> list[Meeting]:
    """The cohort's sessions in order, each with the programme's readings for it."""
    if cohort.session_id is None:  # its session was deleted
        return []
    readings = readings_by_session(cohort.programme)
    occurrences = list(
        Occurrence.objects.filter(session_id=cohort.session_id)
        .select_related("room")
        .order_by("index")
    )
    upcoming = [o for o in occurrences if o.ends_at > now and o.cancelled_at is None]
    next_one = upcoming[0].pk if upcoming else None
    return [
        Meeting(
            number=o.index + 1,
            starts_at=o.starts_at,
            ends_at=o.ends_at,
            cancelled=o.cancelled_at is not None,
            room_url=o.room.get_absolute_url()
            if o.room is not None and o.room.state != Room.State.ARCHIVED
            else "",
            is_next=o.pk == next_one,
            readings=readings.get(o.index + 1, ()),
        )
        for o in occurrences
    ]


def agreements_of(programme: Programme) -> list[str]:
    """The programme's own agreements; the shipped ones (or none) in the reader's language."""
    language = (get_language() or "en")[:2]
    shipped = [text["en"] for text in library.AGREEMENTS]
    if programme.agreements and list(programme.agreements) != shipped:
        return list(programme.agreements)
    return [text.get(language) or text["en"] for text in library.AGREEMENTS]


def surveys_to_answer(
    programme: Programme, member: CohortMember | None, *, last_started: bool
) -> list[str]:
    """The surveys the member has yet to answer: "before" at once, "after" once the last
    session has begun."""
    if member is None:
        return []
    answered = set(
        SurveyAnswer.objects.filter(survey__programme=programme, user_id=member.user_id)
        .values_list("survey__moment", flat=True)
        .distinct()
    )
    moments = [
        moment
        for moment in programme.surveys.order_by("moment").values_list("moment", flat=True)
        if moment != "after" or last_started
    ]
    # "before" first: it is asked before the first session
    return sorted((m for m in moments if m not in answered), key=lambda m: m != "before")


def cohort_page(cohort: Cohort, viewer: AnyUser, *, now: dt.datetime) -> CohortPage:
    member = cohort_member(viewer, cohort)
    meetings = meetings_of(cohort, now=now)
    return CohortPage(
        cohort=cohort,
        member=member,
        facilitating=is_cohort_facilitator(viewer, cohort),
        reflections=list(visible_reflections(cohort, viewer).select_related("member__user")),
        debriefs=list(visible_debriefs(cohort, viewer)),
        members=list(
            cohort.members.select_related(
                "user__profile__university", "user__profile__city"
            ).order_by("user__username")
        ),
        facilitators=[
            f.user for f in cohort.facilitators.select_related("user__profile").order_by("pk")
        ],
        meetings=meetings,
        agreements=agreements_of(cohort.programme),
        surveys_to_answer=surveys_to_answer(
            cohort.programme, member, last_started=bool(meetings) and meetings[-1].starts_at <= now
        ),
        sessions=range(1, cohort.programme.sessions + 1),
        support=support_for(cohort),
        keeping_readings=may_keep_readings(viewer, cohort.programme),
    )


def support_directory() -> QuerySet[SupportService]:
    return SupportService.objects.all()


def support_for(cohort: Cohort) -> list[SupportService]:
    """The services in the countries of the cohort's members (their university's or city's)."""
    countries = set()
    for member in cohort.members.select_related("user__profile__university", "user__profile__city"):
        profile = getattr(member.user, "profile", None)
        place = profile and (profile.university or profile.city)
        if place is not None:
            countries.add(place.country.code)
    return list(SupportService.objects.filter(country__in=countries))


def survey_of(programme: Programme, moment: str) -> Survey:
    return programme.surveys.get(moment=moment)


def is_programme_member(user: AnyUser, programme: Programme) -> bool:
    return bool(
        user.is_authenticated
        and CohortMember.objects.filter(programme=programme, user=user).exists()
    )


@dataclass(frozen=True)
class SurveyQuestion:
    key: str
    text: str
    answer: int | None


def survey_questions(survey: Survey, viewer: AnyUser) -> list[SurveyQuestion]:
    """The questions in the reader's language (English when missing), with their answers."""
    language = (get_language() or "en")[:2]
    given = dict(
        SurveyAnswer.objects.filter(survey=survey, user_id=viewer.pk or 0).values_list(
            "question", "value"
        )
    )
    return [
        SurveyQuestion(
            key=q["key"],
            text=q["text"].get(language) or q["text"]["en"],
            answer=given.get(q["key"]),
        )
        for q in survey.questions
    ]
