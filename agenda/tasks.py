from __future__ import annotations

from celery import shared_task

from outbox.tasks import side_effect

from .models import MeetingParticipant, TaskReminder
from .notifications import send_meeting_invitation, send_task_reminder


@side_effect
def task_reminder_notify(*, reminder_id: str) -> None:
    """One reminder e-mail: there is a task, sign in to see it. No content of the case."""
    send_task_reminder(
        TaskReminder.objects.select_related("to", "task__member").get(pk=reminder_id)
    )


@side_effect
def meeting_invitation_notify(*, participant_id: str) -> None:
    """One invitation e-mail to a participant with an account: a link, no content."""
    send_meeting_invitation(
        MeetingParticipant.objects.select_related(
            "professional", "member__user", "meeting__dossier"
        ).get(pk=participant_id)
    )


@shared_task
def task_reminders_task() -> int:
    # Tasks receive ids and call services; imported here because the reminders queue tasks.
    from .reminders import task_reminders_send

    return task_reminders_send()
