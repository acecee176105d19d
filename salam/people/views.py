from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_POST

from salam.core.http import AuthenticatedHttpRequest
from salam.people import selectors, services
from salam.people.avatars import MAX_BYTES as AVATAR_MAX_BYTES
from salam.people.avatars import TYPES as AVATAR_TYPES
from salam.people.avatars import AvatarRefused
from salam.people.choices import language_name
from salam.people.forms import ProfileForm
from salam.people.models import Profile
from salam.people.permissions import is_organiser


@login_required
def profile_detail(request: AuthenticatedHttpRequest, username: str) -> HttpResponse:
    person = get_object_or_404(
        get_user_model()
        .objects.select_related("profile__university", "profile__city")
        .prefetch_related("profile__interests"),
        username=username,
        is_active=True,
    )
    profile = getattr(person, "profile", None) or Profile(user=person)
    own = person == request.user
    return render(
        request,
        "people/profile_detail.html",
        {
            "person": person,
            "profile": profile,
            "spoken": [(code, language_name(code)) for code in profile.languages],
            "pending_place": selectors.pending_affiliation(person) if own else None,
            "requests_waiting": selectors.pending_affiliation_count()
            if own and is_organiser(request.user)
            else 0,
        },
    )


def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch (the header's), which also records a signed-in person's choice
    on their profile: their notices and mails are written in it, and it is theirs after the
    next sign-in."""
    response = i18n.set_language(request)
    language = request.POST.get("language")
    if (
        request.method == "POST"
        and request.user.is_authenticated
        and selectors.site_language(language) is not None
    ):
        services.set_preferred_language(request.user, language=str(language))
    return response


@login_required
def affiliation_requests(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The organisers' list of places people asked for."""
    if not is_organiser(request.user):
        raise PermissionDenied
    return render(
        request,
        "people/affiliation_requests.html",
        {
            "pending": selectors.affiliation_requests(pending=True),
            "decided": selectors.affiliation_requests(pending=False)[:20],
        },
    )


@login_required
@require_POST
def affiliation_decide(request: AuthenticatedHttpRequest, pk: int, decision: str) -> HttpResponse:
    if not is_organiser(request.user):
        raise PermissionDenied
    if decision not in ("approve", "decline"):
        raise Http404
    try:
        if decision == "approve":
            found = services.approve_affiliation_request(pk, actor=request.user, now=timezone.now())
            messages.success(request, _("%(name)s is added and linked.") % {"name": found.name})
        else:
            found = services.decline_affiliation_request(
                pk, actor=request.user, reason=request.POST.get("reason", ""), now=timezone.now()
            )
            messages.success(
                request, _("The request for %(name)s is declined.") % {"name": found.name}
            )
    except services.AffiliationError as error:
        messages.error(request, error.detail)
    return redirect("people:affiliation-requests")


@login_required
def profile_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    profile = services.register_person(request.user)
    form = ProfileForm(request.POST or None, initial=ProfileForm.initial_for(profile))
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            services.update_profile(profile, **form.profile_fields())
            place = form.affiliation_request()
            if place is not None:
                services.request_affiliation(request.user, **place)
        messages.success(request, _("Your profile is saved."))
        if place is not None:
            messages.info(request, _("An organiser will add %(name)s soon.") % place)
        next_url = request.GET.get("next", "")
        if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
            return redirect(next_url)
        return redirect(profile.get_absolute_url())
    return render(request, "people/profile_edit.html", {"form": form, "profile": profile})


@login_required
@require_POST
def avatar_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upload a picture (`picture`) or, with `remove`, go back to initials."""
    profile = services.register_person(request.user)
    if request.POST.get("remove"):
        services.remove_avatar(profile)
        messages.success(request, _("Your picture is removed: your initials show instead."))
        return redirect("people:edit")
    upload = request.FILES.get("picture")
    if upload is None:
        messages.error(request, _("Choose a picture to upload."))
        return redirect("people:edit")
    try:
        services.set_avatar(profile, data=upload.read(AVATAR_MAX_BYTES + 1))
    except AvatarRefused as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, _("Your picture is saved."))
    return redirect("people:edit")


def avatar(request: HttpRequest, username: str) -> FileResponse:
    """The picture, with the type its bytes proved at upload, never sniffed, never a page."""
    profile = get_object_or_404(Profile, user__username=username, user__is_active=True)
    if not profile.avatar or profile.avatar_type not in AVATAR_TYPES.values():
        raise Http404
    response = FileResponse(profile.avatar.open("rb"), content_type=profile.avatar_type)
    response["Content-Disposition"] = "inline"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=86400"
    return response
