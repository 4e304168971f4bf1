"""One-time links for a new family account to set its password.

The token is Django's password-reset token with its own salt and lifetime: it is signed, holds
no data, and stops working as soon as the password is set (the password hash is part of it).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils.crypto import constant_time_compare
from django.utils.http import base36_to_int

INVITATION_DAYS = 7


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "accounts.invitations.InvitationTokenGenerator"
    timeout_seconds = INVITATION_DAYS * 24 * 60 * 60

    def check_token(self, user, token) -> bool:
        """As Django's, but with the invitation's own lifetime instead of the reset timeout."""
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            timestamp = base36_to_int(ts_b36)
        except ValueError:
            return False
        signed = any(
            constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
            for secret in [self.secret, *self.secret_fallbacks]
        )
        return signed and 0 <= self._num_seconds(self._now()) - timestamp <= self.timeout_seconds


invitation_tokens = InvitationTokenGenerator()


def invitation_url(user) -> str:
    """The absolute link in the e-mail: the user's UUID and a signed token, nothing else."""
    path = reverse(
        "invitation-accept",
        kwargs={"user_id": user.pk, "token": invitation_tokens.make_token(user)},
    )
    return f"{settings.SITE_URL}{path}"
