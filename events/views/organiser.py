"""Organisers' pages: create and edit events, spaces, tracks and sessions, and publish."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from events import selectors, services
from events.changelog import changelog
from events.errors import EventError, HasConflicts
from events.forms import EventForm, SessionForm, SpaceForm, TrackForm
from events.models import Event, Space
from events.permissions import can_create_event
from events.views.access import event_for_editor, session_of
from salam.core.http import AuthenticatedHttpRequest, or_404


def _form_page(
    request: HttpRequest,
    form: Form,
    *,
    title: str,
    event: Event | None,
    save: Callable[[], object],
    done: str,
) -> HttpResponse:
    """Validate, call the service, turn its domain error into a form error, or redirect."""
    if request.method == "POST" and form.is_valid():
        try:
            save()
        except EventError as error:
            form.add_error(None, error.detail)
        else:
            messages.success(request, _("Saved."))
            return redirect(done)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "events/form.html",
        {"form": form, "title": title, "event": event},
        status=status,
    )


@login_required
def event_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not can_create_event(request.user):
        raise PermissionDenied(_("Only organisers may create events."))
    form = EventForm(request.POST or None)
    created: list[Event] = []

    def save() -> None:
        created.append(services.create_event(actor=request.user, **form.cleaned_data))

    response = _form_page(
        request, form, title=_("New event"), event=None, save=save, done="events:index"
    )
    if created:
        return redirect("events:manage", slug=created[0].slug)
    return response


@login_required
def event_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = event_for_editor(request, slug)
    form = EventForm(request.POST or None, event=event)

    def save() -> None:
        services.update_event(event, actor=request.user, **form.cleaned_data)

    return _form_page(
        request,
        form,
        title=_("Edit %(event)s") % {"event": event.title},
        event=event,
        save=save,
        done=reverse("events:manage", kwargs={"slug": event.slug}),
    )


@login_required
def manage(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The organisers' desk: spaces, tracks, sessions, conflicts, releases and publishing."""
    event = event_for_editor(request, slug)
    occurrences = list(selectors.live_occurrences(event))
    spaces = list(event.spaces.all())
    conflicts = selectors.describe_conflicts(
        selectors.conflicts_of(event, occurrences, spaces), occurrences, zone=event.zone
    )
    return render(
        request,
        "events/manage.html",
        {
            "event": event,
            "spaces": spaces,
            "tracks": list(event.tracks.all()),
            "sessions": list(event.sessions.select_related("space", "track").order_by("starts_at")),
            "conflicts": conflicts,
            "releases": [
                {
                    "number": release.number,
                    "published_at": release.published_at,
                    "changelog": changelog(release.changes, event.zone),
                }
                for release in event.releases.all()[:10]
            ],
        },
    )


@login_required
@require_POST
def publish(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    event = event_for_editor(request, slug)
    try:
        release = services.publish_schedule(event, actor=request.user)
    except HasConflicts as error:
        messages.error(request, error.detail)
    except EventError as error:
        messages.error(request, error.detail)
    else:
        messages.success(
            request, _("Release %(number)s is published.") % {"number": release.number}
        )
    return redirect("events:manage", slug=event.slug)


@login_required
def space_edit(request: AuthenticatedHttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    event = event_for_editor(request, slug)
    space = or_404(lambda: selectors.space_of(event, pk)) if pk else None
    initial = {"name": space.name, "kind": space.kind, "capacity": space.capacity} if space else {}
    form = SpaceForm(request.POST or None, initial=initial or {"kind": Space.Kind.HALL})

    def save() -> None:
        if space is None:
            services.create_space(event, actor=request.user, **form.cleaned_data)
        else:
            services.update_space(space, actor=request.user, **form.cleaned_data)

    title = _("Edit space") if space else _("New space")
    done = reverse("events:manage", kwargs={"slug": event.slug})
    return _form_page(request, form, title=title, event=event, save=save, done=done)


@login_required
def track_edit(request: AuthenticatedHttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    event = event_for_editor(request, slug)
    track = or_404(lambda: selectors.track_of(event, pk)) if pk else None
    initial = {"name": track.name, "colour": track.colour} if track else {"colour": "#0b6e4f"}
    form = TrackForm(request.POST or None, initial=initial)

    def save() -> None:
        if track is None:
            services.create_track(event, actor=request.user, **form.cleaned_data)
        else:
            services.update_track(track, actor=request.user, **form.cleaned_data)

    title = _("Edit track") if track else _("New track")
    done = reverse("events:manage", kwargs={"slug": event.slug})
    return _form_page(request, form, title=title, event=event, save=save, done=done)


@login_required
def session_edit(
    request: AuthenticatedHttpRequest, slug: str, pk: int | None = None
) -> HttpResponse:
    """Times are typed and shown on the event's wall clock, whatever the organiser's zone."""
    event = event_for_editor(request, slug)
    session = session_of(event, pk) if pk else None
    with timezone.override(event.zone):
        form = SessionForm(request.POST or None, event=event, session=session)

        def save() -> None:
            if session is None:
                services.create_session(event, actor=request.user, fields=form.to_fields())
            else:
                services.update_session(session, actor=request.user, fields=form.to_fields())

        title = _("Edit session") if session else _("New session")
        done = reverse("events:manage", kwargs={"slug": event.slug})
        return _form_page(request, form, title=title, event=event, save=save, done=done)


@login_required
@require_POST
def session_cancel(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    """Cancel only with `confirm=yes`: a POST without it (a page without scripts, whose
    button did not ask) shows what cancelling does and asks."""
    event = event_for_editor(request, slug)
    session = session_of(event, pk)
    if request.POST.get("confirm") != "yes":
        return render(
            request,
            "events/session_cancel.html",
            {"event": event, "session": session, "told": selectors.people_told(session)},
        )
    services.cancel_session(session, actor=request.user)
    messages.success(
        request,
        _("“%(title)s” is cancelled; everyone registered has a notice.") % {"title": session.title},
    )
    return redirect("events:manage", slug=event.slug)
