"""The warning before a session ends: every page for a signed-in user shows the time."""

from __future__ import annotations

import datetime

from django.utils import timezone

from .middleware import session_ends_at


def session_end(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    ends = session_ends_at(request)
    if ends is None:
        return {}
    return {
        "session_ends_at": datetime.datetime.fromtimestamp(ends, tz=datetime.UTC).astimezone(
            timezone.get_current_timezone()
        )
    }
