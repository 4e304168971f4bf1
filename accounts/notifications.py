"""E-mails about staff accounts: the user name and a one-time link, nothing else."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from outbox.mail import email_send

from .invitations import INVITATION_DAYS, invitation_url
from .models import User


def send_staff_invitation(user: User) -> None:
    if not user.email or not user.is_active or user.has_usable_password():
        return  # deactivated, or the password was chosen meanwhile: the link would not work
    with translation.override("nl"):
        body = render_to_string(
            "accounts/email/staff_invitation.txt",
            {"username": user.username, "url": invitation_url(user), "days": INVITATION_DAYS},
        )
        email_send(subject=_("Uw account voor het Gezinsdossier"), body=body, to=user.email)


def send_second_factor_reset(user: User) -> None:
    if not user.email or not user.is_active:
        return
    with translation.override("nl"):
        body = render_to_string(
            "accounts/email/second_factor_reset.txt",
            {"url": f"{settings.SITE_URL}{reverse('login')}"},
        )
        email_send(subject=_("Uw tweede stap is opnieuw ingesteld"), body=body, to=user.email)


def send_password_reset(user: User) -> None:
    """A link to choose a new password; it works once and for PASSWORD_RESET_TIMEOUT seconds."""
    if not user.email or not user.is_active or user.is_superuser:
        return
    path = reverse(
        "password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    with translation.override("nl"):
        body = render_to_string(
            "accounts/email/password_reset.txt",
            {
                "username": user.username,
                "url": f"{settings.SITE_URL}{path}",
                "minutes": settings.PASSWORD_RESET_TIMEOUT // 60,
            },
        )
        email_send(
            subject=_("Een nieuw wachtwoord voor het Gezinsdossier"), body=body, to=user.email
        )
