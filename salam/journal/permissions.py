"""Who may see and do what in the journal. Editors are the secretariat (the editor role);
reviewers come from partner organisations (their editors) or the secretariat."""

from __future__ import annotations

from typing import TypeGuard

from salam.clearinghouse.models import Organisation
from salam.core.types import AnyUser, Person
from salam.journal.models import Article, Review
from salam.people.permissions import is_editor


def _active(user: AnyUser) -> TypeGuard[Person]:
    return bool(user.is_authenticated and user.is_active)


def is_journal_editor(user: AnyUser) -> bool:
    return is_editor(user)


def can_submit(user: AnyUser) -> bool:
    return _active(user)


def may_review(user: AnyUser) -> bool:
    """Someone an editor may assign: a partner organisation's person, or the secretariat."""
    if not _active(user):
        return False
    return is_editor(user) or Organisation.objects.filter(editors=user, is_partner=True).exists()


def is_reviewer_of(user: AnyUser, article: Article) -> bool:
    return _active(user) and article.reviews.filter(reviewer=user).exists()


def can_view(user: AnyUser, article: Article) -> bool:
    """Published articles are public; before that only the author, its reviewers and editors."""
    if article.is_published:
        return True
    if not _active(user):
        return False
    return article.author_id == user.pk or is_journal_editor(user) or is_reviewer_of(user, article)


def can_see_history(user: AnyUser, article: Article) -> bool:
    if not _active(user):
        return False
    return article.author_id == user.pk or is_journal_editor(user) or is_reviewer_of(user, article)


def can_review(user: AnyUser, review: Review) -> bool:
    article = review.article
    return (
        _active(user)
        and review.reviewer_id == user.pk
        and not review.is_done
        and article.status == Article.Status.IN_REVIEW
        and review.round == article.round
    )


def can_resubmit(user: AnyUser, article: Article) -> bool:
    return (
        _active(user)
        and article.author_id == user.pk
        and article.status == Article.Status.REVISIONS
    )


def sees_reviewer_names(user: AnyUser, article: Article) -> bool:
    """Everyone allowed to see the review sees who reviewed, except the author when review is
    anonymous (an author who is also an editor is still the author here)."""
    return not (article.review_is_anonymous and article.author_id == user.pk)
