"""The load generator: client processes, each holding a share of the sockets in one asyncio loop.

The parent talks to each worker over a pipe. A phase is open loop: the parent hands every
worker the send times of its senders' messages (`t0 + i / rate`); a message carries its id and
its *scheduled* send time on CLOCK_MONOTONIC (shared by all processes of the machine), so a
late send counts as latency instead of hiding it. Receivers only pattern-match the marker in
each frame, which keeps the client cheap; its CPU time is reported with every phase.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import multiprocessing
import re
import resource
import time
from array import array
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Origin

MARKER = re.compile(r"m:(\d+):(\d+):(\d+\.\d+)")
ERROR = re.compile(r'"type":\s*"error"')  # the server writes compact JSON (msgspec)
ORIGIN = Origin("http://127.0.0.1")


def raise_open_files_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def message_frame(phase: int, msg_id: int, scheduled: float, nonce: str) -> str:
    return json.dumps(
        {
            "type": "message.send",
            "body": f"m:{phase}:{msg_id}:{scheduled:.6f} benchmark message",
            "client_id": f"{nonce}-{phase}-{msg_id}",
        }
    )


@dataclass
class PhaseState:
    phase: int
    latencies: array = field(default_factory=lambda: array("d"))
    received: int = 0
    last_receipt: float = 0.0


class Worker:
    def __init__(self) -> None:
        self.sockets: list[ClientConnection] = []
        self.readers: list[asyncio.Task] = []
        self.closed_codes: dict[int | None, int] = {}
        self.state: PhaseState | None = None
        self.frames = 0  # every frame, for settling
        self.errors = 0
        self.stray = 0  # marked frames of another phase
        self.last_frame = time.monotonic()

    # ---- sockets ------------------------------------------------------------------------

    async def connect(self, url: str, cookies: list[str], concurrency: int) -> dict:
        started = time.monotonic()
        limit = asyncio.Semaphore(concurrency)
        failures: list[str] = []

        async def one(cookie: str) -> None:
            async with limit:
                try:
                    ws = await connect(
                        url, origin=ORIGIN, additional_headers=[("Cookie", cookie)],
                        compression=None, ping_interval=None, open_timeout=120,
                        close_timeout=2, max_size=2**22, max_queue=256,
                    )  # fmt: skip
                    hello = await asyncio.wait_for(ws.recv(decode=True), 120)
                except Exception as error:  # counted and reported
                    failures.append(repr(error)[:200])
                    return
                if '"hello"' not in hello:
                    failures.append(f"first frame was not hello: {hello[:200]}")
                    await ws.close()
                    return
                self.sockets.append(ws)
                self.readers.append(asyncio.create_task(self.read(ws)))

        await asyncio.gather(*(one(cookie) for cookie in cookies))
        return {
            "connected": len(self.sockets),
            "failures": failures[:5],
            "failed": len(failures),
            "seconds": time.monotonic() - started,
        }

    async def read(self, ws: ClientConnection) -> None:
        try:
            async for text in ws:
                now = time.monotonic()
                self.frames += 1
                self.last_frame = now
                match = MARKER.search(text) if isinstance(text, str) else None
                if match is None:
                    if isinstance(text, str) and ERROR.search(text):
                        self.errors += 1
                    continue
                state = self.state
                if state is None or int(match[1]) != state.phase:
                    self.stray += 1
                    continue
                state.received += 1
                state.last_receipt = now
                state.latencies.append(now - float(match[3]))
        except Exception:  # noqa: S110 a dropped socket is counted by its close code
            pass
        code = ws.close_code
        self.closed_codes[code] = self.closed_codes.get(code, 0) + 1

    async def settle(self, quiet: float, cap: float) -> dict:
        """Wait until no frame has arrived for `quiet` seconds (presence storms after joins)."""
        started = time.monotonic()
        while time.monotonic() - started < cap:
            if time.monotonic() - self.last_frame >= quiet:
                break
            await asyncio.sleep(0.1)
        return {"frames": self.frames, "seconds": time.monotonic() - started}

    async def close(self) -> dict:
        await asyncio.gather(*(ws.close() for ws in self.sockets), return_exceptions=True)
        for task in self.readers:
            task.cancel()
        await asyncio.gather(*self.readers, return_exceptions=True)
        self.sockets, self.readers, self.closed_codes, self.frames = [], [], {}, 0
        return {"closed": True}

    # ---- a phase ------------------------------------------------------------------------

    async def phase(self, spec: dict) -> dict:
        """Send this worker's share of the schedule, then wait for the deliveries to drain."""
        t0, nonce, phase = spec["t0"], spec["nonce"], spec["phase"]
        state = self.state = PhaseState(phase)
        self.errors = self.stray = 0
        cpu_before = time.process_time()
        lags = array("d")
        sends: list[asyncio.Task] = []
        for msg_id, offset, local in spec["schedule"]:
            scheduled = t0 + offset
            delay = scheduled - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            lags.append(time.monotonic() - scheduled)
            frame = message_frame(phase, msg_id, scheduled, nonce)
            sends.append(asyncio.create_task(self.sockets[local].send(frame)))
        await asyncio.gather(*sends, return_exceptions=True)
        end = t0 + spec["duration"]
        if end > time.monotonic():
            await asyncio.sleep(end - time.monotonic())
        expected = spec["messages"] * len(self.sockets)
        progress, seen = time.monotonic(), state.received
        while state.received < expected:
            now = time.monotonic()
            if state.received != seen:
                progress, seen = now, state.received
            if now - progress > spec["quiet"] or now - end > spec["cap"]:
                break
            await asyncio.sleep(0.05)
        self.state = None
        return {
            "latencies": state.latencies,
            "received": state.received,
            "expected": expected,
            "sent": len(lags),
            "max_send_lag": max(lags, default=0.0),
            "last_receipt": state.last_receipt,
            "errors": self.errors,
            "stray": self.stray,
            "cpu": time.process_time() - cpu_before,
            "open": sum(1 for ws in self.sockets if ws.close_code is None),
            "closed_codes": dict(self.closed_codes),
        }


async def _serve(conn: Connection) -> None:
    worker = Worker()
    loop = asyncio.get_running_loop()
    while True:
        command, kwargs = await loop.run_in_executor(None, conn.recv)
        if command == "quit":
            await worker.close()
            conn.send({})
            return
        conn.send(await getattr(worker, command)(**kwargs))


def _main(conn: Connection) -> None:
    raise_open_files_limit()
    asyncio.run(_serve(conn))


class ClientPool:
    """`processes` worker processes; socket k of a connect lives in worker k % processes."""

    def __init__(self, processes: int) -> None:
        context = multiprocessing.get_context("spawn")  # no inherited Django or sockets
        self.pipes: list[Connection] = []
        self.processes: list[multiprocessing.process.BaseProcess] = []
        for _ in range(processes):
            parent, child = context.Pipe()
            process = context.Process(target=_main, args=(child,), daemon=True)
            process.start()
            self.pipes.append(parent)
            self.processes.append(process)
        self.counts = [0] * processes

    def _all(self, command: str, per_worker: list[dict]) -> list[dict]:
        for pipe, kwargs in zip(self.pipes, per_worker, strict=True):
            pipe.send((command, kwargs))
        return [pipe.recv() for pipe in self.pipes]

    def connect(self, url: str, cookies: list[str], concurrency: int = 25) -> list[dict]:
        n = len(self.pipes)
        shares = [cookies[w::n] for w in range(n)]
        self.counts = [len(share) for share in shares]
        return self._all(
            "connect", [{"url": url, "cookies": s, "concurrency": concurrency} for s in shares]
        )

    def locate(self, client: int) -> tuple[int, int]:
        """(worker, local index) of the client-th socket of the last connect."""
        n = len(self.pipes)
        return client % n, client // n

    def settle(self, quiet: float = 1.5, cap: float = 300) -> list[dict]:
        return self._all("settle", [{"quiet": quiet, "cap": cap}] * len(self.pipes))

    def phase(self, specs: list[dict]) -> list[dict]:
        return self._all("phase", [{"spec": spec} for spec in specs])

    def close(self) -> list[dict]:
        return self._all("close", [{}] * len(self.pipes))

    def shutdown(self) -> None:
        for pipe in self.pipes:
            with contextlib.suppress(OSError):
                pipe.send(("quit", {}))
        for process in self.processes:
            process.join(10)
            if process.is_alive():
                process.kill()
                process.join(5)
