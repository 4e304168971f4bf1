"""E-mails. They hold a household label and a link at most: no other personal data."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from outbox.mail import email_send

from .models import Involvement


def send_involvement_added(involvement: Involvement) -> None:
    professional = involvement.professional
    if not professional.email:
        return
    context = {
        "professional": professional,
        "household_label": involvement.dossier.household.label,
        "url": settings.SITE_URL
        + reverse("workspace:dossier-detail", args=[involvement.dossier_id]),
    }
    email_send(
        subject=_("U bent toegevoegd aan een dossier in Gezinsdossier"),
        body=render_to_string("casefile/email/involvement_added.txt", context),
        to=professional.email,
    )


def send_audit_chain_broken(check) -> None:
    """One e-mail to each active administrator: which row broke the chain, never its content."""
    recipients = (
        User.objects.filter(role=User.Role.ADMINISTRATOR, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    body = render_to_string("casefile/email/audit_chain_broken.txt", {"check": check})
    for address in recipients:
        email_send(
            subject=_("Gezinsdossier: het auditspoor is niet meer intact"), body=body, to=address
        )
