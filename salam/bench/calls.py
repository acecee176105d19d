"""`python manage.py bench_calls`: real calls in headless Chromium (fake camera and microphone)
through a real daphne, peer to peer on loopback and through a real coturn.

Measures, from the room page's own events (an init script instruments the page):
- the time from `call.join` to the first decoded frame of the other person's video (the
  second joiner's, who makes the offer), p50 and p95 over N two-person calls, direct and with
  `iceTransportPolicy: "relay"`;
- the signalling frames of one call set-up (every `call.*` frame either page sent) and the
  daphne process's CPU seconds per set-up;
- the upload bitrate each participant sends (outbound-rtp bytesSent over a window) in a mesh
  of 2, 3 and 4: each sends its video and audio once per other person.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from salam.bench.servers import SYSTEMS, cpu_seconds, daphne, stop
from salam.bench.turn import free_port_both, turnserver_args

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
    "--autoplay-policy=no-user-gesture-required",
]  # fmt: skip
SLUG = "bench-call"
PEOPLE = 4

# Timestamps of the page's own: the moment it sends call.join, the first remote video frame
# presented (requestVideoFrameCallback on each <video data-username>), and every call.* frame
# the page sends.
INSTRUMENT = """
(() => {
  window.__bench = { joinAt: null, firstFrameAt: null, sent: 0 };
  document.addEventListener("room:send", (event) => {
    const type = event.detail.type || "";
    if (type.startsWith("call.")) window.__bench.sent += 1;
    if (type === "call.join") window.__bench.joinAt = performance.now();
  });
  const watch = (video) => {
    if (video.__watched) return;
    video.__watched = true;
    const seen = () => {
      if (window.__bench.firstFrameAt === null) window.__bench.firstFrameAt = performance.now();
    };
    video.requestVideoFrameCallback(seen);
  };
  new MutationObserver(() => {
    document.querySelectorAll("video[data-username]").forEach(watch);
  }).observe(document, { subtree: true, childList: true });
  const Native = window.RTCPeerConnection;
  window.__pcs = [];
  window.RTCPeerConnection = class extends Native {
    constructor(...args) { super(...args); window.__pcs.push(this); }
  };
})();
"""
BYTES_SENT = """
async () => {
  let bytes = 0;
  for (const pc of window.__pcs) {
    if (pc.connectionState === "closed") continue;
    (await pc.getStats()).forEach((s) => { if (s.type === "outbound-rtp") bytes += s.bytesSent; });
  }
  return bytes;
}
"""


@dataclass
class Results:
    setup_ms: dict[str, list[float]] = field(default_factory=dict)
    frames: dict[str, list[int]] = field(default_factory=dict)
    cpu: dict[str, list[float]] = field(default_factory=dict)
    upload_kbps: dict[int, float] = field(default_factory=dict)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run(*, calls: int, upload_seconds: float, say: Callable[[str], None]) -> str:
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="bench-calls-"))
    database = f"sqlite:///{folder / 'bench.sqlite3'}"
    secret = secrets.token_urlsafe(24)
    turn_port = free_port_both()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "salam.settings",
        "DATABASE_URL": database,
        "SALAM_DATA_DIR": str(folder),
        "DEBUG": "true",
        "TURN_URLS": f"turn:127.0.0.1:{turn_port}?transport=udp",
        "TURN_SECRET": secret,
        "SALAM_GC_TUNING": "true",
    }
    env.pop("REDIS_URL", None)
    say("preparing the database")
    command = [sys.executable, "-m", "salam.bench.fixtures", "--users", str(PEOPLE)]
    command += ["--pair-room", f"{SLUG}:{PEOPLE}"]
    fixtures = subprocess.run(  # noqa: S603 our own module
        command, env=env, capture_output=True, text=True, check=True
    )
    cookies = [c.split("=", 1) for c in json.loads(fixtures.stdout)["cookies"]]
    coturn = subprocess.Popen(  # noqa: S603 our own coturn
        turnserver_args(port=turn_port, secret=secret, folder=folder),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    results = Results()
    try:
        with daphne(SYSTEMS["ours"], env) as server, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            base = f"http://127.0.0.1:{server.port}"
            pages = []
            for name, value in cookies:
                context = browser.new_context(base_url=base)
                context.add_cookies([{"name": name, "value": value, "url": base}])
                page = context.new_page()
                page.add_init_script(INSTRUMENT)
                pages.append(page)
            for relay in (False, True):
                key = "relay (coturn)" if relay else "direct (host candidates)"
                say(f"{calls} two-person calls, {key}")
                for index in range(calls):
                    first, second = pages[0], pages[1]
                    for page in (first, second):
                        open_room(page, base)
                    before = cpu_seconds(server.pid)
                    join(first, relay=relay)
                    join(second, relay=relay)
                    elapsed = wait_first_frame(second)
                    cpu = cpu_seconds(server.pid) - before
                    sent = sum(page.evaluate("window.__bench.sent") for page in (first, second))
                    results.setup_ms.setdefault(key, []).append(elapsed)
                    results.cpu.setdefault(key, []).append(cpu)
                    results.frames.setdefault(key, []).append(sent)
                    say(f"  call {index + 1}: {elapsed:.0f} ms, {sent} frames, {cpu:.3f} s CPU")
            for size in (2, 3, 4):
                say(f"upload bitrate, {size} people")
                for page in pages:
                    open_room(page, base)
                for page in pages[:size]:
                    join(page, relay=False)
                wait_connected(pages[:size], size - 1)
                time.sleep(4)  # let the bandwidth estimate ramp up (the media run in real time)
                start = [page.evaluate(BYTES_SENT) for page in pages[:size]]
                time.sleep(upload_seconds)
                end = [page.evaluate(BYTES_SENT) for page in pages[:size]]
                rates = [
                    (b - a) * 8 / upload_seconds / 1000 for a, b in zip(start, end, strict=True)
                ]
                results.upload_kbps[size] = statistics.mean(rates)
            browser.close()
    finally:
        stop(coturn)
        shutil.rmtree(folder, ignore_errors=True)
    return report(results, calls)


def open_room(page: Any, base: str) -> None:
    page.goto(f"{base}/rooms/{SLUG}/")
    page.locator("#call").wait_for(state="visible", timeout=30_000)
    page.locator("#call-join").wait_for(state="visible")


def join(page: Any, *, relay: bool) -> None:
    page.locator("#call-setup-camera").click()
    page.locator('#call-setup-camera[aria-pressed="true"]').wait_for()
    page.locator("#call-setup-mic").click()
    page.locator('#call-setup-mic[aria-pressed="true"]').wait_for()
    if relay:
        page.locator("#call-relay").check()
    page.locator("#call-join").click()
    page.locator("#call-live").wait_for(state="visible", timeout=30_000)


def wait_first_frame(page: Any, seconds: float = 60) -> float:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        timing = page.evaluate("[window.__bench.joinAt, window.__bench.firstFrameAt]")
        if timing[0] is not None and timing[1] is not None:
            return float(timing[1] - timing[0])
        time.sleep(0.05)  # polling the page's own timestamps, which the wait does not change
    raise RuntimeError("no remote frame within a minute")


def wait_connected(pages: list[Any], peers: int, seconds: float = 60) -> None:
    script = "window.__pcs.filter((pc) => pc.connectionState === 'connected').length"
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if all(page.evaluate(script) >= peers for page in pages):
            return
        time.sleep(0.2)  # polling
    raise RuntimeError("the mesh did not connect within a minute")


def report(results: Results, calls: int) -> str:
    lines = [
        f"Calls: {calls} two-person calls each way, fake camera and microphone, loopback.",
        "",
        "| path | join to first remote frame p50 | p95 | call.* frames per set-up "
        "| server CPU per set-up |",
        "| --- | --- | --- | --- | --- |",
    ]
    for key, values in results.setup_ms.items():
        frames = statistics.median(results.frames[key])
        cpu = statistics.median(results.cpu[key]) * 1000
        lines.append(
            f"| {key} | {percentile(values, 0.5):.0f} ms | {percentile(values, 0.95):.0f} ms "
            f"| {frames:.0f} | {cpu:.0f} ms |"
        )
    lines += ["", "| people in the mesh | upload each participant sends |", "| --- | --- |"]
    for size, rate in results.upload_kbps.items():
        lines.append(f"| {size} | {rate:.0f} kbit/s ({size - 1} × its video and audio) |")
    return "\n".join(lines) + "\n"
