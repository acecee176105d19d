"""The events service layer: the only code that writes events data or sends event notices."""

from events.services.editing import (
    SessionFields,
    cancel_session,
    create_event,
    create_session,
    create_space,
    create_track,
    set_related_resources,
    update_event,
    update_session,
    update_space,
    update_track,
)
from events.services.publishing import publish_schedule
from events.services.registrations import (
    cancel_registration,
    enrol,
    issue_agenda_feed,
    register,
    register_series,
    revoke_agenda_feed,
)
from events.services.timed import (
    DueWork,
    archive_ended_rooms,
    open_due_rooms,
    run_due_work,
    send_due_reminders,
)

__all__ = [
    "DueWork",
    "SessionFields",
    "archive_ended_rooms",
    "cancel_registration",
    "cancel_session",
    "create_event",
    "create_session",
    "create_space",
    "create_track",
    "enrol",
    "issue_agenda_feed",
    "open_due_rooms",
    "publish_schedule",
    "register",
    "register_series",
    "revoke_agenda_feed",
    "run_due_work",
    "send_due_reminders",
    "set_related_resources",
    "update_event",
    "update_session",
    "update_space",
    "update_track",
]
