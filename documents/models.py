"""Documents in a dossier: a court's decision, a report, a letter, a plan, a photo (docs/documents.md).

Both tables are append-only (R8): a document is never edited; a new file is a new version, and the
old versions stay. Only destruction (R15) empties the declared fields and removes the files from
storage, through the destruction registry (`dossier_record`).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from casefile.models import Dossier, Entry
from core.records import DossierRecord
from core.text import TITLE
from households.models import Member

# The key in settings.STORAGES of the storage that holds the files (never served statically).
STORAGE = "documents"


class ContentType(models.TextChoices):
    """The types a document may be: sniffed from the content, never taken from the name."""

    PDF = "application/pdf", "PDF"
    JPEG = "image/jpeg", "JPEG"
    PNG = "image/png", "PNG"
    GIF = "image/gif", "GIF"
    WEBP = "image/webp", "WebP"
    DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word"
    XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"
    PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation", "PowerPoint"
    DOC = "application/msword", "Word (oud)"
    XLS = "application/vnd.ms-excel", "Excel (oud)"
    PPT = "application/vnd.ms-powerpoint", "PowerPoint (oud)"
    ODT = "application/vnd.oasis.opendocument.text", "OpenDocument tekst"
    ODS = "application/vnd.oasis.opendocument.spreadsheet", "OpenDocument rekenblad"
    ODP = "application/vnd.oasis.opendocument.presentation", "OpenDocument presentatie"
    TEXT = "text/plain", _("Tekst")


# Types a browser shows itself: professionals get a preview page for these.
PREVIEWABLE = {
    ContentType.PDF,
    ContentType.JPEG,
    ContentType.PNG,
    ContentType.GIF,
    ContentType.WEBP,
}


class Document(models.Model):
    """One document in a dossier, with its versions. Never edited, never deleted (R8)."""

    class Kind(models.TextChoices):
        BESCHIKKING = "beschikking", _("Beschikking")
        RAPPORT = "rapport", _("Rapport")
        VERSLAG = "verslag", _("Verslag")
        BRIEF = "brief", _("Brief")
        PLAN = "plan", _("Plan")
        FOTO = "foto", _("Foto")
        OVERIG = "overig", _("Overig")

    # The same choices as an entry's (R7): open by default, withheld only with a listed reason.
    Visibility = Entry.Visibility
    WithheldReason = Entry.WithheldReason

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="documents")
    title = models.CharField(_("titel"), max_length=TITLE)
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices)
    dated_on = models.DateField(_("datum van het document"))
    about_members = models.ManyToManyField(
        Member, blank=True, related_name="documents", verbose_name=_("gaat over")
    )
    visibility = models.CharField(
        _("zichtbaarheid"),
        max_length=10,
        choices=Entry.Visibility.choices,
        default=Entry.Visibility.FAMILY,
    )
    withheld_reason = models.CharField(
        _("reden"), max_length=30, choices=Entry.WithheldReason.choices, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_by_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("toegevoegd op"), default=timezone.now)

    dossier_record = DossierRecord(
        dossier="dossier",
        thing=_("een document"),
        family=Q(visibility="family"),
        about="about_members",
        personal_data=("title", "about_members"),
        files_copy_entries=False,
    )

    class Meta:
        ordering = ["-dated_on", "-created_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        indexes = [
            models.Index(fields=["dossier", "-dated_on", "-created_at"], name="document_list")
        ]
        constraints = [
            # R7: withholding always has a reason from the fixed list.
            models.CheckConstraint(
                condition=(
                    Q(visibility="family", withheld_reason="")
                    | (Q(visibility="withheld") & ~Q(withheld_reason=""))
                ),
                name="document_withheld_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.dated_on:%Y-%m-%d}"

    @property
    def is_withheld(self) -> bool:
        return self.visibility == Entry.Visibility.WITHHELD


class DocumentVersion(models.Model):
    """One file of a document. A new file is a new version; the list shows the newest."""

    class Scan(models.TextChoices):
        CLEAN = "clean", _("Gescand, geen virus")
        NOT_SCANNED = "not_scanned", _("Niet gescand")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("versie"))
    # The name in the storage: a random UUID, so it holds no personal data.
    file = models.CharField(_("bestand"), max_length=100)
    original_name = models.CharField(_("bestandsnaam"), max_length=TITLE)
    size = models.PositiveBigIntegerField(_("grootte in bytes"))
    content_type = models.CharField(_("soort bestand"), max_length=100, choices=ContentType.choices)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    scan = models.CharField(_("virusscan"), max_length=12, choices=Scan.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("toegevoegd op"), default=timezone.now)

    dossier_record = DossierRecord(
        dossier="document__dossier",
        thing=_("een versie van een document"),
        family=Q(document__visibility="family"),
        about="document__about_members",
        personal_data=("original_name", "sha256"),
        files=("file",),
        storage=STORAGE,
        files_copy_entries=False,
    )

    class Meta:
        ordering = ["-number"]
        verbose_name = _("versie van een document")
        verbose_name_plural = _("versies van documenten")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_once"),
        ]

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.number}"

    @property
    def is_previewable(self) -> bool:
        return self.content_type in PREVIEWABLE

    @property
    def is_destroyed(self) -> bool:
        return self.file.startswith("[")
