"""API tokens that expire, can be revoked, and die with the password or second factor.

Our own small model instead of DRF's authtoken (one token per user, forever) or django-rest-knox:
knox keeps no "last used", and its login view expects a caller that is already authenticated,
while ours takes name, password and TOTP code in one JSON body. What is left to write is a
digest lookup and three services, which read more plainly here than adapted around knox.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import authentication, exceptions

from .models import ApiToken, User

# "Last used" is a date for people, not a counter: write it at most once a minute per token.
LAST_USED_STEP = datetime.timedelta(minutes=1)


def _digest(key: str) -> str:
    # The key has 256 random bits: a plain hash is enough, no slow password hash needed.
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, user: User) -> tuple[ApiToken, str]:
    """A new token for `user`, valid for API_TOKEN_HOURS. Returns the token and its key, which
    is stored nowhere: only its digest is."""
    key = secrets.token_urlsafe(32)
    now = timezone.now()
    token = ApiToken.objects.create(
        user=user,
        digest=_digest(key),
        password_hash=user.get_session_auth_hash(),
        created=now,
        last_used=now,
        expires=now + datetime.timedelta(hours=settings.API_TOKEN_HOURS),
    )
    return token, key


def api_token_revoke(*, token: ApiToken) -> None:
    token.delete()


def api_tokens_revoke_all(*, user: User) -> int:
    """Every token of `user` stops working (their second factor changed)."""
    deleted, _by_model = ApiToken.objects.filter(user=user).delete()
    return deleted


def api_token_list(*, user: User):
    """The tokens of `user` that still work (expired ones are no use to list)."""
    return ApiToken.objects.filter(user=user, expires__gt=timezone.now())


class TokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Token <key>`, as DRF's own, against ApiToken."""

    keyword = "Token"
    refusal = _("Dit token is ongeldig, verlopen of ingetrokken.")

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(self.refusal)
        try:
            key = parts[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(self.refusal) from None
        token = (
            ApiToken.objects.select_related("user__organisation")
            .filter(digest=_digest(key))
            .first()
        )
        now = timezone.now()
        if (
            token is None
            or token.expires <= now
            or not token.user.is_active
            # Made under another password: a password change ends every token.
            or not constant_time_compare(token.password_hash, token.user.get_session_auth_hash())
        ):
            raise exceptions.AuthenticationFailed(self.refusal)
        if now - token.last_used >= LAST_USED_STEP:
            ApiToken.objects.filter(pk=token.pk).update(last_used=now)
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class TokenScheme(OpenApiAuthenticationExtension):
    """How the API documentation describes the token (drf-spectacular finds it by class)."""

    target_class = TokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(
            header_name="Authorization", token_prefix=TokenAuthentication.keyword
        )
