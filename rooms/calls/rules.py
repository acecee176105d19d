"""The rules of calls, pure: which rooms have one, who may join with what, the signalling
window, and coturn's time-limited credentials. Plain data in, plain data out; `now` is passed."""

from __future__ import annotations

import base64
import hashlib
import hmac
import math

# Rooms small enough for a mesh: pairs and the small groups of rounds and facilitators (all
# kind "pair", rooms.pairing.services.open_pairing). Open café rooms and sessions have none.
CALL_KINDS = frozenset({"pair"})
SIGNAL_DATA_MAX_BYTES = 16 * 1024
# Signalling: at most 300 call frames per person per room in a window of 10 seconds, counted
# across every socket and process of theirs (rooms.calls.services.count_call_frame). A mesh of
# four sets up three connections, each an offer, an answer and a few dozen ICE candidates, and
# an ICE restart does it again: well under 200 frames. Generous for that, while a flood is cut
# off within seconds.
SIGNAL_WINDOW_SECONDS = 10
SIGNAL_PER_WINDOW = 300


def call_available(*, kind: str, state: str) -> bool:
    """Whether a room of this kind and state has a call (an archived room has none)."""
    return kind in CALL_KINDS and state != "archived"


def join_refusal(
    *,
    available: bool,
    member: bool,
    others_in_call: int,
    mesh_max: int,
    muted: bool,
    audio: bool,
) -> str | None:
    """Why this person may not join (an error code), or None. `member`: a member of the room
    who is not banned; `others_in_call`: the people in the call besides them."""
    if not available:
        return "call_unavailable"
    if not member:
        return "forbidden"
    if muted and audio:  # the camera, not the microphone, until the mute ends
        return "forbidden"
    if others_in_call >= mesh_max:
        return "call_full"
    return None


def signal_window(*, now: float, seconds: int = SIGNAL_WINDOW_SECONDS) -> tuple[int, int]:
    """The fixed window `now` (Unix seconds) falls in: its number, and the whole seconds until
    it ends (at least 1: what `retry_after` says once its frames are spent)."""
    number = int(now // seconds)
    return number, max(1, math.ceil((number + 1) * seconds - now))


def turn_credentials(*, user_id: int, now: float, secret: str, ttl: int) -> tuple[str, str]:
    """coturn's `use-auth-secret` credentials (the TURN REST API): the username is
    `<expiry>:<user id>` with the expiry in Unix seconds, the credential the base64 of the
    HMAC-SHA1 of that username keyed with the shared secret."""
    username = f"{int(now) + ttl}:{user_id}"
    digest = hmac.new(secret.encode(), username.encode(), hashlib.sha1).digest()
    return username, base64.b64encode(digest).decode()


def ice_servers(
    *,
    stun_urls: list[str],
    turn_urls: list[str],
    turn_secret: str,
    user_id: int,
    now: float,
    ttl: int,
) -> list[dict]:
    """The RTCPeerConnection's iceServers: STUN as given, TURN with freshly minted
    credentials (only when both its URLs and its secret are set). Empty: host candidates only."""
    servers: list[dict] = []
    if stun_urls:
        servers.append({"urls": list(stun_urls)})
    if turn_urls and turn_secret:
        username, credential = turn_credentials(
            user_id=user_id, now=now, secret=turn_secret, ttl=ttl
        )
        servers.append({"urls": list(turn_urls), "username": username, "credential": credential})
    return servers
