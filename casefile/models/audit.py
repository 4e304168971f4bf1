"""The hash chain over the audit trail (R12, BIO 8.15): one seal per audit row and access event.

How the chain works, and why it survives a destruction, is in `casefile.seals`.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditSeal(models.Model):
    """One link: a row's content digest when it was written, chained to the link before it.

    Append-only in the database. auditlog's `LogEntry` is a third-party model, so its links live
    here rather than in its own table; access events get theirs here too, so one chain covers both.
    """

    class Kind(models.TextChoices):
        LOG = "log", _("auditregel")
        ACCESS = "access", _("inzage")
        # A destruction (R15) scrubbed an audit row: from here on its content has this digest.
        SCRUB = "scrub", _("auditregel vernietigd")

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(max_length=6, choices=Kind.choices)
    row = models.CharField(max_length=64)  # the row's primary key, as text
    digest = models.CharField(max_length=64)  # SHA-256 of the row's content
    sealed_at = models.DateTimeField(default=timezone.now)
    previous = models.CharField(max_length=64, blank=True)  # the link before; empty for the first
    hash = models.CharField(max_length=64)  # HMAC-SHA-256 over previous and this link

    class Meta:
        ordering = ["id"]
        verbose_name = _("zegel")
        verbose_name_plural = _("zegels")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "row"], condition=~Q(kind="scrub"), name="one_seal_per_row"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.row}"


class AuditCheck(models.Model):
    """The outcome of one walk along the chain (`verify_audit`, daily); `/health/` shows the last."""

    id = models.BigAutoField(primary_key=True)
    checked_at = models.DateTimeField(default=timezone.now)
    intact = models.BooleanField()
    rows = models.PositiveBigIntegerField(default=0)
    # Which row broke the chain first, by kind and id only: never its content.
    first_break = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-checked_at"]
        verbose_name = _("controle van het auditspoor")
        verbose_name_plural = _("controles van het auditspoor")

    def __str__(self) -> str:
        return f"{self.checked_at:%Y-%m-%d %H:%M} {'ok' if self.intact else self.first_break}"
