"""A coturn of one's own on 127.0.0.1 (the calls benchmark and the tests use it): free ports,
coturn's `use-auth-secret` with a fresh secret, loopback peers allowed, no root needed."""

from __future__ import annotations

import secrets
import socket
from pathlib import Path

TURNSERVER = "/usr/bin/turnserver"


def free_port_both() -> int:
    """A 127.0.0.1 port free for both TCP and UDP."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
            tcp.bind(("127.0.0.1", 0))
            port = tcp.getsockname()[1]
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                udp.bind(("127.0.0.1", port))
        except OSError:
            continue
        return port


def turnserver_args(*, port: int, secret: str, folder: Path) -> list[str]:
    """turnserver's command line: an empty config file (not /etc/turnserver.conf), relays on
    a random range of 200 ports, its log on standard output."""
    empty_config = folder / "turnserver.conf"
    empty_config.write_text("")
    low = 40000 + secrets.randbelow(20000)
    return [
        TURNSERVER, "-c", str(empty_config),
        "--use-auth-secret", f"--static-auth-secret={secret}",
        "--realm=salam.test", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1",
        f"--listening-port={port}", f"--min-port={low}", f"--max-port={low + 200}",
        "--allow-loopback-peers", "--no-cli", "--no-tls", "--no-dtls", "--fingerprint",
        "--log-file=stdout", "--simple-log", f"--pidfile={folder / 'turnserver.pid'}",
        "--no-multicast-peers", "--verbose",
    ]  # fmt: skip
