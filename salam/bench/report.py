"""Figures of a phase, and the markdown tables the command prints."""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field


def percentile(ordered: list[float] | array, q: float) -> float:
    """Nearest-rank percentile of an ascending sequence; NaN when it is empty."""
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


@dataclass
class Phase:
    system: str
    n: int
    rate: float
    duration: float
    sent: int
    expected: int
    received: int
    p50: float  # seconds
    p99: float
    delivered_per_s: float
    server_cpu: float  # seconds during the phase
    redis_cpu: float
    client_cpu: list[float]
    max_send_lag: float
    errors: int
    open_sockets: int

    @property
    def lost(self) -> int:
        return self.expected - self.received

    @property
    def offered_per_s(self) -> float:
        return self.sent * self.n / self.duration

    @property
    def cpu_per_delivery_us(self) -> float:
        return self.server_cpu / self.received * 1e6 if self.received else float("nan")

    @property
    def redis_per_delivery_us(self) -> float:
        return self.redis_cpu / self.received * 1e6 if self.received else float("nan")

    def sustained(self, p99_goal: float) -> bool:
        return self.lost <= 0 and self.errors == 0 and self.p99 < p99_goal

    def line(self) -> str:
        return (
            f"  {self.system:<10} N={self.n:<5} {self.rate:>6.1f} msg/s: "
            f"offered {self.offered_per_s:>8.0f}/s delivered {self.delivered_per_s:>8.0f}/s "
            f"lost {self.lost:>6} p50 {self.p50 * 1e3:>7.1f} ms p99 {self.p99 * 1e3:>8.1f} ms "
            f"cpu {self.cpu_per_delivery_us:>6.1f} us/delivery "
            f"(redis {self.redis_per_delivery_us:.1f}) "
            f"clients cpu {'+'.join(f'{c:.1f}' for c in self.client_cpu)} s "
            f"send lag {self.max_send_lag * 1e3:.0f} ms errors {self.errors} "
            f"open {self.open_sockets}"
        )


@dataclass
class Group:
    """One system at one N on one daphne: connections held, then its phases."""

    system: str
    n: int
    connect_seconds: float = 0.0
    idle_rss: int = 0
    held_rss: int = 0
    connected: int = 0
    phases: list[Phase] = field(default_factory=list)
    search: list[Phase] = field(default_factory=list)

    @property
    def memory_per_connection_kib(self) -> float:
        return (self.held_rss - self.idle_rss) / max(self.n, 1) / 1024

    def best(self, p99_goal: float) -> Phase | None:
        passing = [p for p in self.search if p.sustained(p99_goal)]
        return max(passing, key=lambda p: p.rate, default=None)


LABELS = {"raw": "raw ASGI (ceiling)", "documented": "Channels documented", "ours": "Salam"}


def _ratio(ours: float, base: float) -> str:
    if not base or base != base or ours != ours:
        return "n/a"
    return f"{ours / base:.2f}×"


def _ms(seconds: float) -> str:
    return "n/a" if seconds != seconds else f"{seconds * 1e3:.1f}"


def tables(groups: list[Group], p99_goal: float) -> str:
    """The README tables: each run per system with ours as ratios; the search; the goals."""
    out = [
        "| run | system | offered deliveries/s | delivered deliveries/s | lost | p50 ms "
        "| p99 ms | server CPU µs/delivery | memory KiB/connection |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    runs: dict[tuple[int, float], dict[str, tuple[Group, Phase]]] = {}
    for group in groups:
        for phase in group.phases:
            runs.setdefault((phase.n, phase.rate), {})[group.system] = (group, phase)
    for (n, rate), by_system in runs.items():
        name = f"N={n:,}, {rate:g} msg/s"
        for key in ("raw", "documented", "ours"):
            if key not in by_system:
                continue
            group, p = by_system[key]
            out.append(
                f"| {name} | {LABELS[key]} | {p.offered_per_s:,.0f} | {p.delivered_per_s:,.0f} "
                f"| {p.lost:,} | {_ms(p.p50)} | {_ms(p.p99)} | {p.cpu_per_delivery_us:.1f} "
                f"| {group.memory_per_connection_kib:.1f} |"
            )
        if "ours" in by_system:
            group, p = by_system["ours"]
            for key in ("raw", "documented"):
                if key in by_system:
                    bg, b = by_system[key]
                    out.append(
                        f"| {name} | Salam ÷ {LABELS[key]} | "
                        f"{_ratio(p.offered_per_s, b.offered_per_s)} "
                        f"| {_ratio(p.delivered_per_s, b.delivered_per_s)} | "
                        f"| {_ratio(p.p50, b.p50)} | {_ratio(p.p99, b.p99)} "
                        f"| {_ratio(p.cpu_per_delivery_us, b.cpu_per_delivery_us)} "
                        f"| {_ratio(group.memory_per_connection_kib, bg.memory_per_connection_kib)}"
                        " |"
                    )
    searched = [g for g in groups if g.search]
    if searched:
        out += [
            "",
            f"Highest rate sustained at N={searched[0].n:,} (p99 < {p99_goal * 1e3:.0f} ms, "
            "nothing lost), and the rates tried:",
            "",
            "| system | msg/s | deliveries/s | p99 ms | vs ceiling | steps (msg/s: p99 ms, lost) |",
            "| --- | ---: | ---: | ---: | ---: | --- |",
        ]
        ceiling = next((g.best(p99_goal) for g in searched if g.system == "raw"), None)
        for group in searched:
            best = group.best(p99_goal)
            steps = ", ".join(
                f"{p.rate:g}: {_ms(p.p99)}, {p.lost:,}"
                for p in sorted(group.search, key=lambda p: p.rate)
            )
            if best is None:
                out.append(f"| {LABELS[group.system]} | none | 0 | | | {steps} |")
                continue
            vs = _ratio(best.rate * best.n, ceiling.rate * ceiling.n) if ceiling else "n/a"
            out.append(
                f"| {LABELS[group.system]} | {best.rate:g} | {best.rate * best.n:,.0f} "
                f"| {_ms(best.p99)} | {vs} | {steps} |"
            )
    return "\n".join(out)


def goals(groups: list[Group], *, small_n: int, large_n: int, p99_goal: float) -> str:
    """The issue's four goals, measured against the baselines of the same run."""
    by = {(g.system, g.n): g for g in groups}

    def phase(system: str, n: int) -> Phase | None:
        group = by.get((system, n))
        return group.phases[0] if group and group.phases else None

    rows = []
    ours, raw = phase("ours", large_n), phase("raw", large_n)
    if ours and raw:
        ratio = ours.p99 / raw.p99
        met = ours.lost == 0 and ratio <= 2
        rows.append(
            (f"N={large_n:,}, {ours.rate:g} msg/s: nothing lost, p99 ≤ 2× raw",
             f"lost {ours.lost:,}, p99 {_ms(ours.p99)} ms = {ratio:.2f}× raw", met)
        )  # fmt: skip
    ours_g, raw_g = by.get(("ours", large_n)), by.get(("raw", large_n))
    if ours_g and raw_g and ours_g.search and raw_g.search:
        best, ceiling = ours_g.best(p99_goal), raw_g.best(p99_goal)
        ours_dps = best.rate * best.n if best else 0.0
        raw_dps = ceiling.rate * ceiling.n if ceiling else 0.0
        rows.append(
            ("sustainable deliveries/s ≥ ½ raw ceiling",
             f"{ours_dps:,.0f} vs {raw_dps:,.0f} = {_ratio(ours_dps, raw_dps)}",
             bool(raw_dps) and ours_dps >= raw_dps / 2)
        )  # fmt: skip
    n = large_n if ("ours", large_n) in by and ("raw", large_n) in by else small_n
    if ("ours", n) in by and ("raw", n) in by:
        mine, base = by["ours", n].memory_per_connection_kib, by["raw", n].memory_per_connection_kib
        rows.append(
            (f"memory per connection ≤ 1.5× raw (N={n:,})",
             f"{mine:.1f} vs {base:.1f} KiB = {_ratio(mine, base)}", mine <= 1.5 * base)
        )  # fmt: skip
    small = phase("ours", small_n)
    if small:
        rows.append(
            (f"N={small_n:,}, {small.rate:g} msg/s: p99 < 25 ms",
             f"p99 {_ms(small.p99)} ms, lost {small.lost:,}", small.p99 < 0.025 and not small.lost)
        )  # fmt: skip
    if not rows:
        return ""
    out = ["| goal | measured | met |", "| --- | --- | --- |"]
    for goal, measured, met in rows:
        out.append(f"| {goal} | {measured} | {'yes' if met else '**no**'} |")
    return "\n".join(out)
