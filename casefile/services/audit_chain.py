"""The daily walk along the audit trail's hash chain (R12, BIO 8.15): record it, and tell the
administrators when it is broken."""

from __future__ import annotations

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from accounts.models import User
from casefile import seals
from casefile.models import AuditCheck


def audit_chain_check() -> AuditCheck:
    """Walk the chain, keep the outcome (shown on /health/), mail the administrators on a break.

    The mail names the broken row by kind and id only, never its content (no personal data).
    """
    verdict = seals.verify()
    check = AuditCheck.objects.create(
        intact=verdict.intact, rows=verdict.rows, first_break=verdict.first_break[:200]
    )
    if not verdict.intact:
        transaction.on_commit(lambda: _mail_administrators(check))
    return check


def _mail_administrators(check: AuditCheck) -> None:
    recipients = list(
        User.objects.filter(role=User.Role.ADMINISTRATOR, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if recipients:
        send_mail(
            subject=_("Gezinsdossier: het auditspoor is niet meer intact"),
            message=render_to_string("casefile/email/audit_chain_broken.txt", {"check": check}),
            from_email=None,
            recipient_list=recipients,
        )
