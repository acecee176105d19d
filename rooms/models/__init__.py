"""Rooms models: the chat and its safety (chat.py), and pairing (pairing.py)."""

from rooms.models.chat import (
    Block,
    BlockedTerm,
    Membership,
    Message,
    ModerationAction,
    Presence,
    Report,
    Room,
)
from rooms.models.pairing import (
    Feedback,
    Pairing,
    PairingMember,
    PairingRequest,
    Round,
    RoundSignup,
    RoundUnmatched,
)

__all__ = [
    "Block",
    "BlockedTerm",
    "Feedback",
    "Membership",
    "Message",
    "ModerationAction",
    "Pairing",
    "PairingMember",
    "PairingRequest",
    "Presence",
    "Report",
    "Room",
    "Round",
    "RoundSignup",
    "RoundUnmatched",
]
