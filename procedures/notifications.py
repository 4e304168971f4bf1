"""E-mails about procedures. Plain Dutch, no content of the case: a link only (R9, R13)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from casefile import visibility
from outbox.mail import email_send

from . import access
from .models import Complaint, HearingInvitation

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


def complaint_recipients(complaint: Complaint) -> tuple[list[User], bool]:
    """Who hears of a new complaint (R10): the organisation's active complaints officers; with
    none, the active administrators, who must appoint one. The flag: whether officers exist."""
    officers = list(access.complaint_officers(complaint))
    if officers:
        return officers, True
    return list(User.objects.filter(role=User.Role.ADMINISTRATOR, is_active=True)), False


def send_complaint_received(complaint: Complaint, officer: User) -> bool:
    """A complaint came in for the officer's organisation: a link, nothing of the complaint."""
    if not officer.email or not officer.is_active:
        return False
    email_send(
        subject=_("Gezinsdossier: er is een nieuwe klacht voor uw organisatie"),
        body=render_to_string(
            "procedures/email/complaint_received.txt",
            {"url": settings.SITE_URL + reverse("procedures:officer-complaint-list")},
        ),
        to=officer.email,
    )
    return True


def send_complaint_without_officer(complaint: Complaint, administrator: User) -> bool:
    """No complaints officer: the administrator hears which organisation lacks one, no more."""
    if not administrator.email or not administrator.is_active:
        return False
    organisation = Organisation.objects.filter(
        pk=access.complaint_organisation_id(complaint)
    ).first()
    email_send(
        subject=_("Gezinsdossier: een klacht wacht op een klachtenfunctionaris"),
        body=render_to_string(
            "procedures/email/complaint_without_officer.txt", {"organisation": organisation}
        ),
        to=administrator.email,
    )
    return True
