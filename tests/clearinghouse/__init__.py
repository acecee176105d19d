"""Fixtures and builders shared by the clearinghouse tests (library, journal, forum, search).

Each of those test folders' conftest.py star-imports this module.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from salam.clearinghouse.choices import PolicyArea
from salam.clearinghouse.models import Organisation
from salam.library import services as library_services
from salam.library.models import RotaPeriod
from salam.people.roles import Role

PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office/>")
    return buffer.getvalue()


def pdf_upload(name: str = "report.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/pdf")


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    # Fast hashing: these tests create many people, none of them signs in with a password.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def iom(db) -> Organisation:
    return Organisation.objects.create(
        name="International Organization for Migration",
        acronym="IOM",
        slug="iom",
        kind=Organisation.Kind.UN,
        is_partner=True,
    )


@pytest.fixture
def cmrs(db) -> Organisation:
    return Organisation.objects.create(
        name="Center for Migration and Refugee Studies",
        acronym="CMRS",
        slug="cmrs",
        kind=Organisation.Kind.UNIVERSITY,
        is_partner=True,
    )


@pytest.fixture
def secretariat(make_person):
    """A global editor (the secretariat): edits the library at any time, edits the journal."""
    return make_person("sec", role=Role.EDITOR)


@pytest.fixture
def partner_editor(make_person, iom):
    person = make_person("ivy")
    iom.editors.add(person)
    return person


@pytest.fixture
def iom_turn(iom, cmrs) -> RotaPeriod:
    """IOM's turn covers now; CMRS's turn comes after it."""
    now = timezone.now()
    RotaPeriod.objects.create(
        organisation=cmrs,
        starts_at=now + dt.timedelta(days=10),
        ends_at=now + dt.timedelta(days=40),
    )
    return RotaPeriod.objects.create(
        organisation=iom, starts_at=now - dt.timedelta(days=5), ends_at=now + dt.timedelta(days=10)
    )


@pytest.fixture
def make_resource(secretariat, iom):
    counter = iter(range(1, 100_000))

    def make(**overrides):
        number = next(counter)
        fields = {
            "title": f"Resource {number}",
            "summary": "A summary about migrants.",
            "kind": "guideline",
            "areas": [PolicyArea.SOCIO_ECONOMIC],
            "region": "europe",
            "language": "en",
            "organisation": iom,
            "year": 2009,
            "url": f"https://example.org/{number}",
            "tags": [],
        }
        fields.update({key: value for key, value in overrides.items() if value is not None})
        return library_services.save_resource(None, actor=secretariat, **fields)

    return make
