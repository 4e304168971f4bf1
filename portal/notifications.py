"""E-mails about accounts. They hold the household label and a link at most (no case content)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.invitations import INVITATION_DAYS, invitation_url
from accounts.models import User
from casefile import visibility
from households.models import Member
from outbox.mail import email_send


def send_family_invitation(user: User) -> None:
    member = Member.objects.select_related("household").filter(user=user).first()
    if member is None or not user.email:
        return
    # A child of 12–15 is addressed with "je" (the reader kind of `casefile.visibility`).
    je = visibility.family_reader(user=user, member=member, dossier_id=None).is_child
    with translation.override("nl"):
        body = render_to_string(
            "portal/email/family_invitation.txt",
            {
                "household": member.household.label,
                "username": user.username,
                "url": invitation_url(user),
                "days": INVITATION_DAYS,
                "je": je,
            },
        )
        subject = (
            _("Je account voor het Gezinsdossier") if je else _("Uw account voor het Gezinsdossier")
        )
        email_send(subject=subject, body=body, to=user.email)
