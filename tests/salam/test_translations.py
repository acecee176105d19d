"""The French, Spanish and Arabic catalogues are complete, keep their placeholders, and are used."""

from __future__ import annotations

import gettext
import io
import re
import shutil
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management import call_command
from django.utils.html import escape

LANGUAGES = ["fr", "es", "ar"]
PLURAL_FORMS = {"fr": 2, "es": 2, "ar": 6}

# Python-format directives: %(name)s, %s, %d, %5.1f... ("%%" is a literal percent sign).
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*(?:\d+)?(?:\.\d+)?[sdifrx]")


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text.replace("%%", "")))


@cache
def catalogue(language: str) -> Catalog:
    path = Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"
    with path.open("rb") as po_file:
        return read_po(po_file, locale=language)


def entries(language: str):
    return [message for message in catalogue(language) if message.id]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_has_no_untranslated_or_fuzzy_entry(language):
    catalog = catalogue(language)
    assert entries(language), "the catalogue is empty"
    assert not catalog.fuzzy
    untranslated = [
        message.id
        for message in entries(language)
        if not message.string or (isinstance(message.string, tuple) and not all(message.string))
    ]
    fuzzy = [message.id for message in entries(language) if message.fuzzy]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_plural_entries_have_every_form_of_the_language(language):
    catalog = catalogue(language)
    assert catalog.num_plurals == PLURAL_FORMS[language]
    plurals = [message for message in entries(language) if message.pluralizable]
    assert plurals
    for message in plurals:
        assert len(message.string) == PLURAL_FORMS[language], message.id


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_translation_keeps_the_placeholders(language):
    wrong = []
    for message in entries(language):
        if message.pluralizable:
            singular, plural = (placeholders(text) for text in message.id)
            every = singular | plural
            forms = [placeholders(text) for text in message.string]
            # A form used for a single number ("one", "two") may spell the number out.
            if forms[-1] != plural or any(
                not form <= every or len(every - form) > 1 for form in forms
            ):
                wrong.append(message.id)
        elif placeholders(message.string) != placeholders(message.id):
            wrong.append(message.id)
    assert wrong == []


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_home_page_is_rendered_with_the_catalogue(client, language):
    compiled = Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.mo"
    assert compiled.exists()
    body = client.get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    for text in ("Live rooms", "Go to the rooms"):
        translated = catalogue(language)[text].string
        assert translated and translated != text
        assert escape(translated) in body


def test_compile_catalogues_writes_the_mo_files_production_serves(tmp_path, settings):
    """The README's production step: .mo files from the .po catalogues, with Babel."""
    for language in LANGUAGES:
        messages = tmp_path / language / "LC_MESSAGES"
        messages.mkdir(parents=True)
        shutil.copy(
            Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po", messages
        )
    settings.LOCALE_PATHS = [tmp_path]

    out = io.StringIO()
    call_command("compile_catalogues", stdout=out)

    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.mo")) == [
        f"{language}/LC_MESSAGES/django.mo" for language in sorted(LANGUAGES)
    ]
    arabic = gettext.translation("django", localedir=tmp_path, languages=["ar"])
    assert arabic.gettext("Live rooms") == catalogue("ar")["Live rooms"].string
    assert "3 catalogue(s) compiled" in out.getvalue()
    again = io.StringIO()
    call_command("compile_catalogues", stdout=again)
    assert "0 catalogue(s) compiled" in again.getvalue()  # up to date: nothing rewritten
