"""Forum pages: permission helpers, one service or selector, render."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from salam.clearinghouse.errors import ClearinghouseError, Invalid
from salam.core.http import AuthenticatedHttpRequest, or_404
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
            return redirect(thread)
    return render(request, "clearinghouse/form.html", {"form": form, "title": _("Start a thread")})


def thread(request: HttpRequest, slug: str) -> HttpResponse:
    thread = _thread(slug)
    user = request.user
    quote = int_param(request.GET.get("quote"), None)
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
            "reply_form": ReplyForm(initial={"quote": quote})
            if permissions.can_reply(user, thread)
            else None,
            "quoting": selectors.post_in_thread(thread, quote) if quote else None,
            "subscribed": selectors.is_subscribed(thread, user),
            "can_moderate": permissions.can_moderate(user),
            "can_post": permissions.can_post(user),
            "flag_form": FlagForm(),
        },
    )


@require_POST
@login_required
def reply(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    thread = _thread(slug)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write something first."))
        return redirect(thread)
    quote = None
    if form.cleaned_data["quote"]:
        quote = selectors.post_in_thread(thread, form.cleaned_data["quote"])
    try:
        post = services.reply(
            thread, author=request.user, body=form.cleaned_data["body"], quote=quote
        )
    except ClearinghouseError as error:
        _refuse(error)
        messages.error(request, error.detail)
        return redirect(thread)
    last_page = selectors.posts(thread, page=10**6).number
    return redirect(f"{thread.get_absolute_url()}?page={last_page}#post-{post.pk}")


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
        else:
            services.subscribe(thread, actor=request.user)
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
    try:
        service(thread, actor=request.user, **flags)
    except ClearinghouseError as error:
        _refuse(error)
    return redirect(thread)
