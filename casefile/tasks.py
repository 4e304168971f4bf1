from __future__ import annotations

from celery import shared_task
from django.core.files.storage import storages

from outbox.tasks import side_effect

from .models import AuditCheck, Involvement
from .notifications import send_audit_chain_broken, send_involvement_added

# Side effects leave through the outbox (outbox/services.py): queued by the services with
# `message_add(task=…, **ids)`, performed once by these tasks.


@side_effect
def involvement_added_notify(*, involvement_id: str) -> None:
    involvement = Involvement.objects.select_related("professional", "dossier__household").get(
        pk=involvement_id
    )
    send_involvement_added(involvement)


@side_effect
def stored_file_delete(*, path: str, storage: str = "default") -> None:
    """A destroyed record's file (R15); its name is random, so it holds no personal data.

    `storage` is the key in settings.STORAGES the file is in (documents have their own)."""
    storages[storage].delete(path)


@shared_task
def audit_verify_task() -> None:
    """Daily (celery beat): walk the audit chain; a break shows on /health/ and is mailed."""
    from .services.audit_chain import audit_chain_check  # the service queues the task below

    audit_chain_check()


@side_effect
def audit_chain_broken_notify(*, check_id: int) -> None:
    """Tell the administrators that the audit chain is broken: kind and id of the row only."""
    send_audit_chain_broken(AuditCheck.objects.get(pk=check_id))
