"""One side effect (an e-mail, a PDF copy, a file to delete) waiting to happen, or done."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Message(models.Model):
    """Written in the same transaction as the change it follows, so neither exists without the
    other. It holds ids only, never personal data: the task reads what it needs when it runs."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Wacht")
        SENDING = "sending", _("Wordt uitgevoerd")
        SENT = "sent", _("Uitgevoerd")
        FAILED = "failed", _("Opgegeven")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # The Celery task that performs it (`casefile.tasks.involvement_added_notify`).
    task = models.CharField(_("taak"), max_length=200)
    payload = models.JSONField(_("ids"), default=dict)
    # One message per key, however often the change is submitted (idempotency).
    key = models.CharField(_("sleutel"), max_length=255, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # Tries to perform it (claims); handing it to the broker is not counted.
    attempts = models.PositiveIntegerField(_("pogingen"), default=0)
    next_attempt_at = models.DateTimeField(_("volgende poging"), default=timezone.now)
    created_at = models.DateTimeField(_("gemaakt op"), default=timezone.now)
    claimed_at = models.DateTimeField(_("begonnen op"), null=True, blank=True)
    # A worker died holding it once and it was opened again; a second time it is given up.
    reclaimed = models.BooleanField(_("opnieuw geopend"), default=False)
    sent_at = models.DateTimeField(_("uitgevoerd op"), null=True, blank=True)
    # The class name of the last exception only: its text may hold personal data.
    last_error = models.CharField(_("laatste fout"), max_length=100, blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("uitgaand bericht")
        verbose_name_plural = _("uitgaande berichten")
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False), name="outbox_sent_has_time"
            ),
            models.CheckConstraint(
                condition=~Q(status="sending") | Q(claimed_at__isnull=False),
                name="outbox_sending_is_claimed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} {self.get_status_display()}"
