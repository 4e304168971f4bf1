from __future__ import annotations

from celery import shared_task

from .notifications import send_hearing_invitations


@shared_task
def decision_invitations_notify(decision_id: str) -> None:
    """Tell invited family members there is a proposal to react to (R9). A link only."""
    send_hearing_invitations(decision_id)


@shared_task
def retention_flag_task() -> int:
    # Tasks receive ids and call services; imported here because the services queue tasks.
    from .services.retention import dossiers_flag_expired_retention

    return dossiers_flag_expired_retention()
