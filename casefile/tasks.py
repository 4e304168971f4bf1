from __future__ import annotations

from celery import shared_task

from .models import Involvement
from .notifications import send_involvement_added
from .services.audit_chain import audit_chain_check


@shared_task
def involvement_added_notify(involvement_id: str) -> None:
    involvement = Involvement.objects.select_related("professional", "dossier__household").get(
        pk=involvement_id
    )
    send_involvement_added(involvement)


@shared_task
def audit_verify_task() -> None:
    """Daily (celery beat): walk the audit chain; a break shows on /health/ and is mailed."""
    audit_chain_check()
