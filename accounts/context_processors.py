"""The warning before a session ends: every page for a signed-in user shows the time, and a
small script (static/js/session.js) counts down the last minutes."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone

from .middleware import session_ends_at, session_extendable, session_seconds_left


def local_time(ends: int) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(ends, tz=datetime.UTC).astimezone(
        timezone.get_current_timezone()
    )


def session_end(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    ends = session_ends_at(request)
    if ends is None:
        return {}
    return {
        "session_ends_at": local_time(ends),
        "session_remaining": session_seconds_left(request),
        "session_extendable": session_extendable(request),
        "session_warning_seconds": settings.SESSION_WARNING_SECONDS,
    }
