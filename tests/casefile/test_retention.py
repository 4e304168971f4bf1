"""R15: closed dossiers are flagged for destruction 20 years after closing, by a periodic task."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.utils import timezone

from casefile.models import Dossier
from procedures.services.retention import dossiers_flag_expired_retention
from procedures.tasks import retention_flag_task
from tests.factories import open_dossier

pytestmark = pytest.mark.django_db


def close(dossier, years_ago, days=0):
    now = timezone.now()
    dossier.status = Dossier.Status.CLOSED
    dossier.closed_at = now.replace(year=now.year - years_ago) - datetime.timedelta(days=days)
    dossier.save()
    return dossier


def test_a_dossier_closed_20_years_ago_is_flagged_once():
    old = close(open_dossier(), 20, days=1)
    recent = close(open_dossier(), 19)
    still_open = open_dossier()
    assert dossiers_flag_expired_retention() == 1
    for dossier in (old, recent, still_open):
        dossier.refresh_from_db()
    assert old.retention_expired_at is not None
    assert recent.retention_expired_at is None
    assert still_open.retention_expired_at is None
    assert dossiers_flag_expired_retention() == 0  # flagged once
    change = (
        LogEntry.objects.get_for_object(old).filter(action=LogEntry.Action.UPDATE).first()
    )  # newest
    assert "retention_expired_at" in change.changes_dict


def test_the_task_runs_daily_and_the_dossier_page_says_so(world):
    assert (
        settings.CELERY_BEAT_SCHEDULE["retention"]["task"] == "procedures.tasks.retention_flag_task"
    )
    close(world.dossier, 21)
    assert retention_flag_task.delay().get() == 1
    from django.urls import reverse

    page = world.client_for(world.lead).get(
        reverse("workspace:dossier-detail", args=[world.dossier.pk])
    )
    assert "bewaartermijn van dit dossier is verlopen" in page.content.decode()
