"""Writes for accounts: an invited account sets its password through its one-time link."""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import User
from core.services import service

from .invitations import invitation_tokens

__all__ = ["family_invitation_accept", "invitation_tokens"]


@service
def family_invitation_accept(*, actor: User, token: str, password: str) -> User:
    """The member sets their password through the link: it works once and expires."""
    if not actor.is_family or not invitation_tokens.check_token(actor, token):
        raise ValidationError(
            _("Deze link werkt niet meer. Vraag uw vaste professional om een nieuwe link.")
        )
    try:
        password_validation.validate_password(password, actor)
    except ValidationError as error:
        raise ValidationError({"new_password1": error.messages}) from error
    actor.set_password(password)
    actor.save()
    return actor
