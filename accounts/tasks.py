from __future__ import annotations

from celery import shared_task

from .models import User


@shared_task
def family_invitation_send(user_id: str) -> None:
    """The invitation e-mail: household label, user name and a one-time link. Nothing else."""
    from .notifications import send_family_invitation

    send_family_invitation(User.objects.get(pk=user_id))
