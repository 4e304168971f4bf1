"""E-mails about tasks and meetings. They say that there is something, never what: a link only,
so nothing of the case sits in a mailbox (R13)."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from casefile import access, visibility
from outbox.mail import email_send

from .models import MeetingParticipant, TaskReminder, Visibility


def _family_je(user, member) -> bool:
    """A child of 12–15 is addressed with "je" (the reader kind of `casefile.visibility`)."""
    return visibility.family_reader(user=user, member=member, dossier_id=None).is_child


def send_task_reminder(reminder: TaskReminder) -> bool:
    user = reminder.to
    if not user.is_active or not user.email:
        return False
    family = user.is_family
    je = family and reminder.task.member is not None and _family_je(user, reminder.task.member)
    url = settings.SITE_URL + reverse("portal:family-home" if family else "agenda:my-tasks")
    overdue = reminder.kind == TaskReminder.Kind.OVERDUE
    email_send(
        subject=_("Een taak is over tijd") if overdue else _("Een taak moet vandaag af"),
        body=render_to_string(
            "agenda/email/task_reminder.txt",
            {"url": url, "overdue": overdue, "family": family, "je": je},
        ),
        to=user.email,
    )
    return True


def send_meeting_invitation(participant: MeetingParticipant) -> bool:
    """Professionals and family members with an account; the network is invited in person."""
    if participant.professional_id is not None:
        user, family, je = participant.professional, False, False
    elif (
        participant.member_id is not None
        and participant.member.user_id is not None
        and participant.meeting.visibility == Visibility.FAMILY
    ):
        user, family = participant.member.user, True
        je = _family_je(user, participant.member)
    else:
        return False
    if not user.is_active or not user.email:
        return False
    if family:
        url = settings.SITE_URL + reverse("portal:family-home")
    elif access.can_see_dossier(user, participant.meeting.dossier):
        url = settings.SITE_URL + reverse("agenda:meeting-detail", args=[participant.meeting_id])
    else:
        url = ""  # not (yet) in the dossier: the lead tells them more

    email_send(
        subject=_("Je bent uitgenodigd voor een gesprek")
        if je
        else _("U bent uitgenodigd voor een overleg"),
        body=render_to_string(
            "agenda/email/meeting_invitation.txt", {"url": url, "family": family, "je": je}
        ),
        to=user.email,
    )
    return True
