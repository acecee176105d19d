"""The contest's pages for organisers, jurors and partner organisations."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salam.contest import judging, permissions, selectors, services
from salam.contest.errors import ContestError, Invalid
from salam.contest.forms import ConflictForm, ScoreForm, ScreeningForm
from salam.contest.models import Decision, Edition, Entry, Recognition
from salam.core.http import AuthenticatedHttpRequest


def _organised(request: AuthenticatedHttpRequest, slug: str) -> Edition:
    edition = get_object_or_404(Edition, slug=slug)
    if not permissions.may_organise(request.user):
        raise PermissionDenied(_("Only organisers manage the contest."))
    return edition


def _refused(request: AuthenticatedHttpRequest, error: ContestError) -> None:
    """A refusal said on the page it goes back to; a 403 refuses the whole request."""
    if error.status == 403:
        raise PermissionDenied(error.detail) from error
    messages.error(request, error.detail)


def _done(request: AuthenticatedHttpRequest, action: Callable[[], object], success: str) -> None:
    try:
        action()
    except ContestError as error:
        _refused(request, error)
    else:
        messages.success(request, success)


@login_required
def manage(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    edition = _organised(request, slug)
    return render(
        request,
        "contest/manage.html",
        {
            "edition": edition,
            "entries": selectors.screening_list(edition),
            "screening_form": ScreeningForm(),
            "screening_open": permissions.screening_open(edition, timezone.now()),
            "results": selectors.results(edition),
            "recognitions": selectors.recognitions(edition),
            "decisions": selectors.decisions(edition),
            "jurors": selectors.jurors(edition),
            "votes": selectors.vote_counts(edition),
            "anomalies": selectors.anomaly_report(edition),
        },
    )


def _edition_entry(edition: Edition, pk: int) -> Entry:
    return get_object_or_404(Entry, pk=pk, edition=edition)


# An organiser's button on the manage page: `act` calls one service and returns what to say
# when it succeeded; a domain error it raises is said instead (a 403 refuses the request).
ManageAction = Callable[..., str]


def _manage_action(act: ManageAction) -> Callable[..., HttpResponse]:
    @require_POST
    @login_required
    @functools.wraps(act)
    def view(request: AuthenticatedHttpRequest, slug: str, **kwargs: int) -> HttpResponse:
        edition = _organised(request, slug)
        try:
            said = act(request, edition, **kwargs)
        except ContestError as error:
            _refused(request, error)
        else:
            messages.success(request, said)
        return redirect("contest:manage", slug)

    return view


@_manage_action
def screen(request: AuthenticatedHttpRequest, edition: Edition, pk: int) -> str:
    judging.screen_entry(
        _edition_entry(edition, pk),
        actor=request.user,
        verdict=request.POST.get("verdict", ""),
        notes=request.POST.get("notes", ""),
    )
    return _("Screening saved.")


@_manage_action
def shortlist(request: AuthenticatedHttpRequest, edition: Edition, pk: int) -> str:
    on = request.POST.get("shortlisted") == "1"
    judging.set_shortlisted(_edition_entry(edition, pk), actor=request.user, shortlisted=on)
    return _("Shortlist saved.")


@_manage_action
def add_juror(request: AuthenticatedHttpRequest, edition: Edition) -> str:
    user = selectors.person_named(request.POST.get("username", ""))
    if user is None:
        raise Invalid(_("Nobody has that username."), code="unknown_user")
    services.add_juror(edition, actor=request.user, user=user)
    return _("Juror added.")


@_manage_action
def publish(request: AuthenticatedHttpRequest, edition: Edition) -> str:
    on = request.POST.get("published") == "1"
    services.publish_festival(edition, actor=request.user, published=on)
    return _("Festival page saved.")


@require_POST
@login_required
def decide(request: AuthenticatedHttpRequest, slug: str, recognition: int) -> HttpResponse:
    edition = get_object_or_404(Edition, slug=slug)
    chosen = get_object_or_404(Recognition, pk=recognition, edition=edition)
    entry_id = request.POST.get("entry", "")
    entry = _edition_entry(edition, int(entry_id)) if entry_id.isdigit() else None
    if entry is None:
        messages.error(request, _("Choose an entry."))
    else:
        _done(
            request,
            lambda: judging.decide(
                chosen, entry, actor=request.user, note=request.POST.get("note", "")
            ),
            _("Decision recorded."),
        )
    if chosen.kind == Recognition.Kind.PARTNER:
        return redirect("contest:partner", slug, chosen.pk)
    return redirect("contest:manage", slug)


@require_POST
@login_required
def undecide(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    decision = get_object_or_404(Decision, pk=pk, recognition__edition__slug=slug)
    partner = decision.recognition.kind == Recognition.Kind.PARTNER
    recognition_id = decision.recognition_id
    _done(
        request,
        lambda: judging.withdraw_decision(decision, actor=request.user),
        _("Decision withdrawn."),
    )
    return (
        redirect("contest:partner", slug, recognition_id)
        if partner
        else redirect("contest:manage", slug)
    )


def _juror(request: AuthenticatedHttpRequest, slug: str):
    edition = get_object_or_404(Edition, slug=slug)
    juror = permissions.juror_of(edition, request.user)
    if juror is None:
        raise PermissionDenied(_("You are not on this edition's jury."))
    return edition, juror


@login_required
def jury(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    edition, juror = _juror(request, slug)
    return render(
        request,
        "contest/jury.html",
        {"edition": edition, "rows": selectors.jury_list(edition, juror)},
    )


@login_required
def jury_entry(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    edition, juror = _juror(request, slug)
    entry = get_object_or_404(Entry, pk=pk, edition=edition, shortlisted=True)
    if selectors.has_conflict(juror, entry):
        raise Http404
    score = selectors.score_of(juror, entry)
    initial = {f"mark_{k}": v for k, v in (score.marks if score else {}).items()} | {
        "notes": score.notes if score else ""
    }
    form = ScoreForm(request.POST or None, rubric=edition.rubric, initial=initial)
    if request.method == "POST" and form.is_valid():
        marks = {c["key"]: form.cleaned_data[f"mark_{c['key']}"] for c in edition.rubric}
        try:
            judging.score_entry(
                entry, actor=request.user, marks=marks, notes=form.cleaned_data["notes"]
            )
        except ContestError as error:
            form.add_error(None, error.detail)
        else:
            messages.success(request, _("Your score is saved."))
            return redirect("contest:jury", slug)
    return render(
        request,
        "contest/jury_entry.html",
        {
            "edition": edition,
            "entry": entry,
            "form": form,
            "conflict_form": ConflictForm(),
            "show_names": not edition.anonymous_judging,
        },
    )


@require_POST
@login_required
def conflict(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    edition, _juror_row = _juror(request, slug)
    entry = get_object_or_404(Entry, pk=pk, edition=edition)
    reason = request.POST.get("reason", "")[:500]
    _done(
        request,
        lambda: judging.declare_conflict(entry, actor=request.user, reason=reason),
        _("The entry has left your list."),
    )
    return redirect("contest:jury", slug)


@login_required
def partner(request: AuthenticatedHttpRequest, slug: str, recognition: int) -> HttpResponse:
    edition = get_object_or_404(Edition, slug=slug)
    chosen = get_object_or_404(
        Recognition, pk=recognition, edition=edition, kind=Recognition.Kind.PARTNER
    )
    if not permissions.is_partner_member(chosen, request.user):
        raise PermissionDenied(_("Only the partner's members pick their recognition."))
    return render(
        request,
        "contest/partner.html",
        {
            "edition": edition,
            "recognition": chosen,
            "entries": selectors.shortlist(edition),
            "decisions": selectors.decisions_for(chosen),
        },
    )
