"""Every rooms model, gathered for Django: the chat (chat/models.py) and pairing
(pairing/models.py). Reports, the audit log, blocks and blocked terms are salam.moderation's."""

from rooms.chat.models import (
    Membership,
    Message,
    Presence,
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
    "Feedback",
    "Membership",
    "Message",
    "Pairing",
    "PairingMember",
    "PairingRequest",
    "Presence",
    "Room",
    "Round",
    "RoundSignup",
    "RoundUnmatched",
]
