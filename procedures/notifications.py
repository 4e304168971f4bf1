"""E-mails about procedures. Plain Dutch, no content of the case: a link only (R9, R13)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from .models import HearingInvitation

# The family's own pages (DESIGN §5); the family portal shows their open proposals there.
FAMILY_PORTAL_PATH = "/mijn-dossier/"


def send_hearing_invitations(decision_id) -> int:
    """One e-mail per invited member with an active account and an address; returns the count."""
    invitations = (
        HearingInvitation.objects.filter(
            decision_id=decision_id,
            kind=HearingInvitation.Kind.INVITED,
            view__isnull=True,
            member__user__is_active=True,
        )
        .exclude(member__user__email="")
        .select_related("member__user")
    )
    context = {"url": settings.SITE_URL + FAMILY_PORTAL_PATH}
    sent = 0
    for invitation in invitations:
        send_mail(
            subject=_("Wat vindt u ervan? Er is een voorstel in uw dossier"),
            message=render_to_string("procedures/email/hearing_invitation.txt", context),
            from_email=None,
            recipient_list=[invitation.member.user.email],
        )
        sent += 1
    return sent
