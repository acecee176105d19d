"""Every text field of every form the project defines refuses or drops control characters."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django import forms

from salam.core.forms import CharField
from tests.salam.core.test_text import CONTROLS

ROOT = Path(__file__).resolve().parents[2]
# Fields whose own parsing or validators refuse anything but their alphabet (letters, digits,
# dashes...).
STRICT = (forms.SlugField, forms.URLField, forms.EmailField, forms.RegexField, forms.UUIDField)


def project_forms() -> list[type[forms.BaseForm]]:
    """Every Form class defined in a module of salam/, rooms/ or events/ that imports forms."""
    found: dict[str, type[forms.BaseForm]] = {}
    for top in ("salam", "rooms", "events"):
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" in path.parts or "forms.Form" not in path.read_text():
                continue
            module = importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
            for value in vars(module).values():
                if (
                    isinstance(value, type)
                    and issubclass(value, forms.BaseForm)
                    and value.__module__ == module.__name__
                ):
                    found[f"{module.__name__}.{value.__name__}"] = value
    return [found[name] for name in sorted(found)]


def text_fields() -> list[tuple[str, forms.CharField]]:
    return [
        (f"{form.__module__}.{form.__name__}.{name}", field)
        for form in project_forms()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.CharField)
    ]


FIELDS = text_fields()


def test_the_forms_are_found():
    names = {f"{form.__module__}.{form.__name__}" for form in project_forms()}
    assert {"salam.forum.forms.ThreadForm", "salam.journal.forms.SubmitForm"} <= names
    assert "events.forms.SessionForm" in names and "rooms.pairing.forms.FeedbackForm" in names
    assert len(FIELDS) > 40


@pytest.mark.parametrize(("name", "field"), FIELDS, ids=[name for name, _ in FIELDS])
def test_every_text_field_is_the_cleaning_one_or_strict(name, field):
    assert isinstance(field, (CharField, *STRICT)), name


def strings_of(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [s for item in value for s in strings_of(item)]
    return []


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "field"), FIELDS, ids=[name for name, _ in FIELDS])
def test_no_control_character_gets_through_any_text_field(name, field):
    multiline = isinstance(field.widget, forms.Textarea)
    for control in CONTROLS:
        try:
            cleaned = field.clean(f"ab{control}cd")
        except forms.ValidationError:
            continue  # refused: also fine
        for text in strings_of(cleaned):
            left = {c for c in text if c in CONTROLS}
            assert left <= ({"\n", "\t"} if multiline else set()), (name, hex(ord(control)))


def test_a_single_line_field_makes_a_line_break_a_space_and_a_text_keeps_it():
    assert CharField().clean("one\r\ntwo\x00") == "one two"
    assert CharField(widget=forms.Textarea).clean("one\r\ntwo\x01\tthree") == "one\ntwo\tthree"


def test_a_value_of_controls_alone_is_empty_and_so_required_fails():
    with pytest.raises(forms.ValidationError):
        CharField().clean("\x01\x02\x00")
