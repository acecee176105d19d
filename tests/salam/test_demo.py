from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from salam.people.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _debug_on(settings):
    # pytest-django runs tests with DEBUG off; the demo is a development tool.
    settings.DEBUG = True


def snapshot() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_the_demo_command_is_idempotent(capsys):
    call_command("demo", no_serve=True)
    first = snapshot()
    call_command("demo", no_serve=True)
    assert snapshot() == first
    assert first["auth.User"] == 7
    assert "amina      password: cafe-salam-demo" in capsys.readouterr().out


def test_demo_people_can_sign_in_with_complete_profiles():
    call_command("demo", no_serve=True)
    amina = authenticate(username="amina", password=DEMO_PASSWORD)
    assert amina is not None
    assert amina.profile.is_complete
    assert amina.profile.university.name == "Boğaziçi University"
    assert amina.profile.languages == ["en", "tr"]


def test_the_demo_command_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("demo", no_serve=True)
