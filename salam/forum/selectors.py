"""Reading the forum. Lists run a fixed number of queries whatever the page size."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, QuerySet

from salam.core.types import AnyUser
from salam.forum.models import Category, Post, PostRevision, Thread

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
    """The post, if it belongs to the thread (a quote only quotes within its thread)."""
    return Post.objects.filter(pk=pk, thread=thread).first()


def posts(thread: Thread, *, page: int = 1, per_page: int = 30) -> Page:
    listed = (
        Post.objects.filter(thread=thread)
        .select_related("author__profile", "thread")
        .annotate(revision_count=Count("revisions"))
        .order_by("created_at", "pk")
    )
    return Paginator(listed, max(1, min(per_page, MAX_PER_PAGE))).get_page(page)


def is_subscribed(thread: Thread, user: AnyUser) -> bool:
    return bool(user.is_authenticated and thread.subscriptions.filter(user=user).exists())


def revisions(post: Post) -> QuerySet[PostRevision]:
    return post.revisions.select_related("edited_by__profile").order_by("-edited_at", "-pk")
