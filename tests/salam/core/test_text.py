"""The one rule for text people send: no C0/C1 control character, NUL included."""

from __future__ import annotations

import xml.dom.minidom

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salam.core.params import text_param
from salam.core.text import clean_line, clean_text, has_controls, one_line, xml_safe

# Every C0 control, DEL and every C1 control.
CONTROLS = [chr(c) for c in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)]]
KEPT_IN_TEXT = {"\n", "\t"}


def controls_in(text: str, *, keep: set[str] = frozenset()) -> set[str]:
    return {c for c in text if c in CONTROLS and c not in keep}


@pytest.mark.parametrize("control", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_a_line_keeps_no_control_and_breaks_become_spaces(control):
    cleaned = clean_line(f"a{control}b")
    assert controls_in(cleaned) == set()
    assert cleaned in {"ab", "a b"}


@pytest.mark.parametrize("control", CONTROLS, ids=[f"U+{ord(c):04X}" for c in CONTROLS])
def test_a_text_keeps_only_line_breaks_and_tabs(control):
    cleaned = clean_text(f"a{control}b")
    assert controls_in(cleaned, keep=KEPT_IN_TEXT) == set()
    assert "\r" not in cleaned
    assert cleaned == (
        f"a{control}b" if control in KEPT_IN_TEXT else "a\nb" if control == "\r" else "ab"
    )


def test_windows_line_breaks_become_one_break():
    assert clean_text("one\r\ntwo\rthree") == "one\ntwo\nthree"


@given(st.text())
def test_any_text_comes_out_clean_and_cleaning_twice_changes_nothing(text):
    line, multi = clean_line(text), clean_text(text)
    assert controls_in(line) == set()
    assert controls_in(multi, keep=KEPT_IN_TEXT) == set()
    assert (clean_line(line), clean_text(multi)) == (line, multi)
    assert not has_controls(line) and not has_controls(multi, multiline=True)


@given(st.text() | st.sampled_from(["\ufffe", "a\uffffb", "\x00\x85\u2028"]))
def test_any_stored_text_makes_well_formed_xml(text):
    document = f"<t>{xml_escape(xml_safe(text))}</t><u>{xml_escape(one_line(text))}</u>"
    # raises on a character XML refuses; the text is generated here, not untrusted
    xml.dom.minidom.parseString(f"<r>{document}</r>")  # noqa: S318
    assert "\n" not in one_line(text)


def xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, ""), ("", ""), ("  ab ", "ab"), ("a\x00b", "ab"), ("a%00b", "a%00b"), ("x\ny", "x y")],
)
def test_text_param_drops_nul_and_controls(value, expected):
    assert text_param(value) == expected


def test_text_param_cuts_at_its_length_and_keeps_the_default():
    assert text_param("a" * 300) == "a" * 200
    assert text_param("abcdefghij", max_length=8) == "abcdefgh"
    assert text_param(None, "relevance") == "relevance"
