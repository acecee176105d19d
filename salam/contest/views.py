"""The contest's public and entrant pages: permission helpers, one service or selector, render."""

from __future__ import annotations

import json
import mimetypes

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from salam.contest import paths, permissions, selectors, services, serving, voting
from salam.contest.errors import ContestError
from salam.contest.forms import (
    ConsentForm,
    EntryForm,
    ReleaseForm,
    ReportForm,
    SubtitleForm,
    language_names,
)
from salam.contest.models import Consent, Edition, Entry, Upload
from salam.core.http import AuthenticatedHttpRequest
from salam.people.adapter import client_address

MEDIA_NAMES = {"720p.mp4", "360p.mp4", "poster.jpg", "strip.jpg"}


def _edition(slug: str) -> Edition:
    return get_object_or_404(Edition, slug=slug)


def _entry(request: HttpRequest, slug: str, pk: int) -> Entry:
    entry = get_object_or_404(
        Entry.objects.select_related("edition", "category", "entrant__profile"),
        pk=pk,
        edition__slug=slug,
    )
    if not permissions.may_see_entry(entry, request.user, timezone.now()):
        raise Http404
    return entry


def _refuse(error: ContestError) -> None:
    if error.status == 403:
        raise PermissionDenied(error.detail) from error


def _json_error(error: ContestError, **extra: object) -> JsonResponse:
    return JsonResponse({"error": error.code, "detail": error.detail, **extra}, status=error.status)


def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "contest/index.html",
        {"editions": selectors.editions(), "may_organise": permissions.may_organise(request.user)},
    )


def edition(request: HttpRequest, slug: str) -> HttpResponse:
    edition = _edition(slug)
    now = timezone.now()
    language = get_language() or "en"
    return render(
        request,
        "contest/edition.html",
        {
            "edition": edition,
            "rules": edition.rules.get(language) or edition.rules.get("en", ""),
            "open": edition.opens_at <= now < edition.closes_at,
            "gallery_open": permissions.gallery_open(edition, now),
            "may_organise": permissions.may_organise(request.user),
            "juror": permissions.juror_of(edition, request.user),
            "partner_recognitions": selectors.partner_recognitions(edition, request.user),
            "my_entries": selectors.entries_of(request.user, edition=edition),
        },
    )


@login_required
def submit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    edition = _edition(slug)
    form = EntryForm(request.POST or None, themes=edition.themes)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.submit_entry(
                edition,
                entrant=request.user,
                now=timezone.now(),
                form=services.EntryForm(
                    title=data["title"],
                    synopsis=data["synopsis"],
                    themes=data["themes"],
                    languages=data["languages"],
                    collaborators=[
                        {"name": n, "role": r} for n, r in EntryForm.pairs(data["collaborators"])
                    ],
                    country=data["country"],
                    birth_date=data["birth_date"],
                    production_date=data["production_date"],
                    video_format=data["video_format"],
                    rights_declared=data["rights_declared"],
                    not_excluded=data["not_excluded"],
                    ai_disclosure=data["ai_disclosure"],
                    stock_disclosure=data["stock_disclosure"],
                    guardian_name=data["guardian_name"],
                    guardian_email=data["guardian_email"],
                    appearing=EntryForm.pairs(data["appearing"]),
                ),
            )
        except ContestError as error:
            _refuse(error)
            form.add_error(None, error.detail)
        else:
            messages.success(
                request, _("Your entry is saved. Now upload the video and its subtitles.")
            )
            return redirect(entry)
    return render(request, "contest/submit.html", {"edition": edition, "form": form})


def entry(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    entry = _entry(request, slug, pk)
    now = timezone.now()
    language = get_language() or "en"
    tracks = selectors.tracks_for(entry, language)
    owner = permissions.owns(entry, request.user)
    names = language_names()
    return render(
        request,
        "contest/entry.html",
        {
            "edition": entry.edition,
            "entry": entry,
            "owner": owner,
            "show_names": permissions.may_see_names(entry, request.user, now),
            "in_gallery": permissions.in_gallery(entry, now),
            "tracks": [(t, names.get(t.language, t.language)) for t in tracks],
            "transcript": tracks[0] if tracks else None,
            "consents": selectors.consents_of(entry) if owner else [],
            "subtitle_form": SubtitleForm() if owner else None,
            "max_bytes": settings.CONTEST_MAX_UPLOAD_BYTES,
            "my_vote": selectors.my_vote(entry.edition, request.user),
            "vote_open": bool(
                entry.edition.vote_opens_at
                and entry.edition.vote_closes_at
                and entry.edition.vote_opens_at <= now < entry.edition.vote_closes_at
            ),
            "certificate": owner and (entry.shortlisted or bool(selectors.recognised_as(entry))),
            "report_form": ReportForm(),
            "strings": {
                "uploaded": _("Uploaded:"),
                "resuming": _("The connection dropped; resuming…"),
                "done": _("Upload complete; the video is queued for processing."),
                "failed": _("The upload failed."),
                "tooLarge": _("The file is too large."),
            },
        },
    )


@login_required
def entry_status(request: AuthenticatedHttpRequest, slug: str, pk: int) -> JsonResponse:
    entry = _entry(request, slug, pk)
    if not permissions.owns(entry, request.user):
        raise Http404
    return JsonResponse(
        {
            "entry": entry.pk,
            "state": entry.processing,
            "progress": entry.progress,
            "failure": entry.failure,
            "eligible": entry.eligible,
            "problems": entry.problems,
        }
    )


@require_POST
@login_required
def upload_start(request: AuthenticatedHttpRequest, slug: str, pk: int) -> JsonResponse:
    entry = _entry(request, slug, pk)
    try:
        data = json.loads(request.body or b"{}")
        size, filename = int(data.get("size", 0)), str(data.get("filename", ""))
    except (ValueError, TypeError):
        return JsonResponse(
            {"error": "invalid", "detail": _("Say the file's name and size.")}, status=400
        )
    try:
        upload = services.start_upload(entry, actor=request.user, size=size, filename=filename)
    except ContestError as error:
        return _json_error(error)
    return JsonResponse(_upload_state(upload), status=201)


def _upload_state(upload: Upload) -> dict:
    return {
        "url": f"/contest/uploads/{upload.token.hex}/",
        "offset": upload.received,
        "size": upload.size,
        "chunk": settings.CONTEST_CHUNK_BYTES,
        "complete": upload.completed_at is not None,
    }


@require_http_methods(["GET", "HEAD", "PATCH", "PUT"])
@login_required
def upload_chunk(request: AuthenticatedHttpRequest, token: str) -> JsonResponse:
    """GET/HEAD: how much has come in (`Upload-Offset`); PATCH or PUT with `Upload-Offset`: the
    next chunk, the body being the bytes."""
    if request.method in ("GET", "HEAD"):
        upload = selectors.upload_of(token, request.user)
        if upload is None:
            raise Http404
        response = JsonResponse(_upload_state(upload))
        response["Upload-Offset"] = str(upload.received)
        return response
    offset_header = request.headers.get("Upload-Offset", "")
    length_header = request.headers.get("Content-Length", "")
    if not offset_header.isdigit() or not length_header.isdigit():
        return JsonResponse(
            {"error": "invalid", "detail": _("A chunk needs Upload-Offset and Content-Length.")},
            status=400,
        )
    try:
        upload = services.receive_chunk(
            token,
            actor=request.user,
            offset=int(offset_header),
            body=request,
            length=int(length_header),
        )
    except ContestError as error:
        current = selectors.upload_of(token, request.user)
        return _json_error(error, offset=current.received if current else None)
    response = JsonResponse(_upload_state(upload))
    response["Upload-Offset"] = str(upload.received)
    return response


@require_POST
@login_required
def add_subtitles(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    entry = _entry(request, slug, pk)
    form = SubtitleForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a language and a subtitle file."))
        return redirect(entry)
    upload = form.cleaned_data["file"]
    try:
        services.add_subtitles(
            entry,
            actor=request.user,
            language=form.cleaned_data["language"],
            data=upload.read(),
            name=upload.name,
            now=timezone.now(),
        )
    except ContestError as error:
        _refuse(error)
        messages.error(request, error.detail)
    else:
        messages.success(request, _("The subtitles are saved."))
    return redirect(entry)


@require_POST
@login_required
def upload_release(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    entry = _entry(request, slug, pk)
    form = ReleaseForm(request.POST, request.FILES)
    consent = selectors.consent_of(entry, form.cleaned_data["consent"]) if form.is_valid() else None
    if consent is None:
        messages.error(request, _("Choose a signed release to upload."))
        return redirect(entry)
    try:
        services.upload_release(
            consent, actor=request.user, data=form.cleaned_data["file"].read(), now=timezone.now()
        )
    except ContestError as error:
        _refuse(error)
        messages.error(request, error.detail)
    else:
        messages.success(request, _("The signed release is saved."))
    return redirect(entry)


@require_safe
def media_file(request: HttpRequest, slug: str, pk: int, name: str) -> HttpResponseBase:
    """A rendition, the poster or the strip, with byte ranges so that the player can seek."""
    entry = _entry(request, slug, pk)
    if name not in MEDIA_NAMES or not entry.media_dir:
        raise Http404
    path = paths.absolute(entry.media_dir) / name
    if not path.is_file():
        raise Http404
    return serving.file_response(
        request,
        path,
        content_type=mimetypes.guess_type(name)[0],
        cache_control="private, max-age=3600",
    )


def track(request: HttpRequest, slug: str, pk: int, language: str) -> HttpResponse:
    entry = _entry(request, slug, pk)
    subtitle = selectors.track_of(entry, language)
    if subtitle is None:
        raise Http404
    return HttpResponse(subtitle.vtt, content_type="text/vtt; charset=utf-8")


def consent(request: HttpRequest, entry_id: int, token: str) -> HttpResponse:
    """The guardian's (or an appearing person's) page: the rules, and consent with one's name."""
    try:
        found = services.consent_for(entry_id, token)
    except ContestError as error:
        return render(
            request, "contest/consent.html", {"refused": error.detail}, status=error.status
        )
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.give_consent(
                entry_id, token, signed_name=form.cleaned_data["signed_name"], now=timezone.now()
            )
        except ContestError as error:
            return render(
                request, "contest/consent.html", {"refused": error.detail}, status=error.status
            )
        return render(request, "contest/consent.html", {"done": True, "consent": found})
    edition = found.entry.edition
    language = get_language() or "en"
    return render(
        request,
        "contest/consent.html",
        {
            "consent": found,
            "form": form,
            "entry": found.entry,
            "edition": edition,
            "guardian": found.kind == Consent.Kind.GUARDIAN,
            "rules": edition.rules.get(language) or edition.rules.get("en", ""),
        },
    )


def gallery(request: HttpRequest, slug: str) -> HttpResponse:
    edition = _edition(slug)
    now = timezone.now()
    chosen = {key: request.GET.get(key, "")[:40] for key in ("theme", "category", "country")}
    entries = selectors.gallery(edition, now=now, **chosen)
    countries = sorted(
        {str(e.country.code): e.country.name for e in selectors.gallery(edition, now=now)}.items(),
        key=lambda c: c[1],
    )
    return render(
        request,
        "contest/gallery.html",
        {
            "edition": edition,
            "entries": entries,
            "chosen": chosen,
            "countries": countries,
            "gallery_open": permissions.gallery_open(edition, now),
        },
    )


def _address(request: HttpRequest) -> str:
    return (
        client_address(
            request.META.get("REMOTE_ADDR", ""),
            request.headers.get("x-forwarded-for", ""),
            trusted=settings.SALAM_TRUSTED_PROXIES,
        )
        or ""
    )


@require_POST
@login_required
def vote(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    entry = _entry(request, slug, pk)
    try:
        voting.cast_vote(entry, voter=request.user, address=_address(request), now=timezone.now())
    except ContestError as error:
        messages.error(request, error.detail)
    else:
        messages.success(
            request, _("Your vote is counted. You can withdraw it until the vote closes.")
        )
    return redirect(entry)


@require_POST
@login_required
def withdraw(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    edition = _edition(slug)
    try:
        voting.withdraw_vote(
            edition, voter=request.user, address=_address(request), now=timezone.now()
        )
    except ContestError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, _("Your vote is withdrawn."))
    after = str(request.POST.get("next", ""))
    return redirect(after if after.startswith("/contest/") else edition.get_absolute_url())


@require_POST
@login_required
def report(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    entry = _entry(request, slug, pk)
    form = ReportForm(request.POST)
    try:
        services.report_entry(entry, actor=request.user, reason=form.data.get("reason", "")[:500])
    except ContestError as error:
        messages.error(request, error.detail)
    else:
        messages.success(request, _("Thank you: the moderators will look at this entry."))
    return redirect(entry)


def festival(request: HttpRequest, slug: str) -> HttpResponse:
    edition = _edition(slug)
    if not (edition.festival_published or permissions.may_organise(request.user)):
        raise Http404
    return render(
        request,
        "contest/festival.html",
        {"edition": edition, "winners": selectors.festival(edition)},
    )


@login_required
def certificate(request: AuthenticatedHttpRequest, slug: str, pk: int) -> HttpResponse:
    from salam.contest import certificates

    entry = _entry(request, slug, pk)
    if not permissions.owns(entry, request.user) and not permissions.may_organise(request.user):
        raise Http404
    recognitions = selectors.recognised_as(entry)
    if not (entry.shortlisted or recognitions):
        raise Http404
    pdf = certificates.render(entry, recognitions=recognitions, language=get_language() or "en")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{entry.pk}.pdf"'
    return response
