"""Drive the benchmark: prepare the data, then for each N start each system's daphne, hold N
sockets, run the phases (and the rate search), and collect the figures.

Systems at the same N run back to back on the same machine, Redis and PostgreSQL, so the
ratios compare like with like even when other work shares the machine.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from salam.bench import fixtures
from salam.bench.clients import ClientPool, raise_open_files_limit
from salam.bench.report import Group, Phase, goals, percentile, tables
from salam.bench.servers import SYSTEMS, cpu_seconds, daphne, redis_pids, rss_bytes

PROJECT_DIR = Path(__file__).resolve().parents[2]
RUNS = ("small", "large", "search")


@dataclass
class Options:
    database_url: str = "postgres://postgres@127.0.0.1:5432/salam_bench"
    redis_url: str = "redis://127.0.0.1:6379/5"
    small_n: int = 100
    small_rate: float = 50
    large_n: int = 1000
    large_rate: float = 20
    duration: float = 20  # seconds of sending per main run
    search_duration: float = 8
    search_start: float = 2.5  # msg/s; the search doubles from here
    search_steps: int = 6
    warm_up: float = 3  # seconds of sending, not counted, before the first run of each system
    p99_goal: float = 0.25
    senders: int = 100  # distinct accounts that send, spread over the sockets
    client_processes: int = 2
    systems: tuple[str, ...] = ("raw", "documented", "ours")
    runs: tuple[str, ...] = RUNS
    drain_quiet: float = 2.0  # a phase ends when nothing arrived for this long...
    drain_cap: float = 20.0  # ...or this long after the last send


class Bench:
    def __init__(self, options: Options, say: Callable[[str], None]) -> None:
        self.options = options
        self.say = say
        self.nonce = secrets.token_hex(4)
        self.phase_counter = 0
        self.env = self._env()
        self.cookies: list[str] = []

    def _env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "salam.settings",
            "DATABASE_URL": self.options.database_url,
            "REDIS_URL": self.options.redis_url,
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            # One account may send far more than a person: the benchmark measures delivery,
            # not the rate limit (which stays on, with its query, at a higher bound).
            "ROOMS_RATE_LIMIT_MESSAGES": "1000000",
            "LOG_LEVEL": "ERROR",
            "PYTHONUNBUFFERED": "1",
        }

    # ---- setup --------------------------------------------------------------------------

    def prepare(self) -> None:
        o = self.options
        if fixtures.ensure_database(o.database_url):
            self.say(f"created database {o.database_url}")
        started = time.monotonic()
        users = max(self.sizes())
        command = [sys.executable, "-m", "salam.bench.fixtures", "--users", str(users)]
        for n in self.sizes():
            command += ["--room", f"bench-{n}:{n}"]
        done = subprocess.run(  # noqa: S603 our own module
            command, env=self.env, cwd=PROJECT_DIR, capture_output=True, text=True, check=False
        )
        if done.returncode:
            raise RuntimeError(f"preparing the data failed:\n{done.stderr[-3000:]}")
        self.cookies = json.loads(done.stdout)["cookies"]
        self.say(f"migrated, {users} people with sessions, in {time.monotonic() - started:.1f} s")

    def sizes(self) -> list[int]:
        o = self.options
        sizes = [o.small_n] if "small" in o.runs else []
        if {"large", "search"} & set(o.runs):
            sizes.append(o.large_n)
        return sizes

    # ---- runs ---------------------------------------------------------------------------

    def run(self) -> list[Group]:
        raise_open_files_limit()  # daphne inherits it
        self.prepare()
        groups = []
        pool = ClientPool(self.options.client_processes)
        try:
            for n in self.sizes():
                for key in self.options.systems:
                    groups.append(self.run_group(pool, key, n))
        finally:
            pool.shutdown()
        return groups

    def run_group(self, pool: ClientPool, key: str, n: int) -> Group:
        o = self.options
        system = SYSTEMS[key]
        prefix = f"bench-{self.nonce}-{key}-{n}"
        env = {**self.env, "CHANNEL_PREFIX": prefix}
        group = Group(system=key, n=n)
        self.say(f"{system.label}, N={n}")
        try:
            with daphne(system, env) as server:
                url = server.url(f"bench-{n}")
                pool.connect(url, self.cookies[:1])  # warm up imports, pools, connections
                pool.close()
                time.sleep(1.0)
                group.idle_rss = rss_bytes(server.pid)
                started = time.monotonic()
                results = pool.connect(url, self.cookies[:n])
                group.connected = sum(r["connected"] for r in results)
                if group.connected < n:
                    failures = [f for r in results for f in r["failures"]]
                    raise RuntimeError(
                        f"{key}: only {group.connected} of {n} connected: {failures}\n"
                        f"{server.log_tail()}"
                    )
                settled = pool.settle(quiet=1.5, cap=600)
                group.connect_seconds = time.monotonic() - started
                group.held_rss = rss_bytes(server.pid)
                self.say(
                    f"  {n} sockets open and quiet after {group.connect_seconds:.1f} s "
                    f"({sum(s['frames'] for s in settled):,} frames while joining); "
                    f"RSS {group.idle_rss / 2**20:.1f} -> {group.held_rss / 2**20:.1f} MiB, "
                    f"{group.memory_per_connection_kib:.1f} KiB per connection"
                )
                # Not counted: a server's worker threads open their database connections on
                # their first sends, which would otherwise land in the first run's tail.
                warm_rate = o.small_rate if n == o.small_n else o.search_start
                self.phase(pool, server.pid, key, n, warm_rate, o.warm_up, counted=False)
                if n == o.small_n and "small" in o.runs:
                    group.phases.append(self.phase(pool, server.pid, key, n, o.small_rate))
                if n == o.large_n and "search" in o.runs:
                    group.search = self.search(pool, server.pid, key, n)
                if n == o.large_n and "large" in o.runs:
                    # Last: an overloaded system leaves a backlog that would spoil what follows.
                    group.phases.append(self.phase(pool, server.pid, key, n, o.large_rate))
                pool.close()
        finally:
            self._forget_redis_keys(prefix)
        return group

    def phase(
        self,
        pool: ClientPool,
        pid: int,
        key: str,
        n: int,
        rate: float,
        duration: float = 0,
        *,
        counted: bool = True,
    ) -> Phase:
        o = self.options
        duration = duration or o.duration
        self.phase_counter += 1
        total = max(1, round(rate * duration))
        senders = min(n, o.senders)
        specs: list[dict[str, Any]] = [
            {
                "phase": self.phase_counter, "nonce": self.nonce, "duration": duration,
                "messages": total, "quiet": o.drain_quiet, "cap": o.drain_cap, "schedule": [],
            }
            for _ in pool.pipes
        ]  # fmt: skip
        for i in range(total):
            worker, local = pool.locate((i % senders) * n // senders)
            specs[worker]["schedule"].append((i, i / rate, local))
        t0 = time.monotonic() + 0.5
        for spec in specs:
            spec["t0"] = t0
        redis = redis_pids()
        cpu_before, redis_before = cpu_seconds(pid), _sum_cpu(redis)
        results = pool.phase(specs)
        server_cpu, redis_cpu = cpu_seconds(pid) - cpu_before, _sum_cpu(redis) - redis_before
        latencies = sorted(x for r in results for x in r["latencies"])
        received = sum(r["received"] for r in results)
        sent = sum(r["sent"] for r in results)
        last = max(r["last_receipt"] for r in results)
        phase = Phase(
            system=key, n=n, rate=rate, duration=duration, sent=sent, expected=sent * n,
            received=received, p50=percentile(latencies, 50), p99=percentile(latencies, 99),
            delivered_per_s=received / (last - t0) if received and last > t0 else 0.0,
            server_cpu=server_cpu, redis_cpu=redis_cpu,
            client_cpu=[r["cpu"] for r in results],
            max_send_lag=max(r["max_send_lag"] for r in results),
            errors=sum(r["errors"] for r in results),
            open_sockets=sum(r["open"] for r in results),
        )  # fmt: skip
        self.say(phase.line() if counted else f"  warm-up, not counted: {phase.line().strip()}")
        if not phase.sustained(o.p99_goal):
            pool.settle(quiet=2.0, cap=30)  # let a backlog drain before the next phase
        else:
            time.sleep(1.0)
        return phase

    def search(self, pool: ClientPool, pid: int, key: str, n: int) -> list[Phase]:
        """Double the rate from `search_start` until a step fails (halve while the first ones
        fail), then bisect geometrically; at most `search_steps` steps."""
        o = self.options
        tried: list[Phase] = []
        good = bad = None
        rate = o.search_start
        while len(tried) < o.search_steps:
            phase = self.phase(pool, pid, key, n, rate, o.search_duration)
            tried.append(phase)
            if phase.sustained(o.p99_goal):
                good = rate
            else:
                bad = rate
            if bad is None:  # every step held so far, this one too: good is rate
                rate = rate * 2
            elif good is None:
                rate = bad / 2
            elif bad / good < 1.3:
                break
            else:
                rate = (good * bad) ** 0.5
            rate = round(rate) if rate >= 4 else round(rate, 2)
            if rate < 0.3:
                break
        return tried

    def _forget_redis_keys(self, prefix: str) -> None:
        import redis

        with contextlib.suppress(Exception):
            client = redis.Redis.from_url(self.options.redis_url)
            keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
            if keys:
                client.delete(*keys)
            client.close()


def _sum_cpu(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        with contextlib.suppress(OSError):
            total += cpu_seconds(pid)
    return total


def run(options: Options, say: Callable[[str], None]) -> str:
    """Run the benchmark and return the markdown tables."""
    started = time.monotonic()
    load = os.getloadavg()
    groups = Bench(options, say).run()
    say(f"done in {time.monotonic() - started:.0f} s")
    header = (
        f"{os.cpu_count()} cores, load average before the run {load[0]:.2f}; "
        f"{options.client_processes} client processes; senders: {options.senders} accounts."
    )
    summary = goals(
        groups, small_n=options.small_n, large_n=options.large_n, p99_goal=options.p99_goal
    )
    return "\n\n".join(part for part in (header, tables(groups, options.p99_goal), summary) if part)
