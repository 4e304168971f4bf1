from __future__ import annotations

from outbox.tasks import side_effect

from .models import User
from .notifications import send_password_reset, send_second_factor_reset, send_staff_invitation


@side_effect
def staff_invitation_send(*, user_id: str) -> None:
    """The invitation e-mail of a new staff account: user name and a one-time link."""
    send_staff_invitation(User.objects.get(pk=user_id))


@side_effect
def second_factor_reset_send(*, user_id: str) -> None:
    """Tells the owner that their second step was reset, so a reset they did not ask for shows."""
    send_second_factor_reset(User.objects.get(pk=user_id))


@side_effect
def password_reset_send(*, user_id: str) -> None:
    """The link to choose a new password, made when the e-mail goes out (its clock starts then)."""
    send_password_reset(User.objects.get(pk=user_id))
