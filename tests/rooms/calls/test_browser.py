"""Real calls in a real browser: headless Chromium with a fake camera and microphone (a test
pattern and a beep) against a real daphne, peer to peer over loopback, and once through a real
coturn with minted credentials. What reaches each person is read from WebRTC's own statistics
(getStats: inbound-rtp framesDecoded and audio bytesReceived)."""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pytest
from django.utils import translation

from rooms.chat import services
from rooms.models import Membership, Room
from tests.a11y import assert_accessible
from tests.browser import MEDIA_ARGS
from tests.rooms.chat.test_browser import expect, screenshot
from tests.salam.test_browser_csp import RECORD_VIOLATIONS

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

# Every RTCPeerConnection the page makes, so that a test can read its statistics.
RECORD_CONNECTIONS = """
(() => {
  const Native = window.RTCPeerConnection;
  window.__pcs = [];
  window.RTCPeerConnection = class extends Native {
    constructor(...args) { super(...args); window.__pcs.push(this); }
  };
})();
"""

# A network through which no direct path passes, for one page: every ICE candidate it gives
# out or hears of, in a signal or in an SDP, points to a socket that never answers (BLACKHOLE:
# a UDP port the test holds open and never reads), so that every candidate pair's checks go
# unanswered and ICE fails, as behind a firewall that lets only the relay's traffic out. Once
# a connection gathers through the relay alone (iceTransportPolicy "relay", which only
# call.js's own failure handling sets) its candidates pass: relay candidates, through coturn.
# call.js itself is untouched. Everything the page says in #call-error is kept in
# window.__complaints (it is cleared again once connected).
BLOCK_DIRECT = r"""
(() => {
  const Native = window.RTCPeerConnection;
  const nowhere = (line) => line.replace(
    /^((?:a=)?candidate:\S+ \d+ \S+ \d+) \S+ \d+/, "$1 127.0.0.1 BLACKHOLE");
  const sdp = (text) => text.split("\r\n").map(nowhere).join("\r\n");
  window.__blocked = 0;
  window.RTCPeerConnection = class extends Native {
    get direct() { return this.getConfiguration().iceTransportPolicy !== "relay"; }
    get localDescription() {
      const d = super.localDescription;
      if (!d || !this.direct) return d;
      const json = { type: d.type, sdp: sdp(d.sdp) };
      return { ...json, toJSON: () => json };
    }
    setRemoteDescription(d) {
      return super.setRemoteDescription(d && this.direct ? { type: d.type, sdp: sdp(d.sdp) } : d);
    }
    addIceCandidate(c) {
      if (!c || !c.candidate || !this.direct) return super.addIceCandidate(c);
      window.__blocked += 1;
      return super.addIceCandidate({ ...c, candidate: nowhere(c.candidate) });
    }
    addEventListener(type, listener, ...rest) {
      if (type !== "icecandidate") return super.addEventListener(type, listener, ...rest);
      return super.addEventListener(type, (event) => {
        if (!event.candidate || !event.candidate.candidate || !this.direct) return listener(event);
        window.__blocked += 1;
        const json = { ...event.candidate.toJSON(), candidate: nowhere(event.candidate.candidate) };
        return listener({ candidate: { toJSON: () => json } });
      }, ...rest);
    }
  };
  window.__complaints = [];
  document.addEventListener("DOMContentLoaded", () => {
    const error = document.getElementById("call-error");
    if (!error) return;
    new MutationObserver(() => {
      if (error.textContent) window.__complaints.push(error.textContent);
    }).observe(error, { childList: true, characterData: true, subtree: true });
  });
})();
"""

# What one person receives from `username`: the connection whose receivers feed that
# person's <video data-username>.
RECEIVED_FROM = """
async (username) => {
  const video = document.querySelector(`video[data-username="${username}"]`);
  if (!video || !video.srcObject) return null;
  const ids = new Set(video.srcObject.getTracks().map((track) => track.id));
  const pc = window.__pcs.find((pc) => pc.connectionState !== "closed"
    && pc.getReceivers().some((receiver) => ids.has(receiver.track.id)));
  if (!pc) return null;
  const report = await pc.getStats();
  const out = { frames: 0, audio: 0, state: pc.connectionState, local: null, remote: null,
                policy: pc.getConfiguration().iceTransportPolicy };
  let pairId = null;
  report.forEach((s) => {
    if (s.type === "inbound-rtp" && s.kind === "video") out.frames += s.framesDecoded || 0;
    if (s.type === "inbound-rtp" && s.kind === "audio") out.audio += s.bytesReceived || 0;
    if (s.type === "transport" && s.selectedCandidatePairId) pairId = s.selectedCandidatePairId;
  });
  const pair = pairId && report.get(pairId);
  if (pair) {
    out.local = report.get(pair.localCandidateId)?.candidateType ?? null;
    out.remote = report.get(pair.remoteCandidateId)?.candidateType ?? null;
  }
  return out;
}
"""


@pytest.fixture
def chromium_args() -> list[str]:
    return MEDIA_ARGS


@pytest.fixture
def site_environment(request) -> dict[str, str]:
    """A test that asks for `coturn` gets a site whose calls use it."""
    if "coturn" not in request.fixturenames:
        return {}
    turn = request.getfixturevalue("coturn")
    return {"TURN_URLS": turn.url, "TURN_SECRET": turn.secret}


@pytest.fixture
def blackhole() -> Iterator[int]:
    """A UDP port on loopback that receives and never answers (packets to a closed port would
    come back as ICMP errors)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as hole:
        hole.bind(("127.0.0.1", 0))
        yield hole.getsockname()[1]


def words(page: Page, text: str) -> str:
    with translation.override(page.locator("html").get_attribute("lang")):
        return translation.gettext(text)


@pytest.fixture
def call_room(make_person) -> Callable[..., Room]:
    """call_room(slug, members, facilitator=None) -> a private room (kind pair) with a call."""

    def make(slug: str, members: list[str], facilitator: str | None = None) -> Room:
        room = services.create_room(
            slug=slug, title=slug.title(), kind=Room.Kind.PAIR, visibility=Room.Visibility.MEMBERS
        )
        for name in members:
            services.add_member(room, user=make_person(name))
        if facilitator:
            moderator = make_person(facilitator)
            services.add_member(room, user=moderator, role=Membership.Role.MODERATOR)
        return room

    return make


@pytest.fixture
def enter_call(log_in: Callable, password: str) -> Callable[..., Page]:
    """enter_call(context, username, slug) -> the room page, connected, the call offered."""

    def enter(context: BrowserContext, username: str, slug: str, *, viewport=None) -> Page:
        page = context.new_page()
        page.set_default_timeout(30_000)  # four pages of live media load a small machine
        if viewport:
            page.set_viewport_size(viewport)
        page.add_init_script(RECORD_CONNECTIONS)
        page.add_init_script(RECORD_VIOLATIONS)
        log_in(page, username, password)
        page.goto(f"/rooms/{slug}/")
        expect(page.locator("#connection-status")).to_have_text(words(page, "Connected"))
        expect(page.locator("#call")).to_be_visible()
        return page

    return enter


def join(page: Page, *, camera: bool = True, microphone: bool = True, relay: bool = False) -> None:
    """Turn on what the person chooses, look at the preview, and join."""
    if camera and page.locator("#call-setup-camera").get_attribute("aria-pressed") == "false":
        page.get_by_role("button", name=words(page, "Turn my camera on")).click()
        poll(
            page,
            "() => document.getElementById('call-preview').srcObject?.getVideoTracks().length",
            lambda tracks: tracks == 1,
        )
    if microphone:
        page.get_by_role("button", name=words(page, "Turn my microphone on")).click()
        expect(page.locator("#call-setup-mic")).to_have_attribute("aria-pressed", "true")
    if relay:
        page.locator("#call-relay").check()
    page.get_by_role("button", name=words(page, "Join the call")).click()
    expect(page.locator("#call-live")).to_be_visible()


def poll(page: Page, script: str, done: Callable, *args, seconds: float = 15) -> object:
    """Evaluate `script` until `done` holds of its value (the page's CSP forbids the eval that
    Playwright's wait_for_function would use); fail with the last value."""
    deadline = time.monotonic() + seconds
    value = None
    while time.monotonic() < deadline:
        value = page.evaluate(script, *args)
        if done(value):
            return value
        page.wait_for_timeout(250)
    pytest.fail(f"still {value!r} after {seconds} s")


def received(page: Page, username: str) -> dict | None:
    return page.evaluate(RECEIVED_FROM, username)


def wait_receiving(page: Page, username: str, *, frames: int = 10, seconds: float = 30) -> dict:
    """Wait until `page` has decoded `frames` video frames and some audio from `username`."""
    return poll(
        page,
        RECEIVED_FROM,
        lambda got: bool(got and got["frames"] >= frames and got["audio"] > 0),
        username,
        seconds=seconds,
    )


def growing(page: Page, username: str) -> tuple[dict, dict]:
    """Two readings a second apart (WebRTC's counters only grow)."""
    first = received(page, username)
    page.wait_for_timeout(1500)  # the media flows in real time: a reading needs time to pass
    return first or {}, received(page, username) or {}


def test_two_people_in_a_pair_room_see_and_hear_each_other_mute_and_leave(
    call_room, browser_context, enter_call
):
    call_room("istanbul-madrid", ["amina", "lucas"])
    amina = enter_call(browser_context(), "amina", "istanbul-madrid")
    lucas = enter_call(browser_context(), "lucas", "istanbul-madrid")
    # Nothing is sent before the person chooses: no call, no camera, no connection.
    expect(amina.locator("#call-in-progress")).to_have_text("Nobody is in the call yet.")
    assert amina.evaluate("window.__pcs.length") == 0
    expect(amina.get_by_text("Calls are not recorded", exact=False)).to_be_visible()
    assert_accessible(amina)

    join(amina)
    expect(lucas.locator("#call-in-progress")).to_have_text("In the call now: Amina")
    join(lucas)

    for page, other in ((amina, "lucas"), (lucas, "amina")):
        wait_receiving(page, other)
        before, after = growing(page, other)
        assert after["frames"] > before["frames"], (before, after)
        assert after["audio"] > before["audio"], (before, after)
        assert after["state"] == "connected"
    expect(amina.locator('#call-tiles [data-username="lucas"]')).to_have_count(2)  # tile, video
    expect(amina.locator("#call-tiles")).to_have_attribute("data-count", "2")
    assert_accessible(amina)
    screenshot(amina, "call-desktop")

    # Lucas mutes: his audio stops reaching Amina, and she sees it.
    lucas.get_by_role("button", name="Mute my microphone").click()
    expect(lucas.locator("#call-mic")).to_have_attribute("aria-pressed", "true")
    tile = amina.locator('li.call-tile[data-username="lucas"]')
    expect(tile).to_have_attribute("data-audio", "false")
    expect(tile).to_contain_text("microphone off")
    amina.wait_for_timeout(1000)  # what was in flight arrives
    before, after = growing(amina, "lucas")
    assert after["audio"] == before["audio"], (before, after)
    assert after["frames"] > before["frames"]  # the camera still is on
    # Amina's own audio still reaches Lucas.
    before, after = growing(lucas, "amina")
    assert after["audio"] > before["audio"]

    lucas.get_by_role("button", name="Unmute my microphone").click()
    expect(tile).to_have_attribute("data-audio", "true")
    amina.wait_for_timeout(500)
    before, after = growing(amina, "lucas")
    assert after["audio"] > before["audio"]

    # Lucas leaves: his tile leaves Amina's screen.
    lucas.get_by_role("button", name="Leave the call").click()
    expect(lucas.locator("#call-status")).to_have_text("You left the call.")
    expect(amina.locator('video[data-username="lucas"]')).to_have_count(0)
    expect(amina.locator("#call-tiles")).to_have_attribute("data-count", "1")
    expect(amina.locator("#call-in-progress")).to_have_text("In the call now: Amina")
    # The strict CSP let the whole call through: the camera, WebRTC, the <video> elements.
    assert amina.evaluate("window.__violations") == []
    assert lucas.evaluate("window.__violations") == []


def test_three_people_in_a_group_room_and_a_moderator_removes_one(
    call_room, browser_context, enter_call
):
    call_room("group-circle", ["amina", "lucas", "farah"], facilitator="nadia")
    pages = {
        name: enter_call(browser_context(), name, "group-circle")
        for name in ("amina", "lucas", "farah")
    }
    for page in pages.values():
        join(page)
    for name, page in pages.items():
        for other in pages:
            if other != name:
                wait_receiving(page, other)
    expect(pages["amina"].locator("#call-tiles")).to_have_attribute("data-count", "3")

    nadia = enter_call(browser_context(), "nadia", "group-circle")
    join(nadia, camera=False, microphone=False)  # the facilitator listens in
    expect(pages["amina"].locator("#call-tiles")).to_have_attribute("data-count", "4")
    wait_receiving(nadia, "lucas")
    nadia.get_by_role("button", name="Remove Lucas from the call").click()

    expect(pages["lucas"].locator("#call-status")).to_contain_text("You are no longer in the call.")
    expect(pages["lucas"].locator("#call-live")).to_be_hidden()
    for name in ("amina", "farah"):
        expect(pages[name].locator('video[data-username="lucas"]')).to_have_count(0)
        expect(pages[name].locator("#call-tiles")).to_have_attribute("data-count", "3")
    assert pages["lucas"].evaluate("window.__pcs.every((pc) => pc.connectionState === 'closed')")
    # The others still see each other.
    before, after = growing(pages["amina"], "farah")
    assert after["frames"] > before["frames"]


def test_a_call_through_the_relay_alone_with_minted_credentials(
    coturn, call_room, browser_context, enter_call
):
    call_room("istanbul-madrid", ["amina", "lucas"])
    amina = enter_call(browser_context(), "amina", "istanbul-madrid")
    lucas = enter_call(browser_context(), "lucas", "istanbul-madrid")
    join(amina, relay=True)
    join(lucas, relay=True)
    for page, other in ((amina, "lucas"), (lucas, "amina")):
        stats = wait_receiving(page, other)
        assert stats["policy"] == "relay"
        assert stats["local"] == "relay", stats
        before, after = growing(page, other)
        assert after["frames"] > before["frames"]
    assert "incoming packet ALLOCATE processed, success" in coturn.log()


@pytest.mark.parametrize("behind", ["lucas", "amina"], ids=["the-offerer", "the-answerer"])
def test_when_no_direct_path_connects_the_call_says_so_and_restarts_through_the_relay(
    coturn, blackhole, call_room, browser_context, enter_call, behind
):
    call_room("istanbul-madrid", ["amina", "lucas"])
    pages = {}
    for name in ("amina", "lucas"):  # Lucas, the newcomer, makes the offer
        context = browser_context()
        if name == behind:  # behind the blocked network
            context.add_init_script(BLOCK_DIRECT.replace("BLACKHOLE", str(blackhole)))
        pages[name] = enter_call(context, name, "istanbul-madrid")
    for page in pages.values():
        join(page)
    page = pages[behind]
    other = "amina" if behind == "lucas" else "lucas"
    video = page.locator(f'video[data-username="{other}"]')
    expect(video).to_have_count(1)
    video.evaluate("(element) => { element.dataset.marked = 'before the failure'; }")

    # ICE fails (no check is ever answered); the person is told, in words.
    told = f"We could not connect you to {other.title()}; trying again through a relay…"
    poll(page, "() => window.__complaints", lambda said: told in said, seconds=60)
    assert page.evaluate("window.__blocked") > 0
    # The same connection restarts ICE through the relay alone, and the media flows again.
    for name, sender in ((behind, other), (other, behind)):
        stats = wait_receiving(pages[name], sender, seconds=60)
        assert stats["state"] == "connected", stats
        before, after = growing(pages[name], sender)
        assert after["frames"] > before["frames"], (before, after)
    stats = received(page, other)
    assert stats is not None
    assert stats["policy"] == "relay"
    assert stats["local"] == "relay", stats
    assert page.evaluate("window.__pcs.length") == 1  # restarted, not replaced
    expect(video).to_have_attribute("data-marked", "before the failure")
    expect(page.locator("#call-error")).to_have_text("")  # connected again: the alarm ends
    expect(page.locator(f'li.call-tile[data-username="{other}"]')).not_to_have_class(
        re.compile(r"call-trouble")
    )
    assert "incoming packet ALLOCATE processed, success" in coturn.log()


def test_a_refused_camera_is_said_plainly_and_nothing_is_sent(
    call_room, browser_context, enter_call
):
    call_room("istanbul-madrid", ["amina", "lucas"])
    context = browser_context()
    context.add_init_script(
        "navigator.mediaDevices.getUserMedia = () => Promise.reject("
        "new DOMException('refused', 'NotAllowedError'));"
    )
    amina = enter_call(context, "amina", "istanbul-madrid")
    amina.get_by_role("button", name="Turn my camera on").click()
    expect(amina.locator("#call-error")).to_contain_text(
        "Your browser did not let us use the camera or microphone."
    )
    expect(amina.locator("#call-setup-camera")).to_have_attribute("aria-pressed", "false")
    expect(amina.locator("#call-in-progress")).to_have_text("Nobody is in the call yet.")


@pytest.mark.parametrize(
    ("language", "viewport", "name"),
    [("en", {"width": 390, "height": 844}, "call-phone"), ("ar", None, "call-arabic")],
)
def test_the_call_reads_in_arabic_and_fits_a_phone(
    call_room, browser_context, enter_call, language, viewport, name
):
    call_room("istanbul-madrid", ["amina", "lucas"])
    amina = enter_call(
        browser_context(language=language), "amina", "istanbul-madrid", viewport=viewport
    )
    lucas = enter_call(browser_context(), "lucas", "istanbul-madrid")
    amina.locator("#call-setup-camera").click()  # the preview, before joining
    expect(amina.locator("#call-setup-camera")).to_have_attribute("aria-pressed", "true")
    assert_accessible(amina)
    screenshot(amina, f"{name}-setup")
    join(amina)
    join(lucas)
    wait_receiving(amina, "lucas")
    expect(amina.locator("#call-title")).to_have_text(words(amina, "Video call"))
    if language == "ar":
        assert amina.locator("html").get_attribute("dir") == "rtl"
    width = amina.evaluate("document.documentElement.scrollWidth")
    assert width <= amina.evaluate("window.innerWidth"), width
    assert_accessible(amina)
    screenshot(amina, name)
