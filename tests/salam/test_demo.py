from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django_tasks_db.models import DBTaskResult

from salam.notices.models import Notice
from salam.people.demo import DEMO_PASSWORD
from tests.daphne import ServerProcess, free_port

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
    # The seven who sign in, and the ten more people of the demo programmes' cohorts.
    assert first["auth.User"] == 17
    assert first["programmes.CohortMember"] == 12
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


@pytest.mark.django_db(transaction=True)
def test_the_demo_loads_its_data_without_queueing_mail():
    # Transactional, as in the real command: each notice's commit enqueues its mail at once.
    call_command("demo", no_serve=True)
    assert Notice.objects.exists()
    assert DBTaskResult.objects.count() == 0


@pytest.mark.slow
def test_the_demo_server_sends_mail_from_its_own_worker(tmp_path, server_logs):
    """`manage.py demo` alone (SQLite, no second command) delivers a mail queued by another
    process: its worker thread prints it with the console mail backend."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "EMAIL_HOST", "EMAIL_BACKEND", "DEBUG"}
    }
    env.update(SALAM_DATA_DIR=str(tmp_path), PYTHONUNBUFFERED="1", SITE_URL="http://demo.example")
    port = free_port()
    manage = [sys.executable, "manage.py"]
    demo = ServerProcess("demo", [*manage, "demo", "--port", str(port)], env, server_logs)
    demo.spawn()
    try:
        # migrating, loading, and rendering the contest's three demo videos with ffmpeg: on a
        # loaded 2-core machine that passes two minutes
        wait_for(lambda: "Serving on" in demo.log(), demo, seconds=240)
        queue = (
            "from django.contrib.auth.models import User; "
            "from salam.notices.services import notify; "
            "notify(User.objects.get(username='amina'), kind='events.changed', "
            "text=lambda: ('Worker check', ''))"
        )
        subprocess.run([*manage, "shell", "-c", queue], env=env, check=True, timeout=120)
        wait_for(lambda: "To: amina@" in demo.log(), demo, seconds=30)
        footer = "Café Salam: all your notices are at http://demo.example/notices/"
        assert "\n\nWorker check\n\n-- \n" + footer in demo.log()
    finally:
        demo.stop(signal.SIGINT)
        print(demo.log())


def wait_for(condition, process: ServerProcess, *, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert process.running, process.log()
        assert time.monotonic() < deadline, process.log()
        time.sleep(0.2)
