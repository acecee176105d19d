"""Pages of pairing: ask for a partner, rounds, feedback, and the no-show path."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rooms.errors import RoomError
from rooms.models import Pairing, PairingRequest, Room, Round
from rooms.pairing import selectors as pairing_selectors
from rooms.pairing import services
from rooms.pairing.forms import FeedbackForm, RoundForm
from rooms.pairing.matching import expected_group_count, facilitator_shortfall
from rooms.pairing.services import in_pool
from salam.people.decorators import profile_required
from salam.people.permissions import is_organiser


@profile_required
def pairing_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            if request.POST.get("action") == "cancel":
                services.cancel_pairing(request.user)
            else:
                outcome = services.request_pairing(request.user)
                if outcome.pairing is not None:
                    return redirect(outcome.pairing.room)
        except RoomError as error:
            messages.error(request, error.detail)
        return redirect("rooms:pairing")
    waiting = PairingRequest.objects.filter(
        user=request.user, status=PairingRequest.Status.WAITING
    ).exists()
    pairings = (
        Pairing.objects.filter(members__user=request.user)
        .select_related("room")
        .order_by("-created_at")[:20]
    )
    rounds = [
        r
        for r in Round.objects.filter(
            status=Round.Status.SCHEDULED, starts_at__gt=timezone.now()
        ).order_by("starts_at")
        if in_pool(r, request.user)
    ]
    return render(
        request,
        "rooms/pairing.html",
        {
            "waiting": waiting,
            "pairings": pairings,
            "rounds": rounds,
            "pairing_strings": {
                "waiting": _("Waiting for a partner…"),
                "expired": _("Nobody was free in the last ten minutes. Try again later."),
                "paired": _("Paired with %s! Taking you to your room…"),
            },
        },
    )


@profile_required
def round_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "rooms/rounds.html",
        {
            "rounds": Round.objects.order_by("-starts_at")[:100],
            "may_create": is_organiser(request.user),
        },
    )


@profile_required
def round_create(request: HttpRequest) -> HttpResponse:
    if not is_organiser(request.user):
        raise PermissionDenied
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.create_round(actor=request.user, **form.cleaned_data)
        except RoomError as error:
            form.add_error(None, error.detail)
        else:
            return redirect(round_)
    return render(request, "rooms/round_form.html", {"form": form})


@profile_required
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = get_object_or_404(Round, pk=round_id)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "withdraw":
                services.withdraw(round_, user=request.user)
            else:
                services.sign_up(round_, user=request.user)
                messages.success(request, _("You are signed up."))
        except RoomError as error:
            messages.error(request, error.detail)
        return redirect(round_)
    organiser = is_organiser(request.user)
    context = {
        "round": round_,
        "organiser": organiser,
        "signed_up": round_.signups.filter(user=request.user).exists(),
        "eligible": in_pool(round_, request.user),
        "signup_count": round_.signups.count(),
    }
    if organiser and round_.mode == Round.Mode.GROUPS and round_.status == Round.Status.SCHEDULED:
        groups = expected_group_count(context["signup_count"], round_.group_size)
        context["shortfall"] = facilitator_shortfall(
            groups, list(round_.facilitators.values_list("pk", flat=True))
        )
        context["expected_groups"] = groups
    if organiser and round_.status == Round.Status.DONE:
        figures = pairing_selectors.round_figures(round_)
        most = max([count for _, count in figures["countries"]], default=1)
        figures["country_bars"] = [
            {"label": code, "count": count, "width": round(85 * count / most), "y": 10 * index}
            for index, (code, count) in enumerate(figures["countries"])
        ]
        figures["chart_height"] = 10 * len(figures["countries"])
        context["figures"] = figures
    return render(request, "rooms/round_detail.html", context)


@profile_required
def feedback(request: HttpRequest, pairing_id: int) -> HttpResponse:
    pairing = get_object_or_404(Pairing.objects.select_related("room"), pk=pairing_id)
    if not pairing.members.filter(user=request.user).exists():
        raise Http404
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.leave_feedback(pairing, user=request.user, **form.cleaned_data)
        except RoomError as error:
            if error.code != "duplicate":
                form.add_error(None, error.detail)
            else:  # a second click or tab: what it asked is done already
                messages.info(request, error.detail)
                return redirect("rooms:pairing")
        else:
            messages.success(request, _("Thank you for your feedback."))
            return redirect("rooms:pairing")
    return render(request, "rooms/feedback.html", {"form": form, "pairing": pairing})


@profile_required
@require_POST
def new_partner(request: HttpRequest, slug: str) -> HttpResponse:
    room = get_object_or_404(Room, slug=slug, kind=Room.Kind.PAIR)
    try:
        outcome = services.ask_new_partner(room, user=request.user)
    except RoomError as error:
        messages.error(request, error.detail)
        return redirect(room)
    if outcome.pairing is not None:
        return redirect(outcome.pairing.room)
    messages.info(request, _("You are first in the queue for a new partner."))
    return redirect("rooms:pairing")
