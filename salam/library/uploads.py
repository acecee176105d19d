"""Upload checks for library files: PDF and office documents only, known by their content and
their extension together, under a size limit, stored under a random name.

Pure functions over bytes and names (plus the upload_to callables the models use).
"""

from __future__ import annotations

import io
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO

from django.core.exceptions import SuspiciousFileOperation
from django.utils.text import get_valid_filename

from salam.clearinghouse.errors import Invalid

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

PDF_MAGIC = b"%PDF-"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls/.ppt
ZIP_MAGIC = b"PK\x03\x04"  # OOXML (.docx...) and OpenDocument (.odt...)
RTF_MAGIC = b"{\\rtf"

# extension: (content family, content type, the member or mimetype that proves it)
ALLOWED: dict[str, tuple[str, str, str]] = {
    "pdf": ("pdf", "application/pdf", ""),
    "rtf": ("rtf", "application/rtf", ""),
    "doc": ("ole", "application/msword", ""),
    "xls": ("ole", "application/vnd.ms-excel", ""),
    "ppt": ("ole", "application/vnd.ms-powerpoint", ""),
    "docx": (
        "ooxml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "word/",
    ),
    "xlsx": ("ooxml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xl/"),
    "pptx": (
        "ooxml",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "ppt/",
    ),
    "odt": ("odf", "application/vnd.oasis.opendocument.text", ""),
    "ods": ("odf", "application/vnd.oasis.opendocument.spreadsheet", ""),
    "odp": ("odf", "application/vnd.oasis.opendocument.presentation", ""),
}


@dataclass(frozen=True)
class CheckedFile:
    extension: str
    content_type: str
    display_name: str
    size: int


def display_name(name: str) -> str:
    """The last path part, made safe to show and to offer as a download name."""
    base = PurePosixPath((name or "").replace("\\", "/")).name
    try:
        return get_valid_filename(base)[:200]
    except SuspiciousFileOperation:  # "." and ".." have no safe form
        return ""


def extension_of(name: str) -> str:
    suffix = PurePosixPath(display_name(name)).suffix.lower().lstrip(".")
    return suffix if suffix in ALLOWED else ""


def _zip_proves(data: bytes, extension: str) -> bool:
    family, content_type, member = ALLOWED[extension]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if family == "ooxml":
                return "[Content_Types].xml" in names and any(n.startswith(member) for n in names)
            if "mimetype" not in names or archive.getinfo("mimetype").file_size > 200:
                return False
            return archive.read("mimetype").decode("ascii", "replace").strip() == content_type
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return False


def content_matches(data: bytes, extension: str) -> bool:
    """Whether the bytes are what the extension claims (magic bytes, and the zip's parts)."""
    family = ALLOWED[extension][0]
    if family == "pdf":
        return data.startswith(PDF_MAGIC)
    if family == "rtf":
        return data.startswith(RTF_MAGIC)
    if family == "ole":
        return data.startswith(OLE_MAGIC)
    return data.startswith(ZIP_MAGIC) and _zip_proves(data, extension)


def check_upload(name: str, stream: IO[bytes], size: int, *, max_bytes: int) -> CheckedFile:
    """Refuse anything but a PDF or office document of at most `max_bytes`; raises `Invalid`."""
    if size <= 0:
        raise Invalid("The file is empty.", code="file_empty")
    if size > max_bytes:
        raise Invalid(f"The file is larger than {max_bytes // (1024 * 1024)} MB.", code="file_size")
    extension = extension_of(name)
    if not extension:
        raise Invalid("Only PDF and office documents may be uploaded.", code="file_type")
    stream.seek(0)
    data = stream.read(max_bytes + 1)
    stream.seek(0)
    if not content_matches(data, extension):
        raise Invalid("The file's content is not what its name says.", code="file_type")
    return CheckedFile(
        extension=extension,
        content_type=ALLOWED[extension][1],
        display_name=display_name(name),
        size=size,
    )


def _random_name(folder: str, filename: str) -> str:
    # The stored name never contains anything the uploader chose but a checked extension.
    extension = extension_of(filename)
    return f"library/{folder}/{uuid.uuid4().hex}{'.' + extension if extension else ''}"


def resource_upload_to(instance: object, filename: str) -> str:
    return _random_name("resources", filename)


def package_upload_to(instance: object, filename: str) -> str:
    return _random_name("packages", filename)
