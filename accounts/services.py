"""Writes for accounts: an invited account sets its password through its one-time link."""

from __future__ import annotations

import time
import uuid

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.services import service
from outbox.services import message_add

from .invitations import invitation_tokens
from .tasks import password_reset_send, staff_invitation_send

__all__ = [
    "administrator_rights_grant",
    "invitation_accept",
    "invitation_tokens",
    "password_reset_complete",
    "password_reset_queue",
    "staff_invitation_queue",
]

# What a functional administrator manages in the admin: accounts and organisations, no more.
ADMINISTRATOR_MODELS = ("user", "organisation", "municipality", "accountrequest")
ADMINISTRATOR_ACTIONS = ("view", "add", "change")


def administrator_rights_grant(user: User) -> None:
    """The rights that follow from the administrator role: the admin for accounts only."""
    codenames = [
        f"{action}_{model}" for model in ADMINISTRATOR_MODELS for action in ADMINISTRATOR_ACTIONS
    ]
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="accounts", codename__in=codenames)
    )


def staff_invitation_queue(user: User) -> None:
    """A new staff account chooses its own password through a one-time link (R6): nobody else
    ever sets or learns it. Each invitation is its own e-mail, also when sent again."""
    key = f"{staff_invitation_send.name}:{user.pk}:{uuid.uuid4().hex}"
    message_add(task=staff_invitation_send, key=key, user_id=user.pk)


@service
def invitation_accept(*, actor: User, token: str, password: str) -> User:
    """The account's owner sets their password through the link: it works once and expires."""
    if actor.is_superuser or not invitation_tokens.check_token(actor, token):
        raise ValidationError(
            _("Deze link werkt niet meer. Vraag om een nieuwe link.")
            if not actor.is_family
            else _("Deze link werkt niet meer. Vraag uw vaste professional om een nieuwe link.")
        )
    try:
        password_validation.validate_password(password, actor)
    except ValidationError as error:
        raise ValidationError({"new_password1": error.messages}) from error
    actor.set_password(password)
    actor.save()
    return actor


def _reset_allowed(address: str | None) -> bool:
    """At most PASSWORD_RESET_PER_ADDRESS requests an hour from one address (per process)."""
    key = f"password-reset:{address or 'unknown'}"
    cache.add(key, 0, timeout=60 * 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=60 * 60)
        count = 1
    return count <= settings.PASSWORD_RESET_PER_ADDRESS


@transaction.atomic
def password_reset_queue(*, email: str, address: str | None) -> None:
    """ "Forgot my password": a link by e-mail to the accounts with this address, if any.

    The page answers the same whether an account exists or not (no existence oracle), and past
    the hourly limit per address it answers the same and sends nothing. Each account gets at
    most one e-mail per PASSWORD_RESET_TIMEOUT: the outbox key holds the period, so asking again
    queues nothing new. Administrators (superusers) never reset by e-mail.
    """
    if not _reset_allowed(address):
        return
    period = int(time.time()) // settings.PASSWORD_RESET_TIMEOUT
    users = User.objects.filter(email__iexact=email.strip(), is_active=True, is_superuser=False)
    for user in users:
        key = f"{password_reset_send.name}:{user.pk}:{period}"
        message_add(task=password_reset_send, key=key, user_id=user.pk)


@service
def password_reset_complete(*, actor: User, password: str) -> User:
    """The account's owner chose a new password through the e-mailed link (token checked by
    Django's view). Its API tokens and other sessions end with the old password."""
    try:
        password_validation.validate_password(password, actor)
    except ValidationError as error:
        raise ValidationError({"new_password1": error.messages}) from error
    actor.set_password(password)
    actor.save()
    return actor
