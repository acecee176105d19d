"""An Atom feed of published articles per language."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from salam.core.text import one_line, xml_safe
from salam.journal import selectors
from salam.journal.models import Article
from salam.people.choices import language_codes
from salam.people.names import name_of

FEED_SIZE = 30


class LanguageFeed(Feed):
    """Stored text goes out through `one_line` / `xml_safe`: XML 1.0 cannot carry most control
    characters, and one such title saved before forms cleaned it must not break the feed."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, language: str) -> str:
        if language not in language_codes():
            raise Http404
        return language

    def title(self, language: str) -> str:
        return _("Salam journal: articles in %(language)s") % {"language": language}

    def link(self, language: str) -> str:
        return f"{reverse('journal:index')}?language={language}"

    def subtitle(self, language: str) -> str:
        return _("Reviewed articles on the integration of migrants.")

    def feed_guid(self, language: str) -> str:
        return reverse("journal:feed", kwargs={"language": language})

    def items(self, language: str) -> list[Article]:
        return list(selectors.published(language).order_by("-published_at")[:FEED_SIZE])

    def item_title(self, item: Article) -> str:
        return one_line(item.title)

    def item_description(self, item: Article) -> str:
        return xml_safe(item.abstract)

    def item_author_name(self, item: Article) -> str:
        return one_line(name_of(item.author))

    def item_pubdate(self, item: Article) -> datetime | None:
        return item.published_at

    def item_updateddate(self, item: Article) -> datetime | None:
        return item.published_at
