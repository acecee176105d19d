"""The forum: NGOs, educators, policy-makers and researchers exchanging ideas."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from salam.clearinghouse.choices import PolicyArea


class Category(models.Model):
    slug = models.SlugField(_("address"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    # Blank for the general category.
    policy_area = models.CharField(
        _("policy area"), max_length=20, choices=PolicyArea.choices, blank=True
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("forum:category", kwargs={"slug": self.slug})


class Thread(models.Model):
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="threads")
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address"), max_length=100, unique=True)
    language = models.CharField(_("language"), max_length=8, default="en")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="forum_threads"
    )
    created_at = models.DateTimeField(_("started"))
    last_post_at = models.DateTimeField(_("last post"))
    post_count = models.PositiveIntegerField(default=0)
    is_locked = models.BooleanField(_("locked"), default=False)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    # The new-thread form's one-time token: a double submit finds this thread again.
    submit_token = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-is_pinned", "-last_post_at"]
        verbose_name = _("thread")
        indexes = [
            models.Index(fields=["category", "-is_pinned", "-last_post_at"], name="thread_listing")
        ]
        constraints = [
            models.UniqueConstraint(fields=["author", "submit_token"], name="thread_started_once")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forum:thread", kwargs={"slug": self.slug})


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="forum_posts"
    )
    body = models.TextField(_("text (Markdown)"))
    quote = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="quoted_by"
    )
    created_at = models.DateTimeField(db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Hidden by a moderator: only moderators still read it.
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["thread", "created_at", "pk"]
        verbose_name = _("post")

    def __str__(self) -> str:
        return f"post {self.pk} in {self.thread_id}"

    def get_absolute_url(self) -> str:
        return f"{self.thread.get_absolute_url()}#post-{self.pk}"


class PostRevision(models.Model):
    """The text a post had before an edit: the edit history, never changed."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    body = models.TextField()
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    edited_at = models.DateTimeField()

    class Meta:
        ordering = ["post", "edited_at", "pk"]

    def __str__(self) -> str:
        return f"revision of post {self.post_id}"


class Subscription(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="subscriptions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_subscriptions"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="subscription_once")]

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.thread_id}"
