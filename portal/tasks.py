from __future__ import annotations

from celery import shared_task

from accounts.models import User
from outbox.tasks import side_effect

from .notifications import send_family_invitation


@side_effect
def family_invitation_send(*, user_id: str) -> None:
    """The invitation e-mail: household label, user name and a one-time link. Nothing else."""
    send_family_invitation(User.objects.get(pk=user_id))


# Tasks receive ids and call services; the services queue these tasks, so they are imported here.


@side_effect
def copy_render_task(*, copy_id: str) -> None:
    """Render a PDF copy (inzage) in the background; the page shows progress until ready."""
    from .services.copies import copy_render

    copy_render(copy_id=copy_id)


@shared_task
def copies_purge_task() -> int:
    from .services.copies import copies_purge_expired

    return copies_purge_expired()
