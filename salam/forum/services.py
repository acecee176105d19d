"""Every forum write: threads, replies (with quotes), edits (with history), subscriptions,
moderation (lock, pin) and flags into the shared moderation queue."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from salam.clearinghouse.errors import Conflict, Forbidden, Invalid
from salam.clearinghouse.slugs import unique_slug
from salam.core.markup import plain_text
from salam.core.once import create_once
from salam.core.types import Person
from salam.forum import permissions
from salam.forum.mentions import mentioned_usernames
from salam.forum.models import Category, Post, PostRevision, Subscription, Thread
from salam.forum.quoting import quote_markdown, without_quote
from salam.moderation import services as moderation
from salam.moderation.models import ModerationAction, Report
from salam.moderation.selectors import blockers_of
from salam.notices.recipient import translated
from salam.notices.services import notify
from salam.people.choices import language_codes
from salam.people.names import name_of
from salam.search import services as search
from salam.search.models import Document

MAX_BODY = 20_000
INDEXED_POSTS = 50


def _check_body(body: str) -> str:
    if not plain_text(body):
        raise Invalid("Write something first.", code="empty")
    if len(body) > MAX_BODY:
        raise Invalid(f"Keep posts under {MAX_BODY} characters.", code="too_long")
    return body.strip()


def index_thread(thread: Thread) -> None:
    bodies = (
        thread.posts.filter(hidden_at__isnull=True)
        .order_by("created_at", "pk")
        .values_list("body", flat=True)[:INDEXED_POSTS]
    )
    search.index_document(
        kind=Document.Kind.THREAD,
        object_id=thread.pk,
        language=thread.language,
        title=thread.title,
        body=" ".join(plain_text(body) for body in bodies),
        url=thread.get_absolute_url(),
        updated_at=thread.last_post_at,
    )


@transaction.atomic
def start_thread(
    category: Category,
    *,
    author: Person,
    title: str,
    body: str,
    language: str = "en",
    token: uuid.UUID | None = None,
    now: datetime | None = None,
) -> Thread:
    """Open a thread with its first post; the author follows it.

    `token` is the form's one-time token: submitted again (a double click, five at once), it
    returns the thread the first submit opened instead of a second one."""
    now = now or timezone.now()
    if not permissions.can_post(author):
        raise Forbidden("Sign in to take part in the forum.", code="not_participant")
    if not title.strip():
        raise Invalid("A thread needs a title.", code="title")
    if language not in language_codes():
        raise Invalid(f"Unknown language {language!r}.", code="language")
    body = _check_body(body)

    def create() -> Thread:
        thread = Thread.objects.create(
            category=category,
            title=title.strip()[:200],
            slug=unique_slug(Thread, title),
            language=language,
            author=author,
            created_at=now,
            last_post_at=now,
            post_count=1,
            submit_token=token,
        )
        post = Post.objects.create(thread=thread, author=author, body=body, created_at=now)
        _tell_mentioned(post, own_text=body)
        Subscription.objects.get_or_create(thread=thread, user=author)
        index_thread(thread)
        return thread

    if token is None:
        return create()
    return create_once(Thread, create, author=author, submit_token=token)[0]


@transaction.atomic
def reply(
    thread: Thread,
    *,
    author: Person,
    body: str,
    quote: Post | None = None,
    now: datetime | None = None,
) -> Post:
    """Add a reply, optionally quoting a post of the same thread; followers are notified.

    With `quote`, `body` is expected to hold the (edited) quote at its start, as the reply
    box puts it there (`selectors.quote_of`); a body that does not start with one gets the
    quote put in front."""
    now = now or timezone.now()
    thread = Thread.objects.select_for_update().get(pk=thread.pk)
    if not permissions.can_post(author):
        raise Forbidden("Sign in to take part in the forum.", code="not_participant")
    if not permissions.can_reply(author, thread):
        raise Conflict("This thread is locked.", code="locked")
    body = own_text = _check_body(body)
    if quote is not None:
        # read again: a moderator may have hidden it since the page was shown
        quote = Post.objects.filter(pk=quote.pk, thread=thread, hidden_at__isnull=True).first()
        if quote is None:
            raise Invalid("Quote a post of this thread.", code="quote")
        if not body.startswith(">"):
            # the reply box puts the quote in the text to edit; a client that sent only the
            # post to quote (an older page) gets it put in front of its text, as before
            body = quote_markdown(name_of(quote.author), quote.body) + body
    post = Post.objects.create(thread=thread, author=author, body=body, quote=quote, created_at=now)
    Thread.objects.filter(pk=thread.pk).update(last_post_at=now, post_count=F("post_count") + 1)
    thread.refresh_from_db()
    # who blocked the author hears nothing of their posts: they count as told
    told = _tell_mentioned(post, own_text=own_text) | blockers_of(author.pk)
    excerpt = f"{name_of(author)}: {plain_text(own_text)[:200]}"
    if quote is not None and quote.author_id not in told | {author.pk}:
        told.add(quote.author_id)
        notify(
            quote.author,
            kind="forum.quote",
            text=translated(
                gettext_lazy("%(name)s quoted your post in “%(thread)s”"),
                said=excerpt,
                name=name_of(author),
                thread=thread.title,
            ),
            url=post.get_absolute_url(),
        )
    followers = (
        Subscription.objects.filter(thread=thread)
        .exclude(user=author)
        .exclude(user_id__in=told)
        .select_related("user")
        .order_by("pk")
    )
    for subscription in followers:
        notify(
            subscription.user,
            kind="forum.reply",
            text=translated(
                gettext_lazy("New reply in “%(thread)s”"), said=excerpt, thread=thread.title
            ),
            url=post.get_absolute_url(),
        )
    Subscription.objects.get_or_create(thread=thread, user=author)
    index_thread(thread)
    return post


@transaction.atomic
def edit_post(post: Post, *, actor: Person, body: str, now: datetime | None = None) -> Post:
    """Change a post's text, keeping the former text in its edit history."""
    now = now or timezone.now()
    post = Post.objects.select_for_update(of=("self",)).select_related("thread").get(pk=post.pk)
    if not permissions.can_edit_post(actor, post):
        raise Forbidden("Only the author or a moderator edits a post.", code="not_author")
    body = _check_body(body)
    if body == post.body:
        return post
    PostRevision.objects.create(post=post, body=post.body, edited_by=actor, edited_at=now)
    post.body = body
    post.edited_at = now
    post.save(update_fields=["body", "edited_at"])
    _tell_mentioned(post, own_text=body)  # a name added by the edit; each person once per post
    index_thread(post.thread)
    return post


def _tell_mentioned(post: Post, *, own_text: str) -> set[int]:
    """A `mention` notice to each active person named `@username` in what the author wrote,
    once per post and person; returns their ids (told, or told before)."""
    names = mentioned_usernames(own_text)
    if not names:
        return set()
    query = Q()
    for name in names:
        query |= Q(username__iexact=name)
    people = (
        get_user_model()
        .objects.filter(query, is_active=True)
        .exclude(pk=post.author_id)
        .exclude(pk__in=blockers_of(post.author_id))
    )
    thread = post.thread
    for person in people:
        notify(
            person,
            kind="mention",
            text=translated(
                gettext_lazy("%(name)s mentioned you in “%(thread)s”"),
                said=plain_text(own_text)[:200],
                name=name_of(post.author),
                thread=thread.title,
            ),
            url=post.get_absolute_url(),
            key=f"forum.mention:{post.pk}",
        )
    return {person.pk for person in people}


@transaction.atomic
def subscribe(thread: Thread, *, actor: Person) -> Subscription:
    if not permissions.can_post(actor):
        raise Forbidden("Sign in to follow threads.", code="not_participant")
    return Subscription.objects.get_or_create(thread=thread, user=actor)[0]


@transaction.atomic
def unsubscribe(thread: Thread, *, actor: Person) -> int:
    deleted, _count = Subscription.objects.filter(thread=thread, user=actor).delete()
    return deleted


def _moderate(thread: Thread, actor: Person, **fields: bool) -> Thread:
    if not permissions.can_moderate(actor):
        raise Forbidden("Only moderators lock and pin threads.", code="not_moderator")
    Thread.objects.filter(pk=thread.pk).update(**fields)
    thread.refresh_from_db()
    return thread


@transaction.atomic
def lock_thread(thread: Thread, *, actor: Person, locked: bool = True) -> Thread:
    return _moderate(thread, actor, is_locked=locked)


@transaction.atomic
def pin_thread(thread: Thread, *, actor: Person, pinned: bool = True) -> Thread:
    return _moderate(thread, actor, is_pinned=pinned)


# The forum is the place "forum" to moderation (its moderators are the global moderators);
# a flagged post is the kind "post" (salam/forum/reported.py shows it and acts on it).
FORUM_CONTEXT = "forum"
POST_KIND = "post"


@transaction.atomic
def flag_post(post: Post, *, actor: Person, reason: str) -> Report:
    """Send a post to the moderation queue the chat reports go to (once per person)."""
    if not permissions.can_flag(actor, post):
        raise Forbidden("You cannot flag this post.", code="cannot_flag")
    if not reason.strip():
        raise Invalid("Say what is wrong with the post.", code="reason")
    return moderation.file_report(
        kind=POST_KIND,
        object_id=post.pk,
        context=FORUM_CONTEXT,
        reporter=actor,
        subject=post.author,
        reason=reason.strip(),
        excerpt=post.body,
    )


def _record(post: Post, actor: Person, action: str, reason: str) -> None:
    """The audit keeps the post's text and every former text of it."""
    former = list(post.revisions.order_by("edited_at", "pk").values_list("body", flat=True))
    moderation.record_action(
        actor=actor,
        action=action,
        context=FORUM_CONTEXT,
        target=post.author,
        object_ref=post.pk,
        object_text=post.body,
        reason=reason,
        details={"thread": post.thread.slug, "revisions": former},
    )


def _unquote_replies(post: Post) -> None:
    """Replies that quoted the removed post lose the quoted text (the audit has it)."""
    for quoting in Post.objects.select_for_update().filter(quote=post):
        body = without_quote(quoting.body)
        if body != quoting.body:
            Post.objects.filter(pk=quoting.pk).update(body=body)


@transaction.atomic
def hide_post(post: Post, *, actor: Person, reason: str = "", now: datetime | None = None) -> Post:
    """Hide a post from everyone but moderators; its text stays. Hiding twice changes nothing."""
    if not permissions.can_moderate(actor):
        raise Forbidden("Only moderators hide posts.", code="not_moderator")
    post = Post.objects.select_for_update(of=("self",)).select_related("thread").get(pk=post.pk)
    if post.hidden_at is None:
        post.hidden_at = now or timezone.now()
        post.save(update_fields=["hidden_at"])
        _record(post, actor, ModerationAction.Action.HIDE_POST, reason)
        _unquote_replies(post)
        index_thread(post.thread)
    return post


@transaction.atomic
def delete_post(post: Post, *, actor: Person, reason: str = "") -> Thread | None:
    """Delete a post for good (the audit log keeps its text); a thread left without posts
    goes with it. Returns the thread, or None when it went."""
    if not permissions.can_moderate(actor):
        raise Forbidden("Only moderators delete posts.", code="not_moderator")
    thread = Thread.objects.select_for_update().get(pk=post.thread_id)
    post = Post.objects.select_related("thread").get(pk=post.pk)
    _record(post, actor, ModerationAction.Action.DELETE_POST, reason)
    _unquote_replies(post)
    post.delete()
    if not thread.posts.exists():
        search.remove_document(kind=Document.Kind.THREAD, object_id=thread.pk)
        thread.delete()
        return None
    Thread.objects.filter(pk=thread.pk).update(post_count=F("post_count") - 1)
    thread.refresh_from_db()
    index_thread(thread)
    return thread
