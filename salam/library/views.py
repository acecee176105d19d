"""Library pages: check access, call one selector or service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salam.clearinghouse.choices import PolicyArea
from salam.clearinghouse.errors import ClearinghouseError
from salam.clearinghouse.sections import render_organisation_sections
from salam.core.http import AuthenticatedHttpRequest, or_404
from salam.core.markup import render_markdown
from salam.core.params import int_param, text_param
from salam.core.types import Person
from salam.library import selectors, services
from salam.library.forms import (
    PackageVersionForm,
    PageForm,
    PracticeForm,
    ResourceForm,
    RotaPeriodForm,
)
from salam.library.permissions import can_edit_library, can_manage_rota

OVERVIEW = "overview"


def _require_editor(request: HttpRequest) -> Person:
    """The person making the request, who may edit the library now; PermissionDenied else."""
    user = request.user
    if not user.is_authenticated or not can_edit_library(user, now=timezone.now()):
        raise PermissionDenied(_("Only the secretariat, or the partner whose turn it is, edits."))
    return user


def overview(request: HttpRequest) -> HttpResponse:
    page = selectors.page_in_language(OVERVIEW, get_language())
    return render(
        request,
        "library/overview.html",
        {
            "page": page,
            "body": render_markdown(page.body) if page else "",
            "areas": PolicyArea.choices,
            "can_edit": can_edit_library(request.user, now=timezone.now()),
            "period": selectors.current_rota_period(),
        },
    )


@login_required
def overview_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_editor(request)
    language = get_language()
    page = selectors.page_in_language(OVERVIEW, language)
    initial = {"title": page.title, "body": page.body} if page else {}
    form = PageForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_page(
                actor=request.user, slug=OVERVIEW, language=language, **form.cleaned_data
            )
        except ClearinghouseError as error:
            form.add_error(None, error.detail)
        else:
            messages.success(request, _("The overview is saved."))
            return redirect("library:overview")
    return render(
        request, "clearinghouse/form.html", {"form": form, "title": _("Edit the overview")}
    )


def resources(request: HttpRequest) -> HttpResponse:
    filters = selectors.ResourceFilters(
        q=text_param(request.GET.get("q")),
        kind=text_param(request.GET.get("kind")),
        area=text_param(request.GET.get("area")),
        region=text_param(request.GET.get("region")),
        language=text_param(request.GET.get("language")),
        organisation=text_param(request.GET.get("organisation")),
        sort=request.GET.get("sort", "relevance")
        if request.GET.get("sort") in selectors.SORTS
        else "relevance",
    )
    browse = selectors.browse_resources(
        filters,
        page=int_param(request.GET.get("page"), 1),
        per_page=int_param(request.GET.get("per_page"), 20),
    )
    return render(
        request,
        "library/resources.html",
        {
            "browse": browse,
            "filters": filters,
            "facet_titles": {
                "kind": _("Kind"),
                "area": _("Policy area"),
                "region": _("Region"),
                "language": _("Language"),
                "organisation": _("Organisation"),
            },
            "can_edit": can_edit_library(request.user, now=timezone.now()),
        },
    )


def resource_detail(request: HttpRequest, slug: str) -> HttpResponse:
    resource = or_404(lambda: selectors.resource_detail(slug))
    return render(
        request,
        "library/resource_detail.html",
        {"resource": resource, "can_edit": can_edit_library(request.user, now=timezone.now())},
    )


def resource_file(request: HttpRequest, slug: str) -> FileResponse:
    resource = or_404(lambda: selectors.resource_by_slug(slug))
    if not resource.file:
        raise Http404
    return FileResponse(
        resource.file.open("rb"),
        as_attachment=True,
        filename=resource.file_name,
        content_type=resource.file_type,
    )


@login_required
def resource_edit(request: AuthenticatedHttpRequest, slug: str | None = None) -> HttpResponse:
    _require_editor(request)
    resource = or_404(lambda: selectors.resource_by_slug(slug)) if slug else None
    initial = ResourceForm.initial_for(resource) if resource else {}
    form = ResourceForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            resource = services.save_resource(resource, actor=request.user, **form.cleaned_data)
        except ClearinghouseError as error:
            form.add_error("upload" if error.code.startswith("file") else None, error.detail)
        else:
            messages.success(request, _("The resource is saved."))
            return redirect(resource)
    title = _("Edit the resource") if resource else _("Add a resource")
    return render(
        request, "clearinghouse/form.html", {"form": form, "title": title, "multipart": True}
    )


def practices(request: HttpRequest) -> HttpResponse:
    area = text_param(request.GET.get("area"))
    page = selectors.practices(area=area, page=int_param(request.GET.get("page"), 1))
    return render(
        request,
        "library/practices.html",
        {
            "page_obj": page,
            "area": area,
            "areas": PolicyArea.choices,
            "can_edit": can_edit_library(request.user, now=timezone.now()),
        },
    )


def practice_detail(request: HttpRequest, slug: str) -> HttpResponse:
    practice = or_404(lambda: selectors.practice_detail(slug))
    return render(
        request,
        "library/practice_detail.html",
        {"practice": practice, "can_edit": can_edit_library(request.user, now=timezone.now())},
    )


@login_required
def practice_edit(request: AuthenticatedHttpRequest, slug: str | None = None) -> HttpResponse:
    _require_editor(request)
    practice = or_404(lambda: selectors.practice_by_slug(slug)) if slug else None
    initial = PracticeForm.initial_for(practice) if practice else {}
    form = PracticeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            practice = services.save_practice(practice, actor=request.user, **form.cleaned_data)
        except ClearinghouseError as error:
            form.add_error(None, error.detail)
        else:
            messages.success(request, _("The good practice is saved."))
            return redirect(practice)
    title = _("Edit the good practice") if practice else _("Add a good practice")
    return render(request, "clearinghouse/form.html", {"form": form, "title": title})


def packages(request: HttpRequest) -> HttpResponse:
    return render(request, "library/packages.html", {"packages": selectors.packages()})


def package_detail(request: HttpRequest, slug: str) -> HttpResponse:
    package = or_404(lambda: selectors.package_detail(slug))
    can_edit = can_edit_library(request.user, now=timezone.now())
    form = PackageVersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        editor = _require_editor(request)
        if form.is_valid():
            try:
                services.release_package_version(package, actor=editor, **form.cleaned_data)
            except ClearinghouseError as error:
                form.add_error("upload", error.detail)
            else:
                messages.success(request, _("The new version is released."))
                return redirect(package)
    return render(
        request,
        "library/package_detail.html",
        {"package": package, "form": form if can_edit else None},
    )


def package_file(request: HttpRequest, slug: str, number: int) -> FileResponse:
    version = or_404(lambda: selectors.package_version(slug, number))
    return FileResponse(
        version.file.open("rb"),
        as_attachment=True,
        filename=version.file_name,
        content_type=version.file_type,
    )


def organisations(request: HttpRequest) -> HttpResponse:
    return render(
        request, "library/organisations.html", {"organisations": selectors.organisations()}
    )


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = or_404(lambda: selectors.organisation_detail(slug))
    return render(
        request,
        "library/organisation_detail.html",
        {
            "organisation": organisation,
            "sections": render_organisation_sections(organisation, request=request),
        },
    )


def rota(request: HttpRequest) -> HttpResponse:
    may_manage = can_manage_rota(request.user)
    form = RotaPeriodForm(request.POST or None) if may_manage else None
    if request.method == "POST":
        if not may_manage or not request.user.is_authenticated:
            raise PermissionDenied(_("Only organisers change the rota."))
        if form is not None and form.is_valid():
            try:
                services.add_rota_period(actor=request.user, **form.cleaned_data)
            except ClearinghouseError as error:
                form.add_error(None, error.detail)
            else:
                messages.success(request, _("The period is added to the rota."))
                return redirect("library:rota")
    return render(
        request,
        "library/rota.html",
        {"periods": selectors.rota(), "form": form, "now": timezone.now()},
    )


@require_POST
@login_required
def rota_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    period = or_404(lambda: selectors.rota_period(pk))
    try:
        services.remove_rota_period(period, actor=request.user)
    except ClearinghouseError as error:
        raise PermissionDenied(error.detail) from error
    messages.success(request, _("The period is removed from the rota."))
    return redirect("library:rota")
