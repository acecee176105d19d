"""A daphne subprocess per system under test, and what /proc says about it."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class System:
    key: str  # raw, documented, ours
    label: str
    app: str  # daphne's application path
    path: str  # websocket path, "{slug}" is replaced by the room


SYSTEMS = {
    "raw": System("raw", "raw ASGI broadcast (ceiling)", "salam.bench.raw_app:application", "/"),
    "documented": System(
        "documented",
        "Channels consumer + group_send (documented)",
        "salam.bench.relay_app:application",
        "/ws/relay/",
    ),
    "ours": System("ours", "Salam (hub)", "salam.asgi:application", "/ws/rooms/{slug}/"),
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """utime + stime of the process, all its threads included."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def rss_bytes(pid: int) -> int:
    return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE


def redis_pids() -> list[int]:
    """redis-server processes on this machine (their CPU is reported, not charged to us)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if (entry / "comm").read_text().strip() == "redis-server":
                    pids.append(int(entry.name))
    return pids


@dataclass
class Server:
    system: System
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def url(self, slug: str) -> str:
        return f"ws://127.0.0.1:{self.port}{self.system.path.format(slug=slug)}"

    def log_tail(self, lines: int = 30) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        return ""


@contextlib.contextmanager
def daphne(system: System, env: dict[str, str], *, timeout: float = 60) -> Iterator[Server]:
    """Start daphne on a free port of 127.0.0.1, yield it once it listens, always stop it."""
    port = free_port()
    log = Path(tempfile.mkstemp(prefix=f"bench-{system.key}-", suffix=".log")[1])
    command = [
        sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port),
        "--websocket_connect_timeout", "120", "--ping-interval", "600", "-v", "1",
        system.app,
    ]  # fmt: skip
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 our own daphne, no shell
            command, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    server = Server(system, port, process, log)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"daphne for {system.key} exited:\n{server.log_tail()}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.5):
                break
            if time.monotonic() > deadline:
                raise RuntimeError(f"daphne for {system.key} did not listen:\n{server.log_tail()}")
            time.sleep(0.2)
        yield server
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)
