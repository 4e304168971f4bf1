"""The daily walk along the audit trail's hash chain (R12, BIO 8.15): record it, and tell the
administrators when it is broken."""

from __future__ import annotations

from django.db import transaction

from casefile import seals
from casefile.models import AuditCheck
from casefile.tasks import audit_chain_broken_notify
from outbox.services import message_add


def audit_chain_check() -> AuditCheck:
    """Walk the chain, keep the outcome (shown on /health/), mail the administrators on a break.

    The mail names the broken row by kind and id only, never its content (no personal data).
    """
    verdict = seals.verify()
    with transaction.atomic():
        check = AuditCheck.objects.create(
            intact=verdict.intact, rows=verdict.rows, first_break=verdict.first_break[:200]
        )
        if not verdict.intact:
            # Sent once, after commit, through the outbox like every other e-mail.
            message_add(task=audit_chain_broken_notify, check_id=check.pk)
    return check
