"""The journal workflow, step by step, with its notices, history and permissions."""

from __future__ import annotations

import pytest

from salam.clearinghouse.errors import Conflict, Forbidden, Invalid
from salam.journal import services
from salam.journal.models import Article, HistoryEntry, Review
from salam.notices.models import Notice
from salam.search.models import Document

pytestmark = pytest.mark.django_db

TEXT = {
    "title": "Mentoring newcomers into work",
    "abstract": "What mentoring changes.",
    "body": "## Why\n\nNetworks **matter**.",
    "language": "en",
    "policy_area": "socio-economic",
}


@pytest.fixture
def author(make_person):
    return make_person("amina")


@pytest.fixture
def editor(secretariat):
    return secretariat


@pytest.fixture
def reviewer(partner_editor):
    return partner_editor


@pytest.fixture
def submitted(author, editor):
    return services.submit_article(author=author, **TEXT)


@pytest.fixture
def in_review(submitted, editor, reviewer):
    return services.assign_reviewer(submitted, actor=editor, reviewer=reviewer)


def notices(user) -> list[str]:
    return list(Notice.objects.filter(user=user).order_by("pk").values_list("kind", flat=True))


def actions(article: Article) -> list[str]:
    return list(article.history.values_list("action", flat=True))


def test_a_submission_tells_the_editors_and_starts_the_history(submitted, editor, author):
    assert submitted.status == Article.Status.SUBMITTED
    assert submitted.versions.get().round == 1
    assert notices(editor) == ["journal.submitted"]
    assert notices(author) == []
    assert actions(submitted) == [HistoryEntry.Action.SUBMITTED]


def test_the_full_workflow_from_submission_to_publication(author, editor, reviewer, submitted):
    review = services.assign_reviewer(submitted, actor=editor, reviewer=reviewer)
    assert notices(reviewer) == ["journal.review_requested"]
    services.submit_review(review, actor=reviewer, recommendation="revise", comments="Add data.")
    assert notices(editor)[-1] == "journal.reviewed"
    article = services.decide(submitted, actor=editor, decision="revise", note="See the review.")
    assert article.status == Article.Status.REVISIONS
    assert notices(author)[-1] == "journal.decision"
    article = services.resubmit(
        article, author=author, title=TEXT["title"], abstract="Better.", body="More **data**."
    )
    assert (article.status, article.round) == (Article.Status.SUBMITTED, 2)
    assert list(article.versions.values_list("round", "abstract")) == [
        (1, "What mentoring changes."),
        (2, "Better."),
    ]
    assert notices(editor)[-1] == "journal.resubmitted"
    second = services.assign_reviewer(article, actor=editor, reviewer=reviewer)
    assert second.round == 2
    services.submit_review(second, actor=reviewer, recommendation="accept", comments="Good.")
    article = services.decide(article, actor=editor, decision="accept")
    assert article.status == Article.Status.PUBLISHED
    assert article.published_at is not None
    assert Document.objects.filter(kind="article", object_id=article.pk).count() == 1
    assert actions(article) == [
        "submitted",
        "assigned",
        "reviewed",
        "revise",
        "resubmitted",
        "assigned",
        "reviewed",
        "accepted",
    ]
    assert notices(author) == [
        "journal.in_review",
        "journal.decision",
        "journal.in_review",
        "journal.decision",
    ]


def test_a_rejection_ends_the_article(in_review, editor, reviewer, author):
    services.submit_review(
        in_review, actor=reviewer, recommendation="reject", comments="Off topic."
    )
    article = services.decide(in_review.article, actor=editor, decision="reject")
    assert article.status == Article.Status.REJECTED
    with pytest.raises(Forbidden):
        services.resubmit(article, author=author, title="t", abstract="a", body="b")


@pytest.mark.parametrize("who", ["author", "reviewer", "outsider"])
def test_only_editors_assign_reviewers(request, submitted, reviewer, who):
    with pytest.raises(Forbidden) as refused:
        services.assign_reviewer(submitted, actor=request.getfixturevalue(who), reviewer=reviewer)
    assert refused.value.code == "not_editor"


def test_reviewers_come_from_partner_organisations(submitted, editor, outsider, author):
    with pytest.raises(Invalid) as refused:
        services.assign_reviewer(submitted, actor=editor, reviewer=outsider)
    assert refused.value.code == "not_partner"


def test_an_author_never_reviews_their_own_article(submitted, editor, author, iom):
    iom.editors.add(author)
    with pytest.raises(Invalid) as refused:
        services.assign_reviewer(submitted, actor=editor, reviewer=author)
    assert refused.value.code == "own_article"


def test_a_reviewer_is_assigned_once_per_round(in_review, editor, reviewer):
    with pytest.raises(Conflict) as refused:
        services.assign_reviewer(in_review.article, actor=editor, reviewer=reviewer)
    assert refused.value.code == "already_assigned"


@pytest.mark.parametrize("who", ["author", "editor", "outsider"])
def test_only_the_assigned_reviewer_reviews(request, in_review, who):
    with pytest.raises(Forbidden) as refused:
        services.submit_review(
            in_review, actor=request.getfixturevalue(who), recommendation="accept", comments="ok"
        )
    assert refused.value.code == "not_reviewer"


def test_a_review_is_given_once_and_needs_comments(in_review, reviewer):
    with pytest.raises(Invalid) as refused:
        services.submit_review(in_review, actor=reviewer, recommendation="accept", comments=" ")
    assert refused.value.code == "comments"
    services.submit_review(in_review, actor=reviewer, recommendation="accept", comments="ok")
    with pytest.raises(Forbidden):
        services.submit_review(in_review, actor=reviewer, recommendation="reject", comments="no")
    assert Review.objects.get(pk=in_review.pk).recommendation == "accept"


def test_the_editor_decides_only_after_a_review(in_review, editor):
    with pytest.raises(Conflict) as refused:
        services.decide(in_review.article, actor=editor, decision="accept")
    assert refused.value.code == "no_review"


@pytest.mark.parametrize("who", ["author", "reviewer", "outsider"])
def test_only_editors_decide(request, in_review, reviewer, who):
    services.submit_review(in_review, actor=reviewer, recommendation="accept", comments="ok")
    with pytest.raises(Forbidden):
        services.decide(in_review.article, actor=request.getfixturevalue(who), decision="accept")
    assert Article.objects.get(pk=in_review.article_id).status == Article.Status.IN_REVIEW


def test_only_the_author_resubmits_and_only_when_asked(
    in_review, editor, reviewer, author, outsider
):
    with pytest.raises(Forbidden):
        services.resubmit(in_review.article, author=author, title="t", abstract="a", body="b")
    services.submit_review(in_review, actor=reviewer, recommendation="revise", comments="more")
    article = services.decide(in_review.article, actor=editor, decision="revise")
    with pytest.raises(Forbidden):
        services.resubmit(article, author=outsider, title="t", abstract="a", body="b")


def publish(author, editor, reviewer, **text) -> Article:
    article = services.submit_article(author=author, **{**TEXT, **text})
    review = services.assign_reviewer(article, actor=editor, reviewer=reviewer)
    services.submit_review(review, actor=reviewer, recommendation="accept", comments="ok")
    return services.decide(article, actor=editor, decision="accept")


def test_translations_point_to_the_original_once_per_language(author, editor, reviewer):
    original = publish(author, editor, reviewer)
    arabic = services.submit_article(
        author=author, **{**TEXT, "language": "ar", "title": "الإرشاد"}, translation_of=original
    )
    assert arabic.translation_of == original
    with pytest.raises(Conflict) as refused:
        services.submit_article(
            author=author, **{**TEXT, "language": "en"}, translation_of=original
        )
    assert refused.value.code == "language_taken"


def test_only_published_articles_are_translated(submitted, author):
    with pytest.raises(Invalid) as refused:
        services.submit_article(
            author=author, **{**TEXT, "language": "fr"}, translation_of=submitted
        )
    assert refused.value.code == "not_published"
