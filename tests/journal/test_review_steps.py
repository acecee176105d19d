"""Each journal step says it was done; the reviewer picker names people and organisations;
anonymous review hides reviewers from the author everywhere, history included."""

from __future__ import annotations

import pytest

from salam.clearinghouse.errors import Conflict
from salam.journal import selectors, services
from salam.journal.forms import AssignForm
from tests.journal.test_services import TEXT

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(make_person):
    return make_person("amina")


@pytest.fixture
def submitted(author):
    return services.submit_article(author=author, **TEXT)


def said(response) -> list[str]:
    """The messages shown on the page the step led to (which uses them up)."""
    return [str(message) for message in response.context["messages"]]


def test_each_step_says_it_was_done(client, submitted, secretariat, partner_editor):
    url = submitted.get_absolute_url()
    client.force_login(secretariat)
    response = client.post(
        f"{url}assign/", {"reviewer": partner_editor.pk, "anonymous": "on"}, follow=True
    )
    assert said(response) == ["Ivy is asked to review; they have a notice."]
    review = submitted.reviews.get()
    client.force_login(partner_editor)
    response = client.post(
        f"{url}reviews/{review.pk}/",
        {"recommendation": "revise", "comments": "More data."},
        follow=True,
    )
    assert said(response) == ["Thank you: your review is sent to the editor."]
    client.force_login(secretariat)
    response = client.post(
        f"{url}decide/", {"decision": "revise", "note": "See the review."}, follow=True
    )
    assert said(response) == ["Decision recorded: Revise. The author and the reviewers are told."]


def test_a_refused_step_says_why_and_not_done(client, submitted, secretariat, author):
    client.force_login(secretariat)
    response = client.post(
        f"{submitted.get_absolute_url()}assign/", {"reviewer": author.pk}, follow=True
    )
    assert said(response) == ["Please correct the form."]  # the author is not on the picker
    assert not submitted.reviews.exists()


def test_the_reviewer_picker_shows_names_usernames_and_organisations(
    submitted, secretariat, partner_editor
):
    labels = [label for _, label in AssignForm().fields["reviewer"].choices][1:]
    assert labels == ["Ivy (@ivy) · IOM", "Sec (@sec) · Secretariat"]


def test_the_article_says_whether_review_is_anonymous(client, submitted, author):
    client.force_login(author)
    assert "Anonymous review" in client.get(submitted.get_absolute_url()).content.decode()
    submitted.review_is_anonymous = False
    submitted.save(update_fields=["review_is_anonymous"])
    assert "Open review" in client.get(submitted.get_absolute_url()).content.decode()


def reviewed(article, secretariat, reviewer, *, anonymous):
    review = services.assign_reviewer(
        article, actor=secretariat, reviewer=reviewer, anonymous=anonymous
    )
    services.submit_review(
        review, actor=reviewer, recommendation="revise", comments="Needs sources."
    )
    services.decide(article, actor=secretariat, decision="revise", note="Please revise.")


def test_under_anonymous_review_the_author_never_sees_the_reviewers_name(
    client, submitted, author, secretariat, partner_editor
):
    reviewed(submitted, secretariat, partner_editor, anonymous=True)
    client.force_login(author)
    page = client.get(submitted.get_absolute_url()).content.decode()
    assert "Ivy" not in page and "@ivy" not in page
    assert "Reviewer 1" in page
    assert "Needs sources." in page  # the review itself is shown
    lines = selectors.history_for(submitted, named=False)
    assert [(line.action, line.who, line.note) for line in lines] == [
        ("Submitted", "Amina", ""),
        ("Reviewer assigned", "Sec", ""),
        ("Review submitted", "Reviewer 1", "Revise"),
        ("Revisions requested", "Sec", "Please revise."),
    ]
    notices = client.get("/notices/").content.decode()
    assert "Ivy" not in notices


def test_editors_and_reviewers_still_see_the_names(client, submitted, secretariat, partner_editor):
    reviewed(submitted, secretariat, partner_editor, anonymous=True)
    for person in (secretariat, partner_editor):
        client.force_login(person)
        assert "Ivy" in client.get(submitted.get_absolute_url()).content.decode()


def test_under_open_review_the_author_sees_the_names(
    client, submitted, author, secretariat, partner_editor
):
    reviewed(submitted, secretariat, partner_editor, anonymous=False)
    client.force_login(author)
    page = client.get(submitted.get_absolute_url()).content.decode()
    assert "Review submitted · Ivy: Revise" in page  # the name once


def test_the_review_mode_is_fixed_once_a_reviewer_is_assigned(
    submitted, secretariat, partner_editor, make_person, iom
):
    services.assign_reviewer(submitted, actor=secretariat, reviewer=partner_editor, anonymous=False)
    other = make_person("omar")
    iom.editors.add(other)
    with pytest.raises(Conflict) as refused:
        services.assign_reviewer(submitted, actor=secretariat, reviewer=other, anonymous=True)
    assert refused.value.code == "anonymity_fixed"
    submitted.refresh_from_db()
    assert (submitted.review_is_anonymous, submitted.reviews.count()) == (False, 1)
    services.assign_reviewer(submitted, actor=secretariat, reviewer=other)  # mode kept
    submitted.refresh_from_db()
    assert submitted.review_is_anonymous is False


def test_a_non_editor_cannot_assign_through_the_page(client, submitted, partner_editor, author):
    client.force_login(partner_editor)
    response = client.post(
        f"{submitted.get_absolute_url()}assign/", {"reviewer": partner_editor.pk}
    )
    assert response.status_code == 404  # not theirs to see yet: never say it exists
    assert not submitted.reviews.exists()
