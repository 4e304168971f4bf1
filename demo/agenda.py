"""Agenda content of the demo world (DESIGN §6). Idempotent; built through the services.

Jansen: the safety plan's agreements as tasks, and a casusoverleg a week ago with anna, Pieter
and sara (who is invited, not involved: she stays free to join). Its outcome made two tasks: one
for Pieter, and one for anna that is now overdue.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import User
from agenda import services
from agenda.models import Meeting
from casefile.models import Dossier
from safety.models import SafetyPlan


def load(users: dict[str, User]) -> None:
    dossier = Dossier.objects.select_related("household").filter(household__label="Jansen").first()
    if dossier is None or dossier.meetings.exists():
        return
    anna, sara = users["anna"], users["sara"]
    today = timezone.localdate()
    members = {m.first_name: m for m in dossier.household.members.filter(left_on__isnull=True)}
    pieter = members["Pieter"]

    plan = SafetyPlan.objects.filter(dossier=dossier).order_by("-version").first()
    if plan is not None:
        services.plan_tasks_create(actor=anna, plan=plan)

    held = timezone.make_aware(
        datetime.datetime.combine(today - datetime.timedelta(days=7), datetime.time(10, 0))
    )
    meeting = services.meeting_plan(
        actor=anna,
        dossier=dossier,
        kind=Meeting.Kind.CASE,
        starts_at=held,
        place="Buurtteam Utrecht Noordoost",
        agenda=(
            "Hoe gaat het met de afspraken uit het veiligheidsplan?\n"
            "Rust in huis: wat helpt Pieter?\n"
            "Hoe gaat het met Lisa op school?"
        ),
        invitees=services.Invitees(professionals=[anna, sara], members=[pieter]),
    )
    services.meeting_record(
        actor=anna,
        meeting=meeting,
        attended=list(meeting.participants.all()),
        outcome=(
            "De time-out werkt meestal. Pieter wil hulp bij zijn boosheid. "
            "Sara van het veiligheidsteam denkt mee als het weer misgaat."
        ),
        tasks=[
            services.TaskData(
                what="Pieter belt de huisarts voor een gesprek over hulp bij boosheid.",
                due_on=today + datetime.timedelta(days=7),
                person=services.Person(member=pieter),
            ),
            services.TaskData(
                what="Anna vraagt bij school na hoe het met Lisa gaat.",
                due_on=today - datetime.timedelta(days=2),
                person=services.Person(professional=anna),
            ),
        ],
    )
