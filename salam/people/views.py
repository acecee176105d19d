from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from salam.core.http import AuthenticatedHttpRequest
from salam.people import services
from salam.people.forms import ProfileForm
from salam.people.models import Profile


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
    return render(request, "people/profile_detail.html", {"person": person, "profile": profile})


@login_required
def profile_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    profile = services.register_person(request.user)
    form = ProfileForm(request.POST or None, initial=ProfileForm.initial_for(profile))
    if request.method == "POST" and form.is_valid():
        services.update_profile(profile, **form.cleaned_data)
        messages.success(request, _("Your profile is saved."))
        next_url = request.GET.get("next", "")
        if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
            return redirect(next_url)
        return redirect(profile.get_absolute_url())
    return render(request, "people/profile_edit.html", {"form": form, "profile": profile})
