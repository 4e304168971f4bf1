"""E-mails about accounts. They hold the household label and a link at most (no case content)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.invitations import INVITATION_DAYS, invitation_url
from accounts.models import User
from households.models import Member
from outbox.mail import email_send


def send_family_invitation(user: User) -> None:
    member = Member.objects.select_related("household").filter(user=user).first()
    if member is None or not user.email:
        return
    with translation.override("nl"):
        body = render_to_string(
            "portal/email/family_invitation.txt",
            {
                "household": member.household.label,
                "username": user.username,
                "url": invitation_url(user),
                "days": INVITATION_DAYS,
            },
        )
        email_send(subject=_("Uw account voor het Gezinsdossier"), body=body, to=user.email)
