"""Sign-in that slows down password guessing: a few failures per name and address, then a pause."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.utils.translation import gettext as _


def _key(request, username: str) -> str:
    # Hashed, so the cache holds no user names or addresses in clear text.
    raw = f"{username.strip().lower()}|{request.META.get('REMOTE_ADDR', '')}"
    return "login-failures:" + hashlib.sha256(raw.encode()).hexdigest()


def sign_in_blocked(request, username: str) -> bool:
    """Too many wrong passwords for this name from this address lately (also for API tokens)."""
    return cache.get(_key(request, username), 0) >= settings.LOGIN_MAX_FAILURES


def sign_in_failed(request, username: str) -> None:
    key = _key(request, username)
    cache.add(key, 0, timeout=settings.LOGIN_LOCKOUT_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=settings.LOGIN_LOCKOUT_SECONDS)


def sign_in_succeeded(request, username: str) -> None:
    cache.delete(_key(request, username))


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        key = _key(request, request.POST.get("username", ""))
        if cache.get(key, 0) >= settings.LOGIN_MAX_FAILURES:
            form = self.get_form()
            form.errors.clear()
            form.add_error(
                None,
                _(
                    "U heeft te vaak een verkeerd wachtwoord ingevuld. Probeer het over %(minutes)s minuten opnieuw."
                )
                % {"minutes": settings.LOGIN_LOCKOUT_SECONDS // 60},
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        key = _key(self.request, self.request.POST.get("username", ""))
        cache.add(key, 0, timeout=settings.LOGIN_LOCKOUT_SECONDS)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=settings.LOGIN_LOCKOUT_SECONDS)
        return super().form_invalid(form)

    def form_valid(self, form):
        cache.delete(_key(self.request, self.request.POST.get("username", "")))
        return super().form_valid(form)
