from __future__ import annotations

from celery import shared_task

from accounts.models import User
from outbox.tasks import side_effect

from .models import Complaint, HearingInvitation
from .notifications import (
    send_complaint_received,
    send_complaint_without_officer,
    send_hearing_invitation,
)


@side_effect
def hearing_invitation_notify(*, invitation_id: str) -> None:
    """Tell an invited family member there is a proposal to react to (R9). A link only.

    One message per invitation, so a failure for one reader never sends the others twice.
    """
    send_hearing_invitation(
        HearingInvitation.objects.select_related("member__user").get(pk=invitation_id)
    )


def _complaint(complaint_id) -> Complaint:
    return Complaint.objects.select_related("about_professional", "dossier__lead").get(
        pk=complaint_id
    )


@side_effect
def complaint_received_notify(*, complaint_id: str, user_id: str) -> None:
    """Tell one complaints officer a complaint came in for their organisation (R10). A link."""
    send_complaint_received(_complaint(complaint_id), User.objects.get(pk=user_id))


@side_effect
def complaint_without_officer_notify(*, complaint_id: str, user_id: str) -> None:
    """Tell one administrator that a complaint waits for an officer nobody appointed (R10)."""
    send_complaint_without_officer(_complaint(complaint_id), User.objects.get(pk=user_id))


@shared_task
def retention_flag_task() -> int:
    # Tasks receive ids and call services; imported here because the services queue tasks.
    from .services.retention import dossiers_flag_expired_retention

    return dossiers_flag_expired_retention()
