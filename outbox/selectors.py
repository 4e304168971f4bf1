"""Reads of the outbox: how far behind it is (for /health/)."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone

from .models import Message

# A message not done after this long means the broker, the workers or the mail server lag.
BACKLOG_AGE = datetime.timedelta(minutes=5)


def backlog_count(*, now: datetime.datetime | None = None) -> int:
    """Messages waiting longer than `BACKLOG_AGE`, plus those given up on."""
    now = now or timezone.now()
    waiting = Q(
        status__in=[Message.Status.PENDING, Message.Status.SENDING],
        created_at__lt=now - BACKLOG_AGE,
    )
    return Message.objects.filter(waiting | Q(status=Message.Status.FAILED)).count()
