from tests.rooms.calls.turn import coturn

__all__ = ["coturn"]
