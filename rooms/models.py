"""Every rooms model, gathered for Django: the chat and its safety (chat/models.py) and pairing
(pairing/models.py)."""

from rooms.chat.models import (
    Block,
    BlockedTerm,
    Membership,
    Message,
    ModerationAction,
    Presence,
    Report,
    Room,
)
from rooms.pairing.models import (
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
