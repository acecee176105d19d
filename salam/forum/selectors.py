"""Reading the forum. Lists run a fixed number of queries whatever the page size."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, QuerySet

from salam.core.types import AnyUser, Person
from salam.forum import permissions
from salam.forum.models import Category, Post, PostRevision, Thread
from salam.forum.quoting import quote_markdown
from salam.people.names import name_of

MAX_PER_PAGE = 100


def categories() -> QuerySet[Category]:
    return Category.objects.annotate(
        thread_count=Count("threads"), last_post_at=Max("threads__last_post_at")
    )


def category_by_slug(slug: str) -> Category:
    return Category.objects.get(slug=slug)


def threads(category: Category, *, page: int = 1, per_page: int = 25) -> Page:
    listed = (
        Thread.objects.filter(category=category)
        .select_related("author__profile")
        .order_by("-is_pinned", "-last_post_at", "pk")
    )
    return Paginator(listed, max(1, min(per_page, MAX_PER_PAGE))).get_page(page)


def thread_by_slug(slug: str) -> Thread:
    return Thread.objects.select_related("category", "author__profile").get(slug=slug)


def post_by_pk(pk: int) -> Post:
    return Post.objects.select_related("thread", "author__profile").get(pk=pk)


def post_in_thread(thread: Thread, pk: int) -> Post | None:
    """The post, if it belongs to the thread and is not hidden (a quote only quotes within its
    thread, and never what a moderator removed)."""
    return Post.objects.filter(pk=pk, thread=thread, hidden_at__isnull=True).first()


def quote_of(post: Post) -> str:
    """The Markdown quote of `post` that a reply box starts with (the person may edit it)."""
    return quote_markdown(name_of(post.author), post.body)


def posts(thread: Thread, *, page: int = 1, per_page: int = 30) -> Page:
    listed = (
        Post.objects.filter(thread=thread)
        .select_related("author__profile", "thread")
        .annotate(revision_count=Count("revisions"))
        .order_by("created_at", "pk")
    )
    return Paginator(listed, max(1, min(per_page, MAX_PER_PAGE))).get_page(page)


def is_subscribed(thread: Thread, user: Person | AnonymousUser) -> bool:
    return bool(user.is_authenticated and thread.subscriptions.filter(user=user).exists())


def revisions(post: Post, *, viewer: AnyUser) -> QuerySet[PostRevision]:
    """The post's former texts this viewer may read, newest first. Moderators read them all
    (the audit); everyone else reads none of a hidden post, and of a post a moderator edited
    (to "[removed]", say) only what came after the moderator's last edit."""
    history = post.revisions.select_related("edited_by__profile").order_by("-edited_at", "-pk")
    if permissions.can_moderate(viewer):
        return history
    if post.hidden_at is not None:
        return history.none()
    moderated = (
        post.revisions.exclude(edited_by_id=post.author_id)
        .order_by("-edited_at", "-pk")
        .values_list("edited_at", "pk")
        .first()
    )
    if moderated is None:
        return history
    edited_at, pk = moderated
    return history.filter(edited_at__gte=edited_at).exclude(edited_at=edited_at, pk__lte=pk)
