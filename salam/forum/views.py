"""Forum pages: permission helpers, one service or selector, render."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salam.clearinghouse.errors import ClearinghouseError, Invalid
from salam.core.http import AuthenticatedHttpRequest, or_404
from salam.core.markup import render_markdown
from salam.core.params import int_param
from salam.forum import permissions, selectors, services
from salam.forum.forms import EditForm, FlagForm, ReplyForm, ThreadForm
from salam.forum.models import Post, Thread


def _thread(slug: str) -> Thread:
    return or_404(lambda: selectors.thread_by_slug(slug))


def _post(pk: int) -> Post:
    return or_404(lambda: selectors.post_by_pk(pk))


def _refuse(error: ClearinghouseError) -> None:
    if error.status == 403:
        raise PermissionDenied(error.detail) from error


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "forum/index.html", {"categories": selectors.categories()})


def category(request: HttpRequest, slug: str) -> HttpResponse:
    category = or_404(lambda: selectors.category_by_slug(slug))
    page = selectors.threads(
        category,
        page=int_param(request.GET.get("page"), 1),
        per_page=int_param(request.GET.get("per_page"), 25),
    )
    return render(
        request,
        "forum/category.html",
        {"category": category, "page_obj": page, "can_post": permissions.can_post(request.user)},
    )


@login_required
def new_thread(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    category = or_404(lambda: selectors.category_by_slug(slug))
    form = ThreadForm(request.POST or None, initial={"language": get_language()})
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.start_thread(category, author=request.user, **form.cleaned_data)
        except ClearinghouseError as error:
            _refuse(error)
            form.add_error(None, error.detail)
        else:
            messages.success(request, _("Your thread is posted."))
            return redirect(thread)
    return render(request, "clearinghouse/form.html", {"form": form, "title": _("Start a thread")})


def _thread_page(
    request: HttpRequest, thread: Thread, *, reply_form: ReplyForm | None = None
) -> HttpResponse:
    user = request.user
    quoting = None
    if reply_form is None and permissions.can_reply(user, thread):
        quote = int_param(request.GET.get("quote"), None)
        quoting = selectors.post_in_thread(thread, quote) if quote else None
        initial = {"quote": quoting.pk, "body": selectors.quote_of(quoting)} if quoting else {}
        reply_form = ReplyForm(initial=initial)
    return render(
        request,
        "forum/thread.html",
        {
            "thread": thread,
            "page_obj": selectors.posts(
                thread,
                page=int_param(request.GET.get("page"), 1),
                per_page=int_param(request.GET.get("per_page"), 30),
            ),
            "reply_form": reply_form,
            "quoting": quoting,
            "subscribed": selectors.is_subscribed(thread, user),
            "can_moderate": permissions.can_moderate(user),
            "can_post": permissions.can_post(user),
            "flag_form": FlagForm(),
        },
        status=400 if reply_form is not None and reply_form.is_bound else 200,
    )


def thread(request: HttpRequest, slug: str) -> HttpResponse:
    return _thread_page(request, _thread(slug))


@require_POST
@login_required
def reply(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Post a reply; refused, the thread is shown again with the text kept and the error at
    the reply box."""
    thread = _thread(slug)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _thread_page(request, thread, reply_form=form)
    quote = None
    if form.cleaned_data["quote"]:
        quote = selectors.post_in_thread(thread, form.cleaned_data["quote"])
    try:
        post = services.reply(
            thread, author=request.user, body=form.cleaned_data["body"], quote=quote
        )
    except ClearinghouseError as error:
        _refuse(error)
        form.add_error("body", error.detail)
        return _thread_page(request, thread, reply_form=form)
    last_page = selectors.posts(thread, page=10**6).number
    messages.success(request, _("Your reply is posted."))
    return redirect(f"{thread.get_absolute_url()}?page={last_page}#post-{post.pk}")


@login_required
def quote(request: AuthenticatedHttpRequest, pk: int) -> JsonResponse:
    """The Markdown quote of a post, for the reply box to insert where it can be edited."""
    post = _post(pk)
    if post.hidden_at is not None or not permissions.can_reply(request.user, post.thread):
        raise Http404
    return JsonResponse({"post": post.pk, "markdown": selectors.quote_of(post)})


@require_POST
@login_required
def preview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The reply box's live preview: the text rendered by the same safe markup as posts."""
    if not permissions.can_post(request.user):
        raise PermissionDenied
    body = request.POST.get("body", "")
    if len(body) > services.MAX_BODY:
        return HttpResponse(
            _("Keep posts under %(count)d characters.") % {"count": services.MAX_BODY},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    return HttpResponse(render_markdown(body), content_type="text/html; charset=utf-8")


@login_required
def edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    post = _post(pk)
    if not permissions.can_edit_post(request.user, post):
        raise PermissionDenied
    form = EditForm(request.POST or None, initial={"body": post.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_post(post, actor=request.user, body=form.cleaned_data["body"])
        except ClearinghouseError as error:
            _refuse(error)
            form.add_error(None, error.detail)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(post)
    return render(request, "clearinghouse/form.html", {"form": form, "title": _("Edit your post")})


def history(request: HttpRequest, pk: int) -> HttpResponse:
    post = _post(pk)
    if post.hidden_at is not None and not permissions.can_moderate(request.user):
        raise Http404  # the page shows the current text too: a hidden post has none in public
    return render(
        request,
        "forum/history.html",
        {"post": post, "revisions": selectors.revisions(post, viewer=request.user)},
    )


@require_POST
@login_required
def flag(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    post = _post(pk)
    form = FlagForm(request.POST)
    try:
        if not form.is_valid():
            raise Invalid("Say what is wrong with the post.", code="reason")
        services.flag_post(post, actor=request.user, reason=form.cleaned_data["reason"])
    except ClearinghouseError as error:
        _refuse(error)
        messages.error(request, error.detail)
    else:
        messages.success(request, _("Thank you: the moderators will look at this post."))
    return redirect(post)


@require_POST
@login_required
def follow(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    thread = _thread(slug)
    try:
        if request.POST.get("follow") == "0":
            services.unsubscribe(thread, actor=request.user)
            messages.success(request, _("You no longer follow this thread."))
        else:
            services.subscribe(thread, actor=request.user)
            messages.success(request, _("You follow this thread: replies will be in your notices."))
    except ClearinghouseError as error:
        _refuse(error)
    return redirect(thread)


@require_POST
@login_required
def moderate(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    thread = _thread(slug)
    action = request.POST.get("action", "")
    changes: dict[str, tuple[Callable[..., Thread], dict[str, bool]]] = {
        "lock": (services.lock_thread, {"locked": True}),
        "unlock": (services.lock_thread, {"locked": False}),
        "pin": (services.pin_thread, {"pinned": True}),
        "unpin": (services.pin_thread, {"pinned": False}),
    }
    if action not in changes:
        raise Http404
    service, flags = changes[action]
    done = {
        "lock": _("The thread is locked."),
        "unlock": _("The thread is unlocked."),
        "pin": _("The thread is pinned."),
        "unpin": _("The thread is unpinned."),
    }
    try:
        service(thread, actor=request.user, **flags)
    except ClearinghouseError as error:
        _refuse(error)
        messages.error(request, error.detail)
    else:
        messages.success(request, done[action])
    return redirect(thread)
