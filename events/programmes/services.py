"""Every write of the programmes: applying, offering to facilitate, and forming the cohorts.

Forming is one transaction under the programme's row lock: the cohorts (the pure matcher in
rooms.pairing.matching.cohorts), their facilitators (cohort_facilitators), an unlisted event
whose recurring sessions are the cohorts' meetings, each member seated on every meeting, and
the notices, sent after commit. A second close of the same programme finds it formed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction
from django.db.models import Count
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events import services as event_services
from events.models import Event, Session
from rooms.pairing.matching import Candidate
from rooms.pairing.matching.cohort_facilitators import (
    CohortNeed,
    Facilitator,
    assign_cohort_facilitators,
)
from rooms.pairing.matching.cohorts import (
    MAX_COHORT_SIZE,
    MIN_COHORT_SIZE,
    CohortPool,
    form_cohorts,
)
from rooms.pairing.selectors import blocks_among, candidates
from salam.core.text import clean_line, clean_text
from salam.core.types import Person
from salam.notices.recipient import translated
from salam.notices.services import notify
from salam.people.names import name_of

from . import library, report, scheduling
from .errors import Forbidden, Invalid
from .models import (
    Application,
    Attendance,
    Cohort,
    CohortFacilitator,
    CohortMember,
    Debrief,
    FacilitatorOffer,
    PlanPhase,
    Programme,
    Reflection,
    SessionPlan,
    SupportService,
    Survey,
    SurveyAnswer,
)
from .permissions import (
    can_create_programme,
    can_manage,
    cohort_member,
    is_cohort_facilitator,
    may_keep_attendance,
)

NOTICE_COHORT = "programmes.cohort"
NOTICE_FACILITATING = "programmes.facilitating"
NOTICE_NOT_PLACED = "programmes.not_placed"


@transaction.atomic
def apply(programme: Programme, *, actor: Person, consent: bool, now: dt.datetime) -> Application:
    """Apply to a programme while applications are open; idempotent (one application each)."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.status != Programme.Status.OPEN:
        raise Invalid(_("This programme no longer takes applications."), code="closed")
    if not programme.applications_open_at <= now < programme.applications_close_at:
        raise Invalid(_("Applications are not open now."), code="closed")
    if not consent:
        raise Invalid(_("Please read and accept the consent to apply."), code="consent")
    profile = getattr(actor, "profile", None)
    wanted = "student" if programme.pool == Programme.Pool.UNIVERSITY else "city"
    if profile is None or not profile.is_complete or (profile.affiliation or "student") != wanted:
        raise Invalid(
            _("This programme is for university students.")
            if wanted == "student"
            else _("This programme is for city participants."),
            code="pool",
        )
    application, created = Application.objects.get_or_create(
        programme=programme, user=actor, defaults={"consented_at": now}
    )
    if not created and application.withdrawn_at is not None:
        application.withdrawn_at, application.consented_at = None, now
        application.save(update_fields=["withdrawn_at", "consented_at"])
    return application


@transaction.atomic
def withdraw(programme: Programme, *, actor: Person, now: dt.datetime) -> bool:
    """Withdraw one's application before the cohorts form; True if there was one to withdraw."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.status != Programme.Status.OPEN:
        raise Invalid(_("The cohorts are formed: ask the organiser."), code="formed")
    return bool(
        Application.objects.filter(
            programme=programme, user=actor, withdrawn_at__isnull=True
        ).update(withdrawn_at=now)
    )


@transaction.atomic
def offer_to_facilitate(
    programme: Programme,
    *,
    actor: Person,
    facilitator: Person,
    languages: Sequence[str],
    available_hours: Sequence[Sequence[int]],
) -> FacilitatorOffer:
    """Record (or replace) a facilitator's languages and weekly hours for a programme.

    Facilitators are recruited by the organiser: only they enter a facilitator's offer."""
    if not can_manage(actor, programme):
        raise Forbidden(_("Only the programme's organisers may add facilitators."))
    if programme.status != Programme.Status.OPEN:
        raise Invalid(_("The cohorts are formed already."), code="formed")
    hours = sorted({(int(d), int(h)) for d, h in available_hours if 0 <= d <= 6 and 0 <= h <= 23})
    if not languages or not hours:
        raise Invalid(_("A facilitator needs a language and some weekly hours."), code="offer")
    offer, _created = FacilitatorOffer.objects.update_or_create(
        programme=programme,
        user=facilitator,
        defaults={"languages": list(dict.fromkeys(languages)), "available_hours": hours},
    )
    return offer


@dataclass(frozen=True)
class Formation:
    cohorts: list[Cohort]
    not_placed: dict[int, str]
    facilitator_shortfall: dict[int, int]


def form_due_programmes(*, now: dt.datetime) -> int:
    """Form every open programme whose applications have closed (the periodic tick)."""
    formed = 0
    due = Programme.objects.filter(status=Programme.Status.OPEN, applications_close_at__lte=now)
    for programme in list(due):
        if form_programme(programme, actor=None, now=now) is not None:
            formed += 1
    return formed


@transaction.atomic
def form_programme(
    programme: Programme, *, actor: Person | None, now: dt.datetime
) -> Formation | None:
    """Form the cohorts, once. `actor` None is the tick (after the close); an organiser may form
    them early. Returns None when another process formed them first."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if actor is not None and not can_manage(actor, programme):
        raise Forbidden(_("Only the programme's organisers may form its cohorts."))
    if programme.status != Programme.Status.OPEN:
        return None
    if actor is None and now < programme.applications_close_at:
        raise Invalid(_("Applications are still open."), code="open")
    if not programme.meeting_times:
        raise Invalid(_("Set at least one weekly meeting time first."), code="times")
    applications = list(programme.applications.filter(withdrawn_at__isnull=True))
    waiting = {a.user_id: a.created_at for a in applications}
    allowed = set(programme.languages)
    people = [
        _in_languages(c, allowed) for c in candidates(list(waiting), waiting_since=waiting, now=now)
    ]
    result = form_cohorts(
        CohortPool(
            candidates=people,
            kind=programme.pool,  # type: ignore[arg-type]
            cohort_size=programme.cohort_size,
            blocks=blocks_among(list(waiting)),
        )
    )
    zone = ZoneInfo(programme.time_zone)
    event = _event_for(programme, now=now)
    offers = list(programme.offers.all())
    loads = dict(
        CohortFacilitator.objects.filter(cohort__programme__status=Programme.Status.FORMED)
        .values_list("user_id")
        .annotate(n=Count("pk"))
    )
    cohorts: list[Cohort] = []
    needs: list[CohortNeed] = []
    for number, formed in enumerate(result.cohorts, start=1):
        meeting_time = programme.meeting_times[(number - 1) % len(programme.meeting_times)]
        cohort = Cohort.objects.create(
            programme=programme, number=number, language=formed.language, meeting_time=meeting_time
        )
        CohortMember.objects.bulk_create(
            CohortMember(programme=programme, cohort=cohort, user_id=m) for m in formed.members
        )
        cohorts.append(cohort)
        needs.append(
            CohortNeed(
                language=formed.language,
                hours=scheduling.weekly_hours(meeting_time, programme.session_minutes),
                members=frozenset(formed.members),
            )
        )
    plan = assign_cohort_facilitators(
        needs,
        [
            Facilitator(
                id=o.user_id,
                languages=frozenset(o.languages),
                availability=frozenset((d, h) for d, h in o.available_hours),
                load=loads.get(o.user_id, 0),
            )
            for o in offers
        ],
        per_cohort=programme.facilitators_per_cohort,
    )
    for n, cohort in enumerate(cohorts):
        CohortFacilitator.objects.bulk_create(
            CohortFacilitator(cohort=cohort, user_id=f) for f in plan.assigned.get(n, ())
        )
        _schedule(programme, cohort, event=event, zone=zone)
    programme.status, programme.formed_at, programme.event = Programme.Status.FORMED, now, event
    programme.save(update_fields=["status", "formed_at", "event"])
    _notify_formation(programme, cohorts, dict(result.unmatched))
    return Formation(
        cohorts=cohorts,
        not_placed=dict(result.unmatched),
        facilitator_shortfall={cohorts[n].number: k for n, k in plan.shortfall.items()},
    )


def _in_languages(candidate: Candidate, allowed: set[str]) -> Candidate:
    """The candidate with only the programme's working languages (all, when it names none)."""
    if not allowed:
        return candidate
    return replace(candidate, languages=candidate.languages & allowed)


def _event_for(programme: Programme, *, now: dt.datetime) -> Event:
    """The programme's private event: never in the public schedule, but its sessions run
    (their rooms open, reminders go out) for the people placed in them."""
    last_week = programme.first_week + dt.timedelta(
        weeks=programme.weeks_between * (programme.sessions - 1) + 1
    )
    return event_services.create_event(
        actor=programme.organiser,
        title=programme.title,
        slug=f"programme-{programme.slug}"[:80],
        city="",
        time_zone=programme.time_zone,
        start_date=programme.first_week,
        end_date=last_week,
        description=programme.description,
        private=True,
    )


def _schedule(programme: Programme, cohort: Cohort, *, event: Event, zone: ZoneInfo) -> Session:
    starts_at = scheduling.first_meeting(programme.first_week, cohort.meeting_time, zone)
    members = list(cohort.members.select_related("user"))
    facilitators = [f.user for f in cohort.facilitators.select_related("user")]
    session = event_services.create_session(
        event,
        actor=programme.organiser,
        fields=event_services.SessionFields(
            title=_("%(programme)s · cohort %(number)s")
            % {"programme": programme.title, "number": cohort.number},
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(minutes=programme.session_minutes),
            capacity=max(1, len(members)),
            languages=[cohort.language],
            recurrence=scheduling.recurrence(
                sessions=programme.sessions, weeks_between=programme.weeks_between
            ),
            moderators=facilitators,
        ),
    )
    for occurrence in session.occurrences.all():
        for member in members:
            event_services.enrol(occurrence, user=member.user)
    cohort.session = session
    cohort.save(update_fields=["session"])
    return session


def _notify_formation(
    programme: Programme, cohorts: list[Cohort], not_placed: dict[int, str]
) -> None:
    url = programme.get_absolute_url()
    for cohort in cohorts:
        for member in cohort.members.select_related("user"):
            notify(
                member.user,
                kind=NOTICE_COHORT,
                text=translated(
                    gettext_lazy("You are in cohort %(number)s of %(programme)s"),
                    number=cohort.number,
                    programme=programme.title,
                ),
                url=url,
            )
        for seat in cohort.facilitators.select_related("user"):
            notify(
                seat.user,
                kind=NOTICE_FACILITATING,
                text=translated(
                    gettext_lazy("You facilitate cohort %(number)s of %(programme)s"),
                    number=cohort.number,
                    programme=programme.title,
                ),
                url=url,
            )
    for application in programme.applications.filter(user_id__in=list(not_placed)):
        notify(
            application.user,
            kind=NOTICE_NOT_PLACED,
            text=translated(
                gettext_lazy("We could not place you in a cohort of %(programme)s"),
                gettext_lazy("No cohort could take you under the programme's rules this time."),
                programme=programme.title,
            ),
            url=url,
        )


@dataclass(frozen=True)
class ProgrammeFields:
    title: str
    slug: str
    pool: str
    sessions: int
    first_week: dt.date
    meeting_times: Sequence[Sequence[int]]
    applications_open_at: dt.datetime
    applications_close_at: dt.datetime
    plan_id: int
    consent_text: str
    description: str = ""
    languages: Sequence[str] = ()
    weeks_between: int = 1
    session_minutes: int = 120
    cohort_size: int = 10
    facilitators_per_cohort: int = 2
    time_zone: str = "UTC"
    agreements: Sequence[str] = ()


@transaction.atomic
def create_programme(*, actor: Person, fields: ProgrammeFields) -> Programme:
    """A programme open for applications, checked whole before anything is written."""
    if not can_create_programme(actor):
        raise Forbidden(_("Only organisers may create programmes."))
    slug = slugify(fields.slug)
    if not slug or Programme.objects.filter(slug=slug).exists():
        raise Invalid(_("Choose another address for this programme."), code="slug")
    if fields.pool not in Programme.Pool.values:
        raise Invalid(_("Choose who may apply."), code="pool")
    if not MIN_COHORT_SIZE <= fields.cohort_size <= MAX_COHORT_SIZE:
        raise Invalid(
            _("A cohort holds %(low)s to %(high)s people.")
            % {"low": MIN_COHORT_SIZE, "high": MAX_COHORT_SIZE},
            code="cohort_size",
        )
    if fields.facilitators_per_cohort not in (1, 2):
        raise Invalid(_("A cohort has one or two facilitators."), code="facilitators")
    if fields.applications_close_at <= fields.applications_open_at:
        raise Invalid(_("Applications close after they open."), code="dates")
    times = [list(t) for t in fields.meeting_times]
    if not times or not all(
        len(t) == 3 and 0 <= t[0] <= 6 and 0 <= t[1] <= 23 and 0 <= t[2] <= 59 for t in times
    ):
        raise Invalid(_("Give each weekly meeting time as a day and a time."), code="times")
    try:
        ZoneInfo(fields.time_zone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise Invalid(_("Unknown time zone."), code="zone") from exc
    if not SessionPlan.objects.filter(pk=fields.plan_id).exists():
        raise Invalid(_("Choose a session plan."), code="plan")
    return Programme.objects.create(
        title=clean_line(fields.title),
        slug=slug,
        description=fields.description.strip(),
        languages=list(dict.fromkeys(fields.languages)),
        pool=fields.pool,
        sessions=fields.sessions,
        weeks_between=fields.weeks_between,
        session_minutes=fields.session_minutes,
        cohort_size=fields.cohort_size,
        facilitators_per_cohort=fields.facilitators_per_cohort,
        meeting_times=times,
        time_zone=fields.time_zone,
        first_week=fields.first_week,
        plan_id=fields.plan_id,
        consent_text=fields.consent_text.strip(),
        agreements=[a.strip() for a in fields.agreements if a.strip()],
        applications_open_at=fields.applications_open_at,
        applications_close_at=fields.applications_close_at,
        organiser=actor,
    )


@transaction.atomic
def install_shipped_plans() -> list[SessionPlan]:
    """The site's plans (events.programmes.library), written once each; returns them."""
    plans = []
    for shipped in library.SHIPPED_PLANS:
        plan, created = SessionPlan.objects.get_or_create(
            source=shipped.source,
            defaults={"title": shipped.title, "description": shipped.description},
        )
        if created:
            PlanPhase.objects.bulk_create(
                PlanPhase(
                    plan=plan,
                    session_number=number,
                    position=position,
                    kind=kind,
                    stage=stage.stage,
                    minutes=minutes,
                    prompt=library.phase_prompt(stage, kind),
                )
                for number, stage in enumerate(shipped.sessions, start=1)
                for position, (kind, minutes) in enumerate(library.ARC)
            )
        plans.append(plan)
    return plans


@transaction.atomic
def copy_plan(plan: SessionPlan, *, actor: Person) -> SessionPlan:
    """An organiser's own editable copy of a plan, phases and prompts included."""
    if not can_create_programme(actor):
        raise Forbidden(_("Only organisers may copy plans."))
    copy = SessionPlan.objects.create(
        title={k: f"{v} ({_('copy')})" for k, v in plan.title.items()},
        description=plan.description,
        owner=actor,
    )
    PlanPhase.objects.bulk_create(
        PlanPhase(
            plan=copy,
            session_number=p.session_number,
            position=p.position,
            kind=p.kind,
            stage=p.stage,
            minutes=p.minutes,
            prompt=dict(p.prompt),
        )
        for p in plan.phases.all()
    )
    return copy


NOTICE_ABSENT_TWICE = "programmes.absent_twice"


@transaction.atomic
def set_survey(
    programme: Programme, *, actor: Person, moment: str, questions: Sequence[dict] | None = None
) -> Survey:
    """The survey's questions (the defaults when none are given); keys must be unique slugs."""
    if not can_manage(actor, programme):
        raise Forbidden(_("Only the programme's organisers may set its surveys."))
    if moment not in Survey.Moment.values:
        raise Invalid(_("A survey is before the first session or after the last."), code="moment")
    chosen = (
        list(questions) if questions is not None else [dict(q) for q in library.DEFAULT_QUESTIONS]
    )
    keys = [q.get("key", "") for q in chosen]
    if not chosen or len(set(keys)) != len(keys) or any(slugify(k) != k or not k for k in keys):
        raise Invalid(_("Each question needs its own short key."), code="questions")
    if any(not isinstance(q.get("text"), dict) or not q["text"].get("en") for q in chosen):
        raise Invalid(_("Each question needs its text, in English at least."), code="questions")
    survey, _created = Survey.objects.update_or_create(
        programme=programme, moment=moment, defaults={"questions": chosen}
    )
    return survey


@transaction.atomic
def answer_survey(survey: Survey, *, actor: Person, answers: dict[str, int]) -> int:
    """A cohort member's answers (1 to 5; a question left out is skipped); returns how many."""
    if not CohortMember.objects.filter(programme=survey.programme_id, user=actor).exists():
        raise Forbidden(_("Only the programme's members answer its surveys."))
    keys = {q["key"] for q in survey.questions}
    if set(answers) - keys or any(
        not isinstance(v, int) or not 1 <= v <= 5 for v in answers.values()
    ):
        raise Invalid(_("Answer each question from 1 to 5."), code="answers")
    for key, value in answers.items():
        SurveyAnswer.objects.update_or_create(
            survey=survey, user=actor, question=key, defaults={"value": value}
        )
    return len(answers)


@transaction.atomic
def record_attendance(
    cohort: Cohort, *, actor: Person, session_number: int, present: set[int]
) -> list[int]:
    """Who came to a session; returns the members absent twice in a row (they and the
    facilitators are told)."""
    if not may_keep_attendance(actor, cohort):
        raise Forbidden(_("Only the cohort's facilitators keep its attendance."))
    if not 1 <= session_number <= cohort.programme.sessions:
        raise Invalid(_("No such session."), code="session")
    members = list(cohort.members.select_related("user"))
    member_ids = {m.user_id for m in members}
    if present - member_ids:
        raise Invalid(_("Only the cohort's members can be marked present."), code="members")
    for member in members:
        Attendance.objects.update_or_create(
            cohort=cohort,
            session_number=session_number,
            user=member.user,
            defaults={"present": member.user_id in present},
        )
    came: dict[int, list[int]] = {}
    for number, user_id, was in cohort.attendance.values_list(
        "session_number", "user_id", "present"
    ):
        came.setdefault(number, [])
        if was:
            came[number].append(user_id)
    missing = report.missed_twice_in_a_row(came, sorted(member_ids))
    if session_number == max(came) and missing:
        by_id = {m.user_id: m.user for m in members}
        url = cohort.programme.get_absolute_url()
        for user_id in missing:
            notify(
                by_id[user_id],
                kind=NOTICE_ABSENT_TWICE,
                text=translated(
                    gettext_lazy("We missed you at the last two sessions of %(programme)s"),
                    programme=cohort.programme.title,
                ),
                url=url,
            )
        names = ", ".join(name_of(by_id[u]) for u in missing)
        for seat in cohort.facilitators.select_related("user"):
            notify(
                seat.user,
                kind=NOTICE_ABSENT_TWICE,
                text=translated(
                    gettext_lazy("Absent from the last two sessions: %(names)s"), names=names
                ),
                url=url,
            )
    return missing


@transaction.atomic
def write_reflection(
    cohort: Cohort, *, actor: Person, session_number: int, body: str, shared: bool = False
) -> Reflection:
    member = cohort_member(actor, cohort)
    if member is None:
        raise Forbidden(_("Only the cohort's members keep a reflection journal here."))
    text = clean_text(body).strip()
    if not text:
        raise Invalid(_("Write something first."), code="empty")
    return Reflection.objects.create(
        member=member, session_number=session_number, body=text, shared=shared
    )


@transaction.atomic
def write_debrief(cohort: Cohort, *, actor: Person, session_number: int, body: str) -> Debrief:
    if not is_cohort_facilitator(actor, cohort):
        raise Forbidden(_("Only the cohort's facilitators write its debriefs."))
    text = clean_text(body).strip()
    if not text:
        raise Invalid(_("Write something first."), code="empty")
    return Debrief.objects.create(
        cohort=cohort, session_number=session_number, author=actor, body=text
    )


@transaction.atomic
def save_support_service(
    *,
    actor: Person,
    country: str,
    name: str,
    contact: str,
    city: str = "",
    description: str = "",
    url: str = "",
    languages: Sequence[str] = (),
    service: SupportService | None = None,
) -> SupportService:
    """Add or change an entry of the support directory (organisers only)."""
    if not can_create_programme(actor):
        raise Forbidden(_("Only organisers keep the support directory."))
    country = country.strip().upper()
    if len(country) != 2 or not country.isalpha():
        raise Invalid(_("Give the country as its two-letter code."), code="country")
    if not clean_line(name).strip() or not clean_line(contact).strip():
        raise Invalid(_("A service needs a name and a way to reach it."), code="required")
    if url and not url.startswith(("https://", "http://")):
        raise Invalid(_("A web address starts with https://."), code="url")
    service = service or SupportService()
    service.country, service.city = country, clean_line(city).strip()
    service.name, service.contact = clean_line(name).strip(), clean_line(contact).strip()
    service.description, service.url = clean_text(description).strip(), url.strip()
    service.languages = list(dict.fromkeys(languages))
    service.save()
    return service
