"""The platform-wide roles, as Django groups holding real permissions.

Per-room moderators are a room membership role (rooms app); these groups are global.
"""

from __future__ import annotations

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _


class Role(TextChoices):
    PARTICIPANT = "participant", _("Participant")
    MODERATOR = "moderator", _("Moderator")
    ORGANISER = "organiser", _("Organiser")
    EDITOR = "editor", _("Editor")


# Every role can also do what a participant can. Kept in step with migration 0002.
ROLE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.PARTICIPANT: ("participate",),
    Role.MODERATOR: ("participate", "moderate_rooms"),
    Role.ORGANISER: ("participate", "organise_events"),
    Role.EDITOR: ("participate", "edit_content"),
}

PARTICIPATE = "people.participate"
MODERATE_ROOMS = "people.moderate_rooms"
ORGANISE_EVENTS = "people.organise_events"
EDIT_CONTENT = "people.edit_content"
