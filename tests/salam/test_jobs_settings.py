"""The Jobs settings: the database backend by default, the site's address checked at start."""

from __future__ import annotations

import json

import pytest

from tests.salam.test_settings import run_python

PRINT_JOBS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'tasks': s.TASKS, 'site_url': s.SITE_URL, 'site_name': s.SITE_NAME, "
    "'attempts': s.EMAIL_RETRY_ATTEMPTS, 'backoff': s.EMAIL_RETRY_BACKOFF_SECONDS, "
    "'timeout': s.EMAIL_TIMEOUT}))"
)


def test_with_nothing_set_jobs_run_on_the_database_backend(tmp_path):
    result = run_python(PRINT_JOBS, {}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "tasks": {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}},
        "site_url": "http://127.0.0.1:8000",
        "site_name": "Café Salam",
        "attempts": 5,
        "backoff": 60,
        "timeout": 30,
    }


def test_the_site_address_and_retries_come_from_the_environment(tmp_path):
    env = {
        "SITE_URL": "https://salam.example.org/",
        "SITE_NAME": "Salam Forum",
        "EMAIL_RETRY_ATTEMPTS": "2",
        "EMAIL_RETRY_BACKOFF_SECONDS": "10",
        "EMAIL_TIMEOUT": "5",
    }
    result = run_python(PRINT_JOBS, env, tmp_path)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    assert (found["site_url"], found["site_name"]) == ("https://salam.example.org", "Salam Forum")
    assert (found["attempts"], found["backoff"], found["timeout"]) == (2, 10, 5)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SITE_URL": "salam.example.org"}, "must start with http:// or https://"),
        ({"EMAIL_RETRY_ATTEMPTS": "0"}, "EMAIL_RETRY_ATTEMPTS must be at least 1"),
        ({"EMAIL_RETRY_BACKOFF_SECONDS": "soon"}, "is not a whole number"),
    ],
)
def test_it_refuses_to_start_with_a_bad_jobs_value(env, message, tmp_path):
    result = run_python(PRINT_JOBS, env, tmp_path)
    assert result.returncode != 0
    assert message in result.stderr
