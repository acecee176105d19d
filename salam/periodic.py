"""Everything time-driven, run once a minute: by cron in production (`manage.py tick`), by a
background thread in the demo server. Each job is safe to run from several processes at once."""

from __future__ import annotations

import datetime as dt
import logging
import threading

from django.db import close_old_connections
from django.utils import timezone

logger = logging.getLogger(__name__)
INTERVAL_SECONDS = 60


def run_due_work(now: dt.datetime) -> dict[str, int]:
    """Run every app's work due at `now`; returns how much of each kind was done, in order."""
    from events.programmes import services as programme_services
    from events.services import run_due_work as events_due_work
    from rooms.pairing import attendance
    from rooms.pairing import services as pairing_services
    from salam.contest.processing import reclaim_stalled
    from salam.notices import services as notices

    rounds = pairing_services.run_due_rounds(now=now)
    expired = pairing_services.expire_requests(now=now)
    programmes = programme_services.form_due_programmes(now=now)
    events = events_due_work(now)
    reclaimed = reclaim_stalled(now)
    attendance_notices = attendance.check_attendance(now=now)
    digests = notices.send_due_digests(now=now)
    return {
        "rounds_matched": len(rounds),
        "pairing_requests_expired": expired,
        "programmes_formed": programmes,
        "rooms_opened": events.opened,
        "reminders_sent": events.reminded,
        "rooms_archived": events.archived,
        "attendance_notices": attendance_notices,
        "digests_sent": digests,
        "videos_reclaimed": reclaimed,
    }


def start_background_ticks(stop: threading.Event) -> threading.Thread:
    """The demo server's stand-in for cron: run the due work every minute until `stop`."""

    def loop() -> None:
        while not stop.is_set():
            try:
                run_due_work(timezone.now())
            except Exception:
                logger.exception("periodic work failed; trying again next minute")
            finally:
                close_old_connections()
            stop.wait(INTERVAL_SECONDS)

    thread = threading.Thread(target=loop, name="salam-periodic", daemon=True)
    thread.start()
    return thread
