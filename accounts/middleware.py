"""Session rules in one place, for pages and the session-signed API alike.

- `SessionLimitsMiddleware`: a session ends 8 hours after sign-in whatever happens (absolute,
  counted from sign-in because Django's own expiry moves on every save), and for staff after
  15 minutes without a request (idle).
- `SecondFactorMiddleware`: staff who signed in with a password but not yet with their TOTP
  code reach only the second-step pages and sign-out.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

SIGNED_IN_AT = "signed_in_at"
LAST_SEEN = "last_seen"
# Writing the session on every request would cost a query each time: once a minute is enough.
LAST_SEEN_STEP = 60


def _now() -> int:
    return int(time.time())


def session_limits_start(sender, request, user, **kwargs):
    """On `user_logged_in` (connected in apps.py): both limits count from here."""
    if request is not None and hasattr(request, "session"):
        now = _now()
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN] = now


def idle_limit(user) -> int | None:
    """Seconds without a request after which this user's session ends; None: no idle limit."""
    return settings.SESSION_IDLE_SECONDS if user.needs_second_factor else None


def session_ends_at(request) -> int | None:
    """When the current session ends if nothing happens (Unix time), for the warning."""
    session = request.session
    if SIGNED_IN_AT not in session:
        return None
    ends = session[SIGNED_IN_AT] + settings.SESSION_COOKIE_AGE
    limit = idle_limit(request.user)
    if limit is not None and LAST_SEEN in session:
        ends = min(ends, session[LAST_SEEN] + limit)
    return ends


def session_seconds_left(request) -> int:
    ends = session_ends_at(request)
    return 0 if ends is None else max(ends - _now(), 0)


def session_extendable(request) -> bool:
    """Whether activity would move the end: the idle limit comes before the absolute one."""
    session = request.session
    limit = idle_limit(request.user)
    if limit is None or SIGNED_IN_AT not in session:
        return False
    return (
        session.get(LAST_SEEN, _now()) + limit < session[SIGNED_IN_AT] + settings.SESSION_COOKIE_AGE
    )


def session_extend(request) -> int | None:
    """ "Blijf ingelogd": counts as activity now, whatever LAST_SEEN_STEP would say. Returns the
    new end (Unix time); the absolute limit never moves."""
    request.session[LAST_SEEN] = _now()
    return session_ends_at(request)


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            now = _now()
            session = request.session
            # Sessions from before these limits start counting now.
            session.setdefault(SIGNED_IN_AT, now)
            ends = session_ends_at(request)
            if ends is not None and now >= ends:
                logout(request)  # request.user is anonymous from here on: views refuse as usual
                messages.info(request, _("Uw sessie is verlopen. Log opnieuw in."))
            elif now - session.get(LAST_SEEN, 0) >= LAST_SEEN_STEP:
                session[LAST_SEEN] = now
        return self.get_response(request)


# What a signed-in member of staff may open before the second step: the step itself, the
# pages anyone may open, and the way out.
ALLOWED_BEFORE_SECOND_STEP = {
    "second-factor-code",
    "second-factor-setup",
    "session-extend",
    "login",
    "logout",
    "invitation-accept",
    "set_language",
    "health",
    "brand-stylesheet",
    "password-reset",
    "password-reset-sent",
    "password-reset-confirm",
}


class SecondFactorMiddleware:
    """After the password step, staff must give their TOTP code before anything else.

    Needs django-otp's OTPMiddleware before it (`request.user.is_verified`). API calls signed
    with a token pass: the token itself was only given out against the code.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if (
            not user.is_authenticated
            or not user.needs_second_factor
            or request.resolver_match.view_name in ALLOWED_BEFORE_SECOND_STEP
            or user.is_verified()
        ):
            return None
        if request.path_info.startswith("/api/"):
            return JsonResponse(
                {"detail": _("Vul eerst de code uit uw authenticator-app in.")}, status=403
            )
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse('second-factor-code')}?{query}")
