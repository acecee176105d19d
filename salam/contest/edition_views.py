"""The organisers' pages that make and change an edition: the form, one service, a redirect."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from salam.contest import permissions, services
from salam.contest.edition_forms import EditionForm
from salam.contest.editions import EditionSpec
from salam.contest.errors import ContestError, InvalidEdition
from salam.contest.models import Edition
from salam.core.http import AuthenticatedHttpRequest


def _organiser(request: AuthenticatedHttpRequest) -> None:
    if not permissions.may_organise(request.user):
        raise PermissionDenied(_("Only organisers make and change editions."))


def _refused(form: EditionForm, error: ContestError) -> None:
    """Each reason beside its field (the form's own when the service names one it has)."""
    if error.status == 403:
        raise PermissionDenied(error.detail) from error
    problems = error.problems if isinstance(error, InvalidEdition) else [("", error.detail)]
    for field, reason in problems:
        form.add_error(field if field in form.fields else None, reason)


def _form_page(
    request: AuthenticatedHttpRequest,
    form: EditionForm,
    edition: Edition | None,
    save: Callable[[EditionSpec], Edition],
    done: str,
) -> HttpResponse:
    """Validate, `save` the spec through a service, show its refusals at their fields, or go
    to the edition's manage page."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.spec())
        except ContestError as error:
            _refused(form, error)
        else:
            messages.success(request, done)
            return redirect("contest:manage", saved.slug)
    return render(
        request,
        "contest/edition_form.html",
        {"form": form, "edition": edition},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def edition_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    _organiser(request)
    form = EditionForm(request.POST or None)
    return _form_page(
        request,
        form,
        None,
        lambda spec: services.create_edition_from(
            spec, actor=request.user, slug=form.cleaned_data["slug"]
        ),
        _("The edition is created."),
    )


@login_required
def edition_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    _organiser(request)
    edition = get_object_or_404(Edition, slug=slug)
    return _form_page(
        request,
        EditionForm(request.POST or None, edition=edition),
        edition,
        lambda spec: services.update_edition(
            edition, actor=request.user, spec=spec, now=timezone.now()
        ),
        _("The edition is saved."),
    )
