"""The site as the README's production steps run it: DEBUG off, collected static files,
compiled catalogues, behind a proxy that speaks HTTPS, on real daphne processes."""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from channels.db import database_sync_to_async
from django.conf import settings
from django.test import override_settings

from rooms.chat import services as rooms
from rooms.moderation import services as moderation
from tests.rooms.conftest import session_cookie
from tests.salam.test_settings import PRODUCTION, ROOT

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.slow,
]

SERVER = {**PRODUCTION, "ALLOWED_HOSTS": "127.0.0.1"}
LIVE_ROOMS_AR = "غرف مباشرة"
BANNED_AR = "أخرجك أحد المشرفين من هذه الغرفة."


class Answer:
    def __init__(self, response: http.client.HTTPResponse) -> None:
        self.status = response.status
        self.headers = response.headers
        self.body = response.read().decode()


def request(
    port: int,
    path: str,
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body: str | None = None,
) -> Answer:
    """One request, redirects not followed."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        return Answer(connection.getresponse())
    finally:
        connection.close()


def behind_the_proxy(**headers: str) -> dict[str, str]:
    """What the TLS-terminating proxy passes on (SECURE_PROXY_SSL_HEADER)."""
    return {"X-Forwarded-Proto": "https", **headers}


def policy(header: str) -> dict[str, list[str]]:
    directives = (part.split() for part in header.split(";") if part.strip())
    return {name: values for name, *values in directives}


@pytest.fixture(scope="module")
def static_root(tmp_path_factory) -> Path:
    """`collectstatic` as the README runs it, once for this module."""
    root = tmp_path_factory.mktemp("static")
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env={**os.environ, **SERVER, "STATIC_ROOT": str(root), "SALAM_DATA_DIR": str(root)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def production(daphne, static_root):
    """start() -> a daphne process in production configuration."""

    async def start(name: str = "daphne-production"):
        return await daphne.start(name, **SERVER, STATIC_ROOT=str(static_root))

    return start


async def test_production_serves_pages_in_arabic(production):
    server = await production()
    home = request(server.port, "/", headers=behind_the_proxy(**{"Accept-Language": "ar"}))
    assert home.status == 200
    assert '<html lang="ar" dir="rtl">' in home.body
    assert LIVE_ROOMS_AR in home.body
    stylesheet = re.search(r'href="(/static/css/salam\.[0-9a-f]+\.css)"', home.body)
    assert stylesheet, "the stylesheet is not the collected, hashed one"
    assert request(server.port, stylesheet[1], headers=behind_the_proxy()).status == 200


async def test_production_pages_carry_the_security_headers(production):
    server = await production()
    home = request(server.port, "/", headers=behind_the_proxy())
    csp = policy(home.headers["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["connect-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in home.headers["Content-Security-Policy"]
    assert home.headers["Referrer-Policy"] == "same-origin"
    assert home.headers["X-Content-Type-Options"] == "nosniff"
    features = dict(
        item.strip().split("=", 1) for item in home.headers["Permissions-Policy"].split(",")
    )
    assert features["camera"] == "(self)"
    assert features["microphone"] == "(self)"
    assert features["geolocation"] == "()"
    assert set(features.values()) == {"(self)", "()"}
    assert home.headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    plain = request(server.port, "/")  # not through the proxy: sent to HTTPS
    assert (plain.status, plain.headers["Location"]) == (301, f"https://127.0.0.1:{server.port}/")


async def test_a_banned_person_reloading_the_room_reads_why_in_arabic(
    production, moderator, participant
):
    def arrange() -> str:
        room = rooms.create_room(slug="welcome", title="Welcome")
        rooms.add_member(room, user=moderator, role="moderator")
        rooms.join_room(room, actor=participant)
        moderation.ban_member(room, actor=moderator, username="alice", reason="spam")
        with override_settings(SECRET_KEY=SERVER["SECRET_KEY"]):  # the server's sessions
            return session_cookie(participant)

    cookie = await database_sync_to_async(arrange)()
    server = await production()
    answer = request(
        server.port,
        "/rooms/welcome/",
        headers=behind_the_proxy(Cookie=f"{cookie}; {settings.LANGUAGE_COOKIE_NAME}=ar"),
    )
    assert answer.status == 403
    assert f'<p class="error-reason">{BANNED_AR}</p>' in answer.body
    assert '<html lang="ar" dir="rtl">' in answer.body
    missing = request(server.port, "/rooms/nowhere/", headers=behind_the_proxy(Cookie=cookie))
    assert missing.status == 404
    assert '<h1 id="error-title">Page not found</h1>' in missing.body


# Behind a load balancer every process sees the site's one host name, and allauth's key for
# an account's failed logins includes it: send the same Host to both processes.
SITE_HOST = {"Host": "localhost"}


def login_form(port: int) -> tuple[str, str]:
    """(csrftoken cookie, form token) of a fresh login page."""
    page = request(port, "/accounts/login/", headers=SITE_HOST)
    assert page.status == 200
    cookie = re.search(r"csrftoken=([^;]+)", page.headers["Set-Cookie"])[1]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)[1]
    return cookie, token


def log_in(port: int, login: str, password: str) -> Answer:
    cookie, token = login_form(port)
    body = f"csrfmiddlewaretoken={token}&login={login}&password={password}"
    return request(
        port,
        "/accounts/login/",
        method="POST",
        body=body,
        headers={
            **SITE_HOST,
            "Cookie": f"csrftoken={cookie}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )


async def test_a_login_limit_reached_through_one_process_holds_on_another(
    daphne, make_person, password
):
    await database_sync_to_async(lambda: (make_person("target"), make_person("bystander")))()
    a, b = await daphne.start("daphne-a"), await daphne.start("daphne-b")

    for _ in range(5):
        failed = log_in(a.port, "target", "wrong")
        assert failed.status == 200  # the form again, with its error
        assert "Too many failed login attempts" not in failed.body

    refused = log_in(b.port, "target", password)  # the right password, on the other process
    assert refused.status == 200
    assert "Too many failed login attempts. Try again later." in refused.body
    assert log_in(b.port, "bystander", password).status == 302  # others still sign in
