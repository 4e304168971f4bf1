"""Task reminders (issue 14): on the morning a task is due and on the first working day after,
each sent once (a `TaskReminder` row per task and kind), through the outbox, with no content."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from core.dates import is_working_day
from core.services import service
from outbox.services import message_add

from .models import Task, TaskReminder, Visibility
from .tasks import task_reminder_notify


def _next_working_day(day: datetime.date) -> datetime.date:
    day += datetime.timedelta(days=1)
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def reminders_due(today: datetime.date) -> list[tuple[Task, str]]:
    """The reminders to send today: none on a weekend or holiday.

    - due: on the morning of the due day, or on the last working day before it when that day
      is no working day (a task due on Saturday is announced on Friday);
    - overdue: on the first working day after the due day.
    """
    if not is_working_day(today):
        return []
    open_tasks = Task.objects.filter(status=Task.Status.OPEN).select_related("dossier")
    due = open_tasks.filter(due_on__gte=today, due_on__lt=_next_working_day(today)).exclude(
        reminders__kind=TaskReminder.Kind.DUE
    )
    overdue = open_tasks.filter(due_on__lt=today).exclude(reminders__kind=TaskReminder.Kind.OVERDUE)
    return [(task, TaskReminder.Kind.DUE) for task in due] + [
        (task, TaskReminder.Kind.OVERDUE) for task in overdue
    ]


def reminder_recipient(task: Task) -> User | None:
    """Who gets the reminder: the professional it is for; the family member it is for if they
    have an account and may see the task; otherwise the dossier's lead."""
    if task.professional_id is not None:
        return task.professional
    if task.member_id is not None and task.member.user_id is not None:
        user = task.member.user
        if user.is_active and task.visibility == Visibility.FAMILY and task.member.is_current:
            return user
    return task.dossier.lead


def task_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Queue today's reminders, each once (a row per task and kind), from the morning on."""
    now = timezone.localtime(now or timezone.now())
    if now.hour < settings.TASK_REMINDER_HOUR:
        return 0
    today = now.date()
    sent = 0
    for task, kind in reminders_due(today):
        try:
            sent += _reminder_queue(actor=None, task=task, kind=kind, today=today)
        except IntegrityError:
            continue  # another run sent it at the same moment
    return sent


@service
def _reminder_queue(*, actor, task: Task, kind: str, today: datetime.date) -> int:
    recipient = reminder_recipient(task)
    if recipient is None or not task.dossier.is_open:
        return 0
    with transaction.atomic():
        reminder = TaskReminder.objects.create(task=task, kind=kind, sent_on=today, to=recipient)
    message_add(task=task_reminder_notify, reminder_id=reminder.pk)
    return 1
