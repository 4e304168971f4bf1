"""Reminders: on the morning a task is due and on the first working day after it, each once,
never on a weekend or a public holiday (the working days of hearing deadlines, core/dates.py)."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from agenda import reminders, services
from agenda.models import TaskReminder

from .conftest import make_task

pytestmark = pytest.mark.django_db


def at(day: datetime.date, hour: int = 8) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def sent(task) -> list[tuple[str, datetime.date]]:
    return list(task.reminders.order_by("kind").values_list("kind", "sent_on"))


def run(day, hour=8):
    return reminders.task_reminders_send(now=at(day, hour))


# Thursday 3 December 2026 … Tuesday 8 December 2026; Easter Monday 2027 is 29 March.
THURSDAY = datetime.date(2026, 12, 3)
FRIDAY = datetime.date(2026, 12, 4)
SATURDAY = datetime.date(2026, 12, 5)
MONDAY = datetime.date(2026, 12, 7)


def test_due_on_the_day_and_overdue_the_next_working_day_each_once(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    task = make_task(world, due_on=THURSDAY)
    with django_capture_on_commit_callbacks(execute=True):
        assert run(THURSDAY, hour=6) == 0  # before the morning round
        assert run(THURSDAY) == 1
        assert run(THURSDAY, hour=9) == 0  # the next hourly run: already sent
        assert run(FRIDAY) == 1
        assert run(MONDAY) == 0
    assert sent(task) == [("due", THURSDAY), ("overdue", FRIDAY)]
    assert [m.subject for m in mailoutbox] == ["Een taak moet vandaag af", "Een taak is over tijd"]
    assert all(m.to == [world.lead.email] for m in mailoutbox)


def test_a_task_due_on_saturday_is_announced_on_friday_and_late_on_monday(world):
    task = make_task(world, due_on=SATURDAY)
    assert run(THURSDAY) == 0
    assert run(FRIDAY) == 1
    assert run(SATURDAY) == 0  # no mail at the weekend
    assert run(SATURDAY + datetime.timedelta(days=1)) == 0
    assert run(MONDAY) == 1
    assert sent(task) == [("due", FRIDAY), ("overdue", MONDAY)]


def test_after_a_holiday(world):
    """Due on Easter Monday 2027 (a holiday): announced on Good Friday (a working day in the
    Algemene termijnenwet), late on Tuesday; nothing at the weekend or on the holiday."""
    good_friday = datetime.date(2027, 3, 26)
    easter_monday = datetime.date(2027, 3, 29)
    task = make_task(world, due_on=easter_monday)
    assert run(good_friday) == 1  # due on a holiday: announced on the working day before
    assert run(easter_monday) == 0
    assert run(easter_monday + datetime.timedelta(days=1)) == 1
    assert sent(task) == [
        ("due", good_friday),
        ("overdue", easter_monday + datetime.timedelta(days=1)),
    ]


def test_a_done_task_gets_no_reminder(world):
    task = make_task(world, due_on=THURSDAY)
    services.task_complete(actor=world.lead, task=task)
    assert run(THURSDAY) == 0 and run(FRIDAY) == 0
    assert not TaskReminder.objects.exists()


def test_a_new_due_day_gets_new_reminders(world):
    task = make_task(world, due_on=THURSDAY)
    run(THURSDAY)
    services.task_update(
        actor=world.lead,
        task=task,
        what=task.what,
        due_on=MONDAY,
        person=services.Person(professional=world.lead),
        visibility="family",
    )
    assert run(MONDAY) == 1
    assert sent(task) == [("due", MONDAY)]


def test_who_gets_the_reminder(world, teen):
    for_teen = make_task(world, due_on=THURSDAY, person=services.Person(member=world.teen))
    for_child = make_task(world, due_on=THURSDAY, person=services.Person(member=world.child))
    hidden = make_task(
        world,
        due_on=THURSDAY,
        person=services.Person(member=world.teen),
        visibility="withheld",
        withheld_reason="child_safety",
    )
    run(THURSDAY)
    recipients = dict(TaskReminder.objects.values_list("task_id", "to_id"))
    assert recipients[for_teen.pk] == teen.pk
    assert recipients[for_child.pk] == world.lead.pk  # no account: the lead follows it up
    assert recipients[hidden.pk] == world.lead.pk  # withheld from the family
