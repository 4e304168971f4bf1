"""R15: a closed dossier is kept 20 years after closing, then flagged for destruction."""

from __future__ import annotations

import datetime

from django.utils import timezone

from casefile.models import Dossier
from casefile.services import dossier_retention_flag
from core.services import service

RETENTION_YEARS = 20


def retention_deadline(now: datetime.datetime) -> datetime.datetime:
    """Dossiers closed on or before this moment have passed their retention period."""
    try:
        return now.replace(year=now.year - RETENTION_YEARS)
    except ValueError:  # 29 February
        return now.replace(year=now.year - RETENTION_YEARS, day=28)


@service
def dossiers_flag_expired_retention(*, actor=None, now: datetime.datetime | None = None) -> int:
    """Flag every closed dossier whose retention period has passed; returns how many.

    Run daily by Celery beat. Flagging destroys nothing: destruction stays a human decision.
    """
    now = now or timezone.now()
    expired = Dossier.objects.filter(
        status=Dossier.Status.CLOSED,
        closed_at__lte=retention_deadline(now),
        retention_expired_at__isnull=True,
    )
    count = 0
    for dossier in expired:
        dossier_retention_flag(dossier=dossier, at=now)
        count += 1
    return count
