"""The programmes' refusals: the events app's errors, whose codes views and sockets know."""

from events.errors import Forbidden, Invalid

__all__ = ["Forbidden", "Invalid"]
