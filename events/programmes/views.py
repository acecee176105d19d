"""The programmes' pages: thin views over the selectors and services."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salam.core.http import AuthenticatedHttpRequest, or_404
from salam.core.params import int_param
from salam.people.permissions import is_organiser

from . import reading_services, selectors, services
from .errors import Forbidden, Invalid
from .permissions import can_manage


def programme_list(request: HttpRequest) -> HttpResponse:
    return render(request, "programmes/list.html", {"programmes": selectors.open_programmes()})


def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = or_404(lambda: selectors.programme_by_slug(slug))
    return render(
        request,
        "programmes/detail.html",
        {"page": selectors.programme_page(programme, request.user)},
    )


@login_required
@require_POST
def apply_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    programme = or_404(lambda: selectors.programme_by_slug(slug))
    try:
        services.apply(
            programme,
            actor=request.user,
            consent=request.POST.get("consent") == "yes",
            now=timezone.now(),
        )
    except Invalid as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("You applied. We will tell you your cohort when it forms."))
    return redirect(programme)


@login_required
@require_POST
def withdraw_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    programme = or_404(lambda: selectors.programme_by_slug(slug))
    try:
        withdrawn = services.withdraw(programme, actor=request.user, now=timezone.now())
    except Invalid as error:
        messages.error(request, str(error))
    else:
        if withdrawn:
            messages.success(request, _("Your application is withdrawn."))
    return redirect(programme)


@login_required
@require_POST
def form_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    programme = or_404(lambda: selectors.programme_by_slug(slug))
    try:
        formation = services.form_programme(programme, actor=request.user, now=timezone.now())
    except Forbidden as error:
        return render(request, "403.html", {"reason": str(error)}, status=403)
    except Invalid as error:
        messages.error(request, str(error))
    else:
        if formation is not None:
            messages.success(
                request,
                _("%(count)s cohorts formed; %(left)s applicants could not be placed.")
                % {"count": len(formation.cohorts), "left": len(formation.not_placed)},
            )
    return redirect(programme)


def _managed(request: HttpRequest, slug: str):
    programme = or_404(lambda: selectors.programme_by_slug(slug))
    if not can_manage(request.user, programme):
        raise Http404
    return programme


@login_required
def report_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    programme = _managed(request, slug)
    figures = selectors.programme_report(programme)
    return render(request, "programmes/report.html", {"report": figures})


@login_required
def report_csv(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    programme = _managed(request, slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{programme.slug}-report.csv"'
    csv.writer(response).writerows(selectors.report_csv_rows(selectors.programme_report(programme)))
    return response


@login_required
def cohort_view(request: AuthenticatedHttpRequest, slug: str, number: int) -> HttpResponse:
    """A cohort's page between sessions: journal, debriefs and attendance, each for whom it is."""
    cohort = or_404(lambda: selectors.cohort_of(slug, number))
    if not selectors.may_see_cohort(request.user, cohort):
        raise Http404
    if request.method == "POST":
        try:
            _cohort_action(request, cohort)
        except (Invalid, Forbidden) as error:
            messages.error(request, str(error))
        return redirect("programmes:cohort", slug=slug, number=number)
    return render(
        request,
        "programmes/cohort.html",
        {"page": selectors.cohort_page(cohort, request.user, now=timezone.now())},
    )


def _cohort_action(request: AuthenticatedHttpRequest, cohort) -> None:
    action = request.POST.get("action")
    session = int_param(request.POST.get("session"), 1)
    if action == "reflect":
        services.write_reflection(
            cohort,
            actor=request.user,
            session_number=session,
            body=request.POST.get("body", ""),
            shared=request.POST.get("shared") == "yes",
        )
        messages.success(request, _("Your reflection is saved."))
    elif action == "debrief":
        services.write_debrief(
            cohort, actor=request.user, session_number=session, body=request.POST.get("body", "")
        )
        messages.success(request, _("Your notes are saved."))
    elif action == "attendance":
        present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
        missing = services.record_attendance(
            cohort, actor=request.user, session_number=session, present=present
        )
        messages.success(request, _("Attendance is saved."))
        if missing:
            messages.warning(request, _("Someone missed two sessions in a row: reach out to them."))
    elif action == "add_reading":
        reading_services.add_reading(
            cohort.programme,
            actor=request.user,
            session_number=int_param(request.POST.get("session"), 0),
            title=request.POST.get("title", ""),
            url=request.POST.get("url", ""),
            resource=request.POST.get("resource", ""),
            note=request.POST.get("note", ""),
        )
        messages.success(request, _("The reading is added to the session."))
    elif action == "remove_reading":
        reading_services.remove_reading(
            cohort.programme,
            actor=request.user,
            reading_id=int_param(request.POST.get("reading"), 0),
        )
        messages.success(request, _("The reading is removed."))
    else:
        raise Invalid(_("Unknown action."), code="invalid")


def support_view(request: HttpRequest) -> HttpResponse:
    """The support directory: everyone may read it; organisers add to it here."""
    may_edit = is_organiser(request.user)
    if request.method == "POST":
        if not may_edit:
            return render(request, "403.html", status=403)
        try:
            services.save_support_service(
                actor=request.user,  # type: ignore[arg-type]
                country=request.POST.get("country", ""),
                city=request.POST.get("city", ""),
                name=request.POST.get("name", ""),
                contact=request.POST.get("contact", ""),
                description=request.POST.get("description", ""),
                url=request.POST.get("url", ""),
            )
        except (Invalid, Forbidden) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The service is in the directory."))
        return redirect("programmes:support")
    return render(
        request,
        "programmes/support.html",
        {"services": selectors.support_directory(), "may_edit": may_edit},
    )


@login_required
def survey_view(request: AuthenticatedHttpRequest, slug: str, moment: str) -> HttpResponse:
    """A member answers the survey before the first session or after the last."""
    programme = or_404(lambda: selectors.programme_by_slug(slug))
    survey = or_404(lambda: selectors.survey_of(programme, moment))
    if not selectors.is_programme_member(request.user, programme):
        raise Http404
    if request.method == "POST":
        answers = {
            q["key"]: value
            for q in survey.questions
            if (value := int_param(request.POST.get(q["key"]), 0))
        }
        try:
            services.answer_survey(survey, actor=request.user, answers=answers)
        except (Invalid, Forbidden) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Thank you: your answers are saved."))
            return redirect(programme)
    return render(
        request,
        "programmes/survey.html",
        {
            "programme": programme,
            "survey": survey,
            "questions": selectors.survey_questions(survey, request.user),
        },
    )
