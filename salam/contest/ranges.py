"""HTTP byte ranges (RFC 9110 §14): which slice of a file a `Range` header asks for.

Pure: a header and a size in, a decision out. Only a single range is served; a header this
does not understand (another unit, several ranges, a malformed one) is ignored, as the RFC
lets a server do, and the whole file is sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# `bytes=a-b`, `bytes=a-`, `bytes=-n`: ASCII digits only (str.isdigit takes "²" too), at most
# 18 of them (a position past an exabyte is nonsense, and int() of thousands of digits raises).
_SINGLE = re.compile(r"bytes\s*=\s*(\d{0,18})\s*-\s*(\d{0,18})", re.ASCII | re.IGNORECASE)


@dataclass(frozen=True)
class ByteRange:
    """The bytes `start` to `end`, both included, of a file of `size` bytes."""

    start: int
    end: int
    size: int

    @property
    def length(self) -> int:
        return self.end - self.start + 1

    @property
    def content_range(self) -> str:
        return f"bytes {self.start}-{self.end}/{self.size}"


@dataclass(frozen=True)
class Unsatisfiable:
    """A well-formed range that lies outside the file: answered 416."""

    size: int

    @property
    def content_range(self) -> str:
        return f"bytes */{self.size}"


def requested_range(header: str | None, size: int) -> ByteRange | Unsatisfiable | None:
    """The slice `header` asks for of a file of `size` bytes: a `ByteRange` (206), an
    `Unsatisfiable` one (416), or None to send the whole file (200)."""
    if not header:
        return None
    found = _SINGLE.fullmatch(header.strip())
    if found is None:
        return None  # another unit, several ranges, or not a range at all
    first, last = found.group(1), found.group(2)
    if not first and not last:
        return None  # "bytes=-"
    if not first:  # the last n bytes
        suffix = int(last)
        if suffix == 0 or size == 0:
            return Unsatisfiable(size)
        return ByteRange(max(size - suffix, 0), size - 1, size)
    start = int(first)
    if last and int(last) < start:
        return None  # "bytes=5-2" is invalid, so ignored
    if start >= size:
        return Unsatisfiable(size)
    end = min(int(last), size - 1) if last else size - 1
    return ByteRange(start, end, size)
