"""Text as people may send it: no control characters, the one rule for forms, frames and feeds.

Pure functions on `str`. Forms use them through `salam.core.forms.CharField`, query parameters
through `salam.core.params.text_param`, socket frames through `clean_line` / `clean_text`, and
feeds through `xml_safe` / `one_line` on what is already stored.
"""

from __future__ import annotations

import re

# C0 (U+0000-U+001F), DEL and C1 (U+0080-U+009F), less what a multi-line text keeps.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LINE_BREAKS = re.compile(r"\r\n?|[\n\t\u2028\u2029\x85]")
# What XML 1.0 cannot carry at all (Char production): C0 but tab and breaks, surrogates,
# U+FFFE and U+FFFF. C1 is legal XML but never wanted, so it goes too.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """A multi-line text: every C0/C1 control and NUL removed, line breaks made `\\n`, tabs kept."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub("", text)


def clean_line(text: str) -> str:
    """A single-line text: line breaks and tabs become a space, every other control is removed."""
    return _CONTROLS.sub("", _LINE_BREAKS.sub(" ", text))


def has_controls(text: str, *, multiline: bool = False) -> bool:
    """Whether `text` holds what `clean_text` (or, single-line, `clean_line`) would change."""
    return text != (clean_text(text) if multiline else clean_line(text))


def xml_safe(text: str) -> str:
    """`text` with what XML 1.0 refuses removed: for feeds built from already stored text."""
    return _NOT_XML.sub("", text)


def one_line(text: str) -> str:
    """`text` safe for a one-line field of a feed (a title, a summary): no breaks, no controls,
    nothing XML refuses."""
    return " ".join(xml_safe(clean_line(text)).split())
