"""What the forum tells salam.moderation (registered in ForumConfig.ready()): how a flagged
post is shown on the dashboard, where it links, and the actions it offers (hide, delete)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from salam.clearinghouse.errors import Invalid
from salam.core.markup import render_markdown
from salam.core.types import Person
from salam.forum import services
from salam.forum.models import Post
from salam.moderation import registry
from salam.moderation.models import Report
from salam.moderation.registry import Kind, ReportAction, Shown


def _post(report: Report) -> Post:
    post = (
        None
        if report.object_id is None
        else Post.objects.select_related("thread").filter(pk=report.object_id).first()
    )
    if post is None:
        raise Invalid(_("This post is gone; dismiss the report."), code="gone")
    return post


def _reason(report: Report) -> str:
    return _("Report %(id)d: %(reason)s") % {"id": report.pk, "reason": report.reason}


def _hide(report: Report, *, actor: Person) -> None:
    services.hide_post(_post(report), actor=actor, reason=_reason(report))


def _delete(report: Report, *, actor: Person) -> None:
    services.delete_post(_post(report), actor=actor, reason=_reason(report))


def show_posts(reports: list[Report]) -> dict[int, Shown]:
    posts = Post.objects.select_related("thread", "author__profile").in_bulk(
        [report.object_id for report in reports if report.object_id]
    )
    shown = {}
    for report in reports:
        post = posts.get(report.object_id)
        if post is None:
            shown[report.pk] = Shown(title=_("A forum post (deleted)"), excerpt=report.excerpt)
            continue
        shown[report.pk] = Shown(
            title=post.thread.title,
            link=post.get_absolute_url(),
            author=post.author.profile.name,
            context=_("Forum"),
            excerpt=report.excerpt,
            body_html=render_markdown(post.body),
            note=_("Hidden by a moderator: only moderators read it.") if post.hidden_at else "",
        )
    return shown


def register() -> None:
    registry.register_kind(
        Kind(
            services.POST_KIND,
            show_posts,
            (
                ReportAction("hide", gettext_lazy("Hide post"), _hide),
                ReportAction("delete", gettext_lazy("Delete post"), _delete),
            ),
        )
    )
