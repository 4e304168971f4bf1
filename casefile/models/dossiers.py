from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase

from accounts.models import Organisation
from core.records import DossierRecord
from households.models import Household, Member


class Phase(models.IntegerChoices):
    """Gefaseerd samenwerken aan veiligheid."""

    DIRECT_SAFETY = 1, _("1. Directe veiligheid")
    STABLE_SAFETY = 2, _("2. Stabiele veiligheid")
    RECOVERY = 3, _("3. Herstel")


class Dossier(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Gesloten")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # R1: one dossier per household, held by the database.
    household = models.OneToOneField(
        Household, on_delete=models.PROTECT, related_name="dossier", verbose_name=_("huishouden")
    )
    # R3: exactly one lead; changed only by the lead-change service.
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="led_dossiers",
        verbose_name=_("vaste professional"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    summary = models.TextField(
        _("samenvatting"),
        blank=True,
        help_text=_("In gewone taal: wat speelt er en wat is het doel?"),
    )
    opened_at = models.DateTimeField(_("geopend op"), default=timezone.now)
    # The summary is the dossier's one editable text: each save of it through the service adds
    # one, and a form loaded before that is refused (no lost update). State changes (lead,
    # closing) lock the row instead.
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    # A copy of the newest phase change in `safety`, kept by its services, so that lists show
    # and filter by phase without reading the history of every dossier.
    phase = models.PositiveSmallIntegerField(
        _("fase"), choices=Phase.choices, null=True, blank=True, db_index=True
    )
    # The newest entry's time, kept by the one service helper that writes entries, so that lists
    # sort and show it without reading every dossier's timeline.
    last_activity = models.DateTimeField(
        _("laatste activiteit"), null=True, blank=True, db_index=True
    )
    # R15: set by the periodic retention task once the retention period after closing has passed.
    retention_expired_at = models.DateTimeField(
        _("bewaartermijn verlopen op"), null=True, blank=True
    )

    dossier_record = DossierRecord(dossier="pk", thing=_("het dossier"), personal_data=("summary",))

    class Meta:
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")
        permissions = [("view_family_dossier", "Can see the family-visible part of a dossier")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(status="open", closed_at__isnull=True)
                    | Q(status="closed", closed_at__isnull=False)
                ),
                name="dossier_closed_at_matches_status",
            ),
            models.CheckConstraint(
                condition=Q(phase__isnull=True) | Q(phase__in=[1, 2, 3]),
                name="dossier_phase_is_1_2_or_3",
            ),
        ]

    def __str__(self) -> str:
        return str(self.household)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class DossierUserObjectPermission(UserObjectPermissionBase):
    """Direct foreign-key grants, so that lists filter with a join (R6)."""

    content_object = models.ForeignKey(Dossier, on_delete=models.CASCADE)


class DossierGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Dossier, on_delete=models.CASCADE)


class Involvement(models.Model):
    """A professional around the household, from a start until an explicit end (R4)."""

    class Kind(models.TextChoices):
        LEAD = "lead", _("Vaste professional")
        ADDED = "added", _("Toegevoegd door de vaste professional")
        JOINED = "joined", _("Zelf aangesloten (veiligheidsteam)")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="involvements")
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="involvements"
    )
    # The organisation they came for, kept even if they later change jobs.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, related_name="involvements"
    )
    kind = models.CharField(_("hoe"), max_length=10, choices=Kind.choices)
    expertise = models.CharField(_("expertise"), max_length=200)
    reason = models.TextField(_("reden"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(_("sinds"), default=timezone.now)
    ended_at = models.DateTimeField(_("tot"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    end_reason = models.TextField(_("reden van stoppen"), blank=True)

    # Why someone helps can name a member, so a child of 12–15 sees who helps, not why.
    dossier_record = DossierRecord(
        dossier="dossier",
        thing=_("wie er meehelpt"),
        child_hidden=("reason", "end_reason"),
        # The expertise goes too: "verslavingszorg" says something about the family.
        personal_data=("expertise", "reason", "end_reason"),
    )

    class Meta:
        ordering = ["started_at"]
        verbose_name = _("betrokkenheid")
        verbose_name_plural = _("betrokkenheden")
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "professional"],
                condition=Q(ended_at__isnull=True),
                name="one_active_involvement_per_professional",
            ),
            models.CheckConstraint(
                condition=(
                    Q(ended_at__isnull=True, end_reason="")
                    | (Q(ended_at__isnull=False) & ~Q(end_reason=""))
                ),
                name="involvement_end_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.professional} – {self.dossier}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class Entry(models.Model):
    """One item in the dossier's timeline. Append-only (R8): never edited, never deleted."""

    class Kind(models.TextChoices):
        NOTE = "note", _("Notitie")
        CORRECTION = "correction", _("Correctie")
        EVENT = "event", _("Gebeurtenis")

    class Visibility(models.TextChoices):
        FAMILY = "family", _("Zichtbaar voor het gezin")
        WITHHELD = "withheld", _("Niet zichtbaar voor het gezin")

    class WithheldReason(models.TextChoices):
        CHILD_SAFETY = "child_safety", _("De veiligheid van een kind")
        THIRD_PARTY_PRIVACY = "third_party_privacy", _("De privacy van een ander")
        CRIMINAL_INVESTIGATION = "criminal_investigation", _("Een strafrechtelijk onderzoek")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("soort"), max_length=12, choices=Kind.choices, default=Kind.NOTE)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="entries"
    )
    author_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("datum"), default=timezone.now)
    text = models.TextField(_("tekst"))
    visibility = models.CharField(
        _("zichtbaarheid"), max_length=10, choices=Visibility.choices, default=Visibility.FAMILY
    )
    withheld_reason = models.CharField(
        _("reden"), max_length=30, choices=WithheldReason.choices, blank=True
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrigeert"),
    )
    about_members = models.ManyToManyField(
        Member, blank=True, related_name="entries", verbose_name=_("gaat over")
    )

    dossier_record = DossierRecord(
        dossier="dossier",
        thing=_("een notitie"),
        family=Q(visibility="family"),
        about="about_members",
        personal_data=("text", "about_members"),
        entry="pk",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notitie")
        verbose_name_plural = _("notities")
        indexes = [models.Index(fields=["dossier", "-created_at"], name="entry_timeline")]
        constraints = [
            # R7: withholding always has a reason from the fixed list.
            models.CheckConstraint(
                condition=(
                    Q(visibility="family", withheld_reason="")
                    | (Q(visibility="withheld") & ~Q(withheld_reason=""))
                ),
                name="entry_withheld_has_reason",
            ),
            # R8: a correction always points at the entry it corrects.
            models.CheckConstraint(
                condition=(
                    Q(kind="correction", corrects__isnull=False)
                    | (~Q(kind="correction") & Q(corrects__isnull=True))
                ),
                name="entry_correction_links_original",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier} {self.created_at:%Y-%m-%d}"

    @property
    def is_withheld(self) -> bool:
        return self.visibility == self.Visibility.WITHHELD


class OwnStatement(models.Model):
    """Eigen verklaring: a member's own words beside an entry, once a correction is refused (R11)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="own_statements")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="own_statements")
    text = models.TextField(_("eigen verklaring"))
    created_at = models.DateTimeField(_("toegevoegd op"), default=timezone.now)

    dossier_record = DossierRecord(
        dossier="entry__dossier",
        thing=_("een eigen verklaring"),
        own="member",
        personal_data=("text",),
        entry="entry",
        in_trail=False,
    )

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("eigen verklaring")
        verbose_name_plural = _("eigen verklaringen")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} {self.created_at:%Y-%m-%d}"


class AccessEvent(models.Model):
    """One look at a dossier (R12, NEN 7513): who, as what, which dossier, when, how."""

    class Action(models.TextChoices):
        VIEW = "view", _("Dossier bekeken")
        API_VIEW = "api_view", _("Dossier opgevraagd via een koppeling")
        FAMILY_VIEW = "family_view", _("Eigen dossier bekeken")
        PDF = "pdf", _("Kopie (pdf) gemaakt")
        PDF_DOWNLOAD = "pdf_download", _("Kopie (pdf) gedownload")
        JOIN = "join", _("Aangesloten bij het dossier")
        LIST = "list", _("In een lijst getoond")
        DOCUMENT_DOWNLOAD = "document_download", _("Document gedownload")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    at = models.DateTimeField(_("wanneer"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_events"
    )
    # Snapshots: the log must say what was true at the time, not what is true now.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, related_name="+"
    )
    role = models.CharField(_("rol"), max_length=20)
    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="access_events")
    action = models.CharField(_("wat"), max_length=20, choices=Action.choices)
    remote_addr = models.GenericIPAddressField(_("adres"), null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("inzage")
        verbose_name_plural = _("inzagen")
        indexes = [models.Index(fields=["dossier", "-at"], name="access_event_dossier")]

    def __str__(self) -> str:
        return f"{self.user} {self.action} {self.at:%Y-%m-%d %H:%M}"
