from tests.moderation.conftest import other_room, other_rooms_moderator  # noqa: F401
