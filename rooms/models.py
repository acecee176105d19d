"""Every rooms model, gathered for Django: the chat (chat/models.py) and pairing
(pairing/models.py). Reports, the audit log, blocks and blocked terms are salam.moderation's."""

from rooms.calls.models import CallMember
from rooms.chat.models import (
    Membership,
    Message,
    MessageChange,
    Presence,
    Reaction,
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
    "CallMember",
    "Feedback",
    "Membership",
    "Message",
    "MessageChange",
    "Pairing",
    "PairingMember",
    "PairingRequest",
    "Presence",
    "Reaction",
    "Room",
    "Round",
    "RoundSignup",
    "RoundUnmatched",
]
