"""E-mails about procedures. Plain Dutch, no content of the case: a link only (R9, R13)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from casefile import visibility
from outbox.mail import email_send

from .models import HearingInvitation

# The family's own pages (DESIGN §5); the family portal shows their open proposals there.
FAMILY_PORTAL_PATH = "/mijn-dossier/"


def send_hearing_invitation(invitation: HearingInvitation) -> bool:
    """One e-mail to an invited member with an active account and an address who has not given
    their view yet; returns whether it was sent."""
    user = invitation.member.user
    if (
        invitation.kind != HearingInvitation.Kind.INVITED
        or user is None
        or not user.is_active
        or not user.email
        or HearingInvitation.objects.filter(pk=invitation.pk, view__isnull=False).exists()
    ):
        return False
    # A child of 12–15 is addressed with "je" (the reader kind of `casefile.visibility`).
    je = visibility.family_reader(user=user, member=invitation.member, dossier_id=None).is_child
    email_send(
        subject=(
            _("Wat vind jij ervan? Er is een voorstel in je dossier")
            if je
            else _("Wat vindt u ervan? Er is een voorstel in uw dossier")
        ),
        body=render_to_string(
            "procedures/email/hearing_invitation.txt",
            {"url": settings.SITE_URL + FAMILY_PORTAL_PATH, "je": je},
        ),
        to=user.email,
    )
    return True
