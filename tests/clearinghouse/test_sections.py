"""Other apps add sections to the library's organisation page through the clearinghouse core."""

from __future__ import annotations

import pytest

from salam.clearinghouse import sections
from salam.clearinghouse.sections import OrganisationSection, register_organisation_section
from salam.journal import services as journal
from tests.journal.test_services import TEXT, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(monkeypatch):
    """A copy of the registry for one test, so a test's sections do not stay registered."""
    monkeypatch.setattr(sections, "_sections", dict(sections._sections))


def test_the_journal_registers_its_articles_section_when_the_site_starts():
    assert [s.key for s in sections.organisation_sections()] == ["journal.articles"]


def test_the_organisation_page_shows_the_journal_s_published_articles_only(
    client, iom, make_person, secretariat, partner_editor
):
    author = make_person("amina")
    publish(author, secretariat, partner_editor, title="Mentoring in Lyon", organisation=iom)
    journal.submit_article(author=author, **{**TEXT, "title": "Still in review"}, organisation=iom)
    page = client.get(iom.get_absolute_url()).content.decode()
    assert "Journal articles" in page
    assert "Mentoring in Lyon" in page
    assert "Still in review" not in page


def test_sections_render_in_their_order_with_their_own_context(registry, iom):
    register_organisation_section(
        OrganisationSection(
            key="test.first",
            template="journal/_organisation_articles.html",
            context=lambda organisation: {"articles": []},
            order=1,
        )
    )
    assert [s.key for s in sections.organisation_sections()] == ["test.first", "journal.articles"]
    first, journal_section = sections.render_organisation_sections(iom)
    assert "None yet." in first
    assert "Journal articles" in journal_section


def test_registering_again_under_a_key_replaces_the_section(registry):
    section = OrganisationSection(key="journal.articles", template="x.html", context=dict)
    register_organisation_section(section)
    assert sections.organisation_sections() == [section]
