"""A copy of a dossier as PDF (inzage, AVG art. 15): asked for, rendered by a task, then expired."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casefile.models import Dossier
from core.records import DossierRecord


class CopyRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Wordt gemaakt")
        READY = "ready", _("Klaar")
        FAILED = "failed", _("Mislukt")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="copy_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="copy_requests"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    # Relative to MEDIA_ROOT, a random name: no personal data in file names.
    file_path = models.CharField(_("bestand"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("gevraagd op"), default=timezone.now)
    ready_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    expires_at = models.DateTimeField(_("te downloaden tot"), null=True, blank=True)

    # A copy is read only by whoever asked for it (casefile.access.can_download_copy).
    dossier_record = DossierRecord(
        dossier="dossier",
        thing=_("een kopie van het dossier"),
        family=None,
        files=("file_path",),
        in_trail=False,
    )

    class Meta:
        db_table = "casefile_copyrequest"  # kept when the model moved here from casefile
        ordering = ["-created_at"]
        verbose_name = _("kopie van het dossier")
        verbose_name_plural = _("kopieën van dossiers")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="ready")
                | (Q(ready_at__isnull=False, expires_at__isnull=False) & ~Q(file_path="")),
                name="copy_ready_has_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    def is_expired(self, now=None) -> bool:
        return self.expires_at is not None and (now or timezone.now()) >= self.expires_at
