from __future__ import annotations

from celery import shared_task
from django.core.files.storage import default_storage

from outbox.tasks import side_effect

from .models import Involvement
from .notifications import send_involvement_added
from .services.audit_chain import audit_chain_check

# Side effects leave through the outbox (outbox/services.py): queued by the services with
# `message_add(task=…, **ids)`, performed once by these tasks.


@side_effect
def involvement_added_notify(*, involvement_id: str) -> None:
    involvement = Involvement.objects.select_related("professional", "dossier__household").get(
        pk=involvement_id
    )
    send_involvement_added(involvement)


@side_effect
def stored_file_delete(*, path: str) -> None:
    """A destroyed record's file (R15); its name is random, so it holds no personal data."""
    default_storage.delete(path)


@shared_task
def audit_verify_task() -> None:
    """Daily (celery beat): walk the audit chain; a break shows on /health/ and is mailed."""
    audit_chain_check()
