"""A database that is briefly gone (a restart, a dropped connection) gives a calm 503, not a 500.

Django turns an exception into a 500 response at the layer where it is raised, so a middleware
cannot simply catch what inner middleware raise (the session loaded by the audit middleware, a
session saved on the way out). Two hooks cover every layer:
- `process_exception` catches what the view raises;
- a `got_request_exception` receiver marks the request when any layer's exception became a 500,
  and the middleware, outside all of them, swaps that 500 for the 503.
The connection itself heals without a restart: Django closes a broken connection at the end of
the request, and with `CONN_HEALTH_CHECKS` tests a kept one before the next request uses it.
"""

from __future__ import annotations

import logging
import sys

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
_MARK = "_database_unavailable"


def unavailable_response(request) -> HttpResponse:
    """503 in Dutch; the page needs no database, session, user or context processor."""
    # The error text may name hosts or queries: only the path (UUIDs, never names) is logged.
    log.warning("Database unavailable; answered 503 for %s %s", request.method, request.path)
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {
                "detail": _(
                    "De database is even niet bereikbaar. Wat u net stuurde, is misschien niet "
                    "opgeslagen. Probeer het over een minuut opnieuw."
                )
            },
            status=503,
        )
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


@receiver(got_request_exception, dispatch_uid="core.outage.mark")
def _mark_database_errors(sender, request=None, **kwargs):
    if request is not None and isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        setattr(request, _MARK, True)


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, _MARK, False):
            return unavailable_response(request)
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_ERRORS):
            return unavailable_response(request)
        return None
