"""A request that finds the database pool exhausted is answered 503, not 500.

With Django's psycopg pool (settings "Database pool"), a thread that needs a connection while
all DB_POOL_MAX_SIZE are taken waits DB_POOL_TIMEOUT seconds; psycopg_pool then raises
PoolTimeout, which Django wraps as an OperationalError wherever the first query happened (a
middleware, the view, a template). Django turns it into a 500 at that layer, so no middleware
sees the exception itself: `got_request_exception`, which Django sends with the exception being
handled, marks the request, and the outermost middleware swaps the 500 for a 503 with
Retry-After, which a browser shows and a load balancer or client retries.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from django.core.signals import got_request_exception
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext

RETRY_AFTER_SECONDS = 2
_MARK = "_salam_database_busy"


def is_pool_timeout(error: BaseException | None) -> bool:
    """True when `error` is, or was raised from, psycopg_pool's PoolTimeout."""
    try:
        from psycopg_pool import PoolTimeout
    except ImportError:  # no pool installed: SQLite or persistent connections
        return False
    while error is not None:
        if isinstance(error, PoolTimeout):
            return True
        error = error.__cause__ or error.__context__
    return False


@receiver(got_request_exception)
def _mark_pool_timeout(sender: object, request: HttpRequest | None = None, **kwargs: object):
    if request is not None and is_pool_timeout(sys.exc_info()[1]):
        setattr(request, _MARK, True)


def busy_response() -> HttpResponse:
    response = HttpResponse(
        gettext("The site is busy. Please try again in a moment."),
        status=503,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class DatabaseBusyMiddleware:
    """Outermost: turns the 500 of a request whose database pool timed out into a 503."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 500 and getattr(request, _MARK, False):
            return busy_response()
        return response
