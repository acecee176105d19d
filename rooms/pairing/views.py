"""Pages of pairing: ask for a partner, rounds, feedback, and the no-show path."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rooms.errors import RoomError
from rooms.pairing import selectors, services, texts
from rooms.pairing.forms import FeedbackForm, RoundForm
from rooms.permissions import may_manage_round
from salam.core.close_codes import too_many_sockets
from salam.core.http import AuthenticatedHttpRequest
from salam.people.decorators import profile_required
from salam.people.permissions import is_organiser


@profile_required
def pairing_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            if request.POST.get("action") == "cancel":
                services.cancel_pairing(actor=request.user)
                messages.success(request, _("You are no longer waiting for a partner."))
            else:
                outcome = services.request_pairing(actor=request.user)
                if outcome.pairing is not None:
                    return redirect(outcome.pairing.room)
        except RoomError as error:
            messages.error(request, error.detail)
        return redirect("rooms:pairing")
    overview = selectors.pairing_overview(request.user, now=timezone.now())
    status = overview["waiting_status"]
    return render(
        request,
        "rooms/pairing.html",
        {
            **overview,
            "waiting_reason": texts.waiting_reason(status.waiting.reason) if status else "",
            "pairing_strings": {
                **texts.waiting_strings(),
                "waiting": _("Waiting for a partner…"),
                "expired": _("Nobody was free in the last ten minutes. Try again later."),
                "paired": _("Paired with %s! Taking you to your room…"),
                "tooManySockets": too_many_sockets(),
            },
        },
    )


@profile_required
def round_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(
        request,
        "rooms/rounds.html",
        {
            "rounds": selectors.latest_rounds(),
            "may_create": is_organiser(request.user),
        },
    )


@profile_required
def round_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not is_organiser(request.user):
        raise PermissionDenied
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.create_round(actor=request.user, **form.cleaned_data)
        except RoomError as error:
            form.add_error(None, error.detail)
        else:
            messages.success(request, _("The round is scheduled."))
            return redirect(round_)
    return render(request, "rooms/round_form.html", {"form": form})


@profile_required
def round_detail(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    round_ = selectors.round_by_id(round_id)
    if round_ is None:
        raise Http404
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "withdraw":
                services.withdraw(round_, actor=request.user)
                messages.success(request, _("You have withdrawn from this round."))
            elif action == "start":
                services.start_round_now(round_, actor=request.user)
                messages.success(request, _("The round has started: everyone sees their match."))
            elif action == "cancel":
                services.cancel_round(round_, actor=request.user)
                messages.success(request, _("The round is cancelled."))
            else:
                services.sign_up(round_, actor=request.user)
                messages.success(request, _("You are signed up."))
        except RoomError as error:
            messages.error(request, error.detail)
        return redirect(round_)
    organiser = is_organiser(request.user)
    context = {
        "round": round_,
        "organiser": organiser,
        "may_manage": may_manage_round(request.user, round_),
        **selectors.round_overview(round_, request.user, organiser=organiser),
    }
    return render(request, "rooms/round_detail.html", context)


@profile_required
def round_edit(request: AuthenticatedHttpRequest, round_id: int) -> HttpResponse:
    round_ = selectors.round_by_id(round_id)
    if round_ is None:
        raise Http404
    if not may_manage_round(request.user, round_):
        raise PermissionDenied
    form = RoundForm(request.POST or None, initial=selectors.round_initial(round_))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_round(round_, actor=request.user, **form.cleaned_data)
        except RoomError as error:
            form.add_error(None, error.detail)
        else:
            messages.success(request, _("The round is saved."))
            return redirect(round_)
    return render(request, "rooms/round_form.html", {"form": form, "round": round_})


@profile_required
def feedback(request: AuthenticatedHttpRequest, pairing_id: int) -> HttpResponse:
    pairing = selectors.pairing_of_member(pairing_id, request.user)
    if pairing is None:
        raise Http404
    earlier = selectors.feedback_of(pairing, request.user)
    form = FeedbackForm(request.POST or None, initial=selectors.feedback_initial(earlier))
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_feedback(pairing, actor=request.user, **form.cleaned_data)
        except RoomError as error:
            if error.code != "duplicate":
                form.add_error(None, error.detail)
            else:  # a second click or tab: what it asked is done already
                messages.info(request, error.detail)
                return redirect("rooms:pairing")
        else:
            if saved.requeued is not None and saved.requeued.pairing is not None:
                messages.success(request, _("We found you someone else: here is your new room."))
                return redirect(saved.requeued.pairing.room)
            if saved.requeued is not None:
                messages.info(request, _("You are first in the queue for a new partner."))
            elif saved.changed:
                messages.success(request, _("Your feedback is changed."))
            else:
                messages.success(request, _("Thank you for your feedback."))
            return redirect("rooms:pairing")
    return render(
        request, "rooms/feedback.html", {"form": form, "pairing": pairing, "earlier": earlier}
    )


@profile_required
@require_POST
def new_partner(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    room = selectors.pair_room(slug)
    if room is None:
        raise Http404
    try:
        outcome = services.ask_new_partner(room, actor=request.user)
    except RoomError as error:
        messages.error(request, error.detail)
        return redirect(room)
    if outcome.pairing is not None:
        return redirect(outcome.pairing.room)
    messages.info(request, _("You are first in the queue for a new partner."))
    return redirect("rooms:pairing")
