from __future__ import annotations

from celery import shared_task

from outbox.tasks import side_effect

from .models import HearingInvitation
from .notifications import send_hearing_invitation


@side_effect
def hearing_invitation_notify(*, invitation_id: str) -> None:
    """Tell an invited family member there is a proposal to react to (R9). A link only.

    One message per invitation, so a failure for one reader never sends the others twice.
    """
    send_hearing_invitation(
        HearingInvitation.objects.select_related("member__user").get(pk=invitation_id)
    )


@shared_task
def retention_flag_task() -> int:
    # Tasks receive ids and call services; imported here because the services queue tasks.
    from .services.retention import dossiers_flag_expired_retention

    return dossiers_flag_expired_retention()
