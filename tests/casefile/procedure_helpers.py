"""Shared set-up for the procedure tests (decisions, complaints, requests)."""

from __future__ import annotations

import datetime

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from procedures import services as procedure_services
from procedures.models import Decision


def propose(world, *, concerns=None, kind=Decision.Kind.AGREEMENT, actor=None, **kwargs):
    return procedure_services.decision_propose(
        actor=actor or world.lead,
        dossier=world.dossier,
        kind=kind,
        title="Afspraken over rust in huis",
        proposal="We spreken af dat er een time-out is bij ruzie.",
        concerns=concerns if concerns is not None else [world.parent, world.teen],
        **kwargs,
    )


def in_hearing(world, **kwargs):
    decision = propose(world, **kwargs)
    return procedure_services.decision_start_hearing(actor=world.lead, decision=decision)


def pass_deadline(decision):
    """Move the deadline into the past, as if the days had gone by."""
    decision.hearing_deadline = timezone.localdate() - datetime.timedelta(days=1)
    decision.save(update_fields=["hearing_deadline"])
    return decision


def log_entries(obj):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)), object_pk=str(obj.pk)
    )


def born_years_ago_today(years: int, days_later: int = 0) -> datetime.date:
    """A birth date that makes someone `years` old today; with days_later>0 not yet."""
    day = timezone.localdate() + datetime.timedelta(days=days_later)
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)
