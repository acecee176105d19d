"""A real coturn for tests: `turnserver` on 127.0.0.1 with free ports and a shared secret
(coturn's `use-auth-secret`, the TURN REST API credentials that rooms.calls.rules mints).
Needs no root. Absent coturn skips on a laptop and fails under CI (tests.services.missing)."""

from __future__ import annotations

import secrets
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from salam.bench.turn import TURNSERVER, free_port_both, turnserver_args
from tests import services
from tests.daphne import ServerProcess

UCLIENT = "/usr/bin/turnutils_uclient"


class TurnServer(ServerProcess):
    def __init__(self, log_dir: Path) -> None:
        self.secret = secrets.token_urlsafe(24)
        self.port = free_port_both()  # the browser's candidates use UDP or TCP
        args = turnserver_args(port=self.port, secret=self.secret, folder=log_dir)
        super().__init__("turnserver", args, {"PATH": "/usr/bin:/bin"}, log_dir)

    @property
    def url(self) -> str:
        return f"turn:127.0.0.1:{self.port}?transport=udp"

    def wait_listening(self, seconds: float = 10.0) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if not self.running:
                pytest.fail(f"turnserver exited:\n{self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), 0.5):
                    return
            except OSError:
                time.sleep(0.1)  # polling a starting process
        pytest.fail(f"turnserver not listening after {seconds} s:\n{self.log()}")

    def allocate(self, username: str, credential: str) -> subprocess.CompletedProcess:
        """coturn's own client: allocate a relay with these credentials and send through it."""
        return subprocess.run(
            [
                UCLIENT,
                "-p",
                str(self.port),
                "-u",
                username,
                "-w",
                credential,
                "-n",
                "3",
                "-m",
                "1",
                "-y",
                "-v",
                "127.0.0.1",
            ],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )


@pytest.fixture
def coturn(tmp_path: Path) -> Iterator[TurnServer]:
    """A running coturn of the test's own; stopped in teardown."""
    for binary in (TURNSERVER, UCLIENT):
        if shutil.which(binary) is None:
            services.missing("coturn", f"{binary} is not installed (apt-get install coturn)")
    server = TurnServer(tmp_path)
    server.spawn()
    try:
        server.wait_listening()
        yield server
    finally:
        server.stop()
