from __future__ import annotations

import io

import pytest

from salam.clearinghouse.errors import Invalid
from salam.library.uploads import check_upload, display_name, resource_upload_to
from tests.clearinghouse import PDF_BYTES, docx_bytes, odt_bytes

MAX = 1024 * 1024


def check(name: str, data: bytes, *, max_bytes: int = MAX):
    return check_upload(name, io.BytesIO(data), len(data), max_bytes=max_bytes)


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("report.pdf", PDF_BYTES, "application/pdf"),
        ("REPORT.PDF", PDF_BYTES, "application/pdf"),
        (
            "guide.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        ("guide.odt", odt_bytes(), "application/vnd.oasis.opendocument.text"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "application/msword"),
        ("notes.rtf", b"{\\rtf1\\ansi hello}", "application/rtf"),
    ],
)
def test_it_accepts_pdf_and_office_documents(name, data, content_type):
    assert check(name, data).content_type == content_type


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("virus.exe", b"MZ\x90\x00" + b"\0" * 64),
        ("virus.pdf", b"MZ\x90\x00" + b"\0" * 64),  # an executable named .pdf
        ("page.pdf", b"<html><script>alert(1)</script></html>"),
        ("page.html", b"<html></html>"),
        ("guide.docx", PDF_BYTES),  # a PDF named .docx
        ("report.pdf", docx_bytes()),  # a docx named .pdf
        ("guide.xlsx", docx_bytes()),  # a Word zip named as a spreadsheet
        ("archive.docx", b"PK\x03\x04not really a zip"),
        ("guide.odt", docx_bytes()),
        ("image.svg", b"<svg onload=alert(1)>"),
        ("noextension", PDF_BYTES),
        ("../x", PDF_BYTES),
    ],
)
def test_it_refuses_other_content_whatever_the_name(name, data):
    with pytest.raises(Invalid) as refused:
        check(name, data)
    assert refused.value.code == "file_type"


def test_it_refuses_files_over_the_limit():
    with pytest.raises(Invalid) as refused:
        check("big.pdf", PDF_BYTES + b"\0" * 2048, max_bytes=1024)
    assert refused.value.code == "file_size"


def test_it_refuses_empty_files():
    with pytest.raises(Invalid) as refused:
        check("empty.pdf", b"")
    assert refused.value.code == "file_empty"


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../x.pdf", "x.pdf"),
        ("..\\..\\windows\\x.pdf", "x.pdf"),
        ("/etc/passwd.pdf", "passwd.pdf"),
        ("my report (final).pdf", "my_report_final.pdf"),
        ("..", ""),
    ],
)
def test_display_names_are_the_last_part_made_safe(name, shown):
    assert display_name(name) == shown


@pytest.mark.parametrize("name", ["../x.pdf", "../../etc/x.pdf", "a/b/../../../x.docx", "../x"])
def test_stored_names_are_random_and_stay_in_the_library_folder(name):
    stored = resource_upload_to(None, name)
    assert stored.startswith("library/resources/")
    assert ".." not in stored
    assert stored.count("/") == 2
