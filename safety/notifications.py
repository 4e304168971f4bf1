"""E-mails. They hold a household label and a link at most: no other personal data."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from casefile.models import Involvement
from outbox.mail import email_send


def send_lead_joined(involvement: Involvement) -> None:
    lead = involvement.dossier.lead
    if not lead.email:
        return
    context = {
        "lead": lead,
        "household_label": involvement.dossier.household.label,
        "url": settings.SITE_URL
        + reverse("workspace:dossier-detail", args=[involvement.dossier_id]),
    }
    email_send(
        subject=_("Het veiligheidsteam helpt mee in een dossier in Gezinsdossier"),
        body=render_to_string("safety/email/lead_joined.txt", context),
        to=lead.email,
    )
