"""One name everywhere: `name_of`'s display name, with the username where it must be
unambiguous; the journal's history line says the name once."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.auth import get_user_model

from salam.journal import services as journal
from salam.journal.forms import AssignForm
from salam.people.fields import PeopleChoiceField
from salam.people.names import name_and_username, name_of
from tests.clearinghouse import *  # noqa: F403 shared clearinghouse fixtures
from tests.journal.test_services import TEXT

pytestmark = pytest.mark.django_db


def test_a_name_is_the_display_name_or_the_username(make_person):
    named = make_person("nadia")
    unnamed = make_person("plain", complete=False)
    assert (name_of(named), name_and_username(named)) == ("Nadia", "Nadia (@nadia)")
    assert (name_of(unnamed), name_and_username(unnamed)) == ("plain", "plain")


def test_the_journal_history_names_the_reviewer_once(
    client, make_person, secretariat, partner_editor
):
    author = make_person("amina")
    article = journal.submit_article(author=author, **TEXT)
    review = journal.assign_reviewer(article, actor=secretariat, reviewer=partner_editor)
    journal.submit_review(
        review,
        actor=partner_editor,
        recommendation="revise",
        comments="Add data.",
    )
    client.force_login(secretariat)
    html = client.get(f"/journal/{article.slug}/").content.decode()
    name = name_of(partner_editor)
    line = next(li for li in html.split("<li>") if "Review submitted" in li)
    assert line.count(name) == 1
    assert f"Review submitted · {name}: Revise" in line


def test_reviewer_pickers_show_display_names_with_usernames(secretariat):
    form = AssignForm()
    labels = [label for value, label in form.fields["reviewer"].choices if value]
    # With the reviewer's organisation after it (the journal's picker), or the secretariat.
    assert f"{name_of(secretariat)} (@{secretariat.get_username()}) · Secretariat" in labels


def test_people_pickers_label_with_both():
    class Form(forms.Form):
        people = PeopleChoiceField(queryset=get_user_model().objects.all())

    get_user_model().objects.create_user(username="zed")
    assert [label for _, label in Form().fields["people"].choices] == ["zed"]
