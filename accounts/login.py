"""Sign-in that slows down password guessing, counted in the database by django-axes.

Two limits, both over the last `LOGIN_LOCKOUT_SECONDS`:
- `LOGIN_MAX_FAILURES` wrong passwords for one name from one address (guessing one password);
- `LOGIN_MAX_FAILURES_PER_ADDRESS` wrong passwords for any names from one address (spraying one
  password over many names).
Past either, sign-in from that address pauses until the last failure is that long ago. The counts
live in the database, so sign-in needs no Redis; settings.py wires these into axes.
"""

from __future__ import annotations

from datetime import timedelta

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Sum
from django.shortcuts import render
from django.utils.translation import gettext as _


def failure_limit(request, credentials) -> int:
    return settings.LOGIN_MAX_FAILURES


def cool_off(request) -> timedelta:
    return timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)


def attempted_username(request, credentials) -> str | None:
    """One name however it is typed, so "Anna " and "anna" share one count."""
    if credentials is None:
        name = getattr(request, "data", request.POST).get("username")
    else:
        name = credentials.get("username")
    return name.strip().lower() if isinstance(name, str) else None


def lockout_message() -> str:
    return _(
        "Er is te vaak een verkeerd wachtwoord ingevuld. Probeer het over %(minutes)s minuten opnieuw."
    ) % {"minutes": settings.LOGIN_LOCKOUT_SECONDS // 60}


def locked_out_page(request, original_response=None, credentials=None):
    """The sign-in page again, with the pause explained (axes calls this when it locks)."""
    form = AuthenticationForm(request, initial={"username": request.POST.get("username", "")})
    context = {"form": form, "locked_out": lockout_message(), "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=429)


class SignInAttempts(AxesDatabaseHandler):
    """Axes' database handler with a second, higher limit for an address across all names."""

    def get_failures(self, request, credentials=None) -> int:
        """Failures that count against this name at this address; a full address counts as full."""
        username = get_client_username(request, credentials)
        address = request.axes_ip_address
        for_name = self._failures(request, username=username, ip_address=address)
        if self._failures(request, ip_address=address) >= settings.LOGIN_MAX_FAILURES_PER_ADDRESS:
            return max(for_name, settings.LOGIN_MAX_FAILURES)
        return for_name

    def reset_user_attempts(self, request, credentials=None) -> int:
        """After a right password only this name's count goes: a known account can't reset a spray."""
        username = get_client_username(request, credentials)
        attempts = AccessAttempt.objects.filter(
            username=username, ip_address=request.axes_ip_address
        )
        count, _deleted = attempts.delete()
        return count

    @staticmethod
    def _failures(request, **where) -> int:
        recent = AccessAttempt.objects.filter(
            attempt_time__gte=get_cool_off_threshold(request), **where
        )
        return recent.aggregate(total=Sum("failures_since_start"))["total"] or 0
