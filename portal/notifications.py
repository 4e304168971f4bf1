"""E-mails about accounts. They hold the household label and a link at most (no case content)."""

from __future__ import annotations

from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.invitations import INVITATION_DAYS, invitation_url
from accounts.models import User
from households.models import Member


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
        send_mail(_("Uw account voor het Gezinsdossier"), body, None, [user.email])
