from __future__ import annotations

from celery import shared_task

from .models import Involvement
from .notifications import send_involvement_added


@shared_task
def involvement_added_notify(involvement_id: str) -> None:
    involvement = Involvement.objects.select_related("professional", "dossier__household").get(
        pk=involvement_id
    )
    send_involvement_added(involvement)


@shared_task
def decision_invitations_notify(decision_id: str) -> None:
    """Tell invited family members there is a proposal to react to (R9). A link only."""
    from .procedure_notifications import send_hearing_invitations

    send_hearing_invitations(decision_id)


@shared_task
def copy_render_task(copy_id: str) -> None:
    """Render a PDF copy (inzage) in the background; the page shows progress until ready."""
    from .services.copies import copy_render

    copy_render(copy_id=copy_id)


@shared_task
def retention_flag_task() -> int:
    from casefile.services.retention import dossiers_flag_expired_retention

    return dossiers_flag_expired_retention()


@shared_task
def copies_purge_task() -> int:
    from casefile.services.copies import copies_purge_expired

    return copies_purge_expired()
