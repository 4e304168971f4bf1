"""What a family member can ask for: complaints (R10), corrections (R11), destruction (R15)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casefile.models import Dossier, Entry, OwnStatement
from core.records import DossierRecord
from households.models import Member


class Complaint(models.Model):
    class About(models.TextChoices):
        DOSSIER = "dossier", _("Het dossier")
        CONDUCT = "conduct", _("Hoe een professional zich gedroeg")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Ontvangen")
        IN_PROGRESS = "in_progress", _("In behandeling")
        HANDLED = "handled", _("Afgehandeld")

    class Outcome(models.TextChoices):
        FOUNDED = "founded", _("Gegrond")
        UNFOUNDED = "unfounded", _("Ongegrond")
        PARTLY = "partly", _("Deels gegrond")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="complaints")
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("van")
    )
    about = models.CharField(_("over"), max_length=10, choices=About.choices)
    about_professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints_about",
        verbose_name=_("over professional"),
    )
    text = models.TextField(_("klacht"))
    # The entries the complaint is about, if it names any: what the complaints officer reads
    # of the dossier besides the complaint itself (R10).
    entries = models.ManyToManyField(
        Entry, blank=True, related_name="complaints", verbose_name=_("over notities")
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_on_behalf = models.BooleanField(_("vastgelegd door een professional"), default=False)
    received_at = models.DateTimeField(_("ontvangen op"), default=timezone.now)
    due_on = models.DateField(_("antwoord uiterlijk"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    outcome = models.CharField(_("uitkomst"), max_length=10, choices=Outcome.choices, blank=True)
    answer = models.TextField(_("antwoord"), blank=True)
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    dossier_record = DossierRecord(
        dossier="dossier", thing=_("een klacht"), own="member", personal_data=("text", "answer")
    )

    class Meta:
        db_table = "casefile_complaint"  # kept when the model moved here from casefile
        ordering = ["received_at"]
        verbose_name = _("klacht")
        verbose_name_plural = _("klachten")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="handled")
                | (Q(answered_at__isnull=False) & ~Q(answer="") & ~Q(outcome="")),
                name="complaint_handled_has_answer",
            ),
            models.CheckConstraint(
                condition=~Q(about="conduct") | Q(about_professional__isnull=False),
                name="complaint_conduct_names_professional",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_about_display()} {self.received_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.HANDLED


class ComplaintStatusChange(models.Model):
    """The complaint's visible status trail."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="trail")
    status = models.CharField(_("status"), max_length=12, choices=Complaint.Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("toelichting"), blank=True)
    at = models.DateTimeField(_("wanneer"), default=timezone.now)

    dossier_record = DossierRecord(
        dossier="complaint__dossier",
        thing=_("de stand van een klacht"),
        own="complaint__member",
        personal_data=("note",),
        in_trail=False,
    )

    class Meta:
        db_table = "casefile_complaintstatuschange"  # kept when the model moved here from casefile
        ordering = ["at"]
        verbose_name = _("status van een klacht")
        verbose_name_plural = _("statussen van klachten")

    def __str__(self) -> str:
        return f"{self.status} {self.at:%Y-%m-%d}"


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Wacht op antwoord")
    ACCEPTED = "accepted", _("Toegekend")
    REFUSED = "refused", _("Afgewezen")


class CorrectionRequest(models.Model):
    """R11: a member asks to correct one entry; the lead answers within 4 weeks."""

    Status = RequestStatus

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="correction_requests"
    )
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="correction_requests")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="correction_requests")
    text = models.TextField(_("wat klopt er niet, en wat moet er staan?"))
    statement = models.TextField(
        _("eigen verklaring als het verzoek wordt afgewezen"),
        blank=True,
        help_text=_("Leeg: dan komt het verzoek zelf naast de notitie te staan."),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_on_behalf = models.BooleanField(_("vastgelegd door een professional"), default=False)
    requested_at = models.DateTimeField(_("gevraagd op"), default=timezone.now)
    due_on = models.DateField(_("antwoord uiterlijk"))
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    correction = models.OneToOneField(
        Entry, on_delete=models.PROTECT, null=True, blank=True, related_name="correction_request"
    )
    refusal_reason = models.TextField(_("reden van afwijzen"), blank=True)
    # R11: the member's own statement beside the entry, once the request is refused.
    own_statement = models.OneToOneField(
        OwnStatement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction_request",
    )

    dossier_record = DossierRecord(
        dossier="dossier",
        thing=_("een vraag om iets te verbeteren"),
        own="member",
        personal_data=("text", "statement", "refusal_reason"),
        entry="entry",
    )

    class Meta:
        db_table = "casefile_correctionrequest"  # kept when the model moved here from casefile
        ordering = ["requested_at"]
        verbose_name = _("correctieverzoek")
        verbose_name_plural = _("correctieverzoeken")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", answered_at__isnull=True)
                | Q(status="accepted", answered_at__isnull=False, correction__isnull=False)
                | (Q(status="refused", answered_at__isnull=False) & ~Q(refusal_reason="")),
                name="correction_request_answer_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.requested_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.status == RequestStatus.OPEN


class DestructionRequest(models.Model):
    """R15: a member aged 12+ asks to destroy the dossier or some entries."""

    Status = RequestStatus

    class Scope(models.TextChoices):
        DOSSIER = "dossier", _("Het hele dossier")
        ENTRIES = "entries", _("Bepaalde notities")

    class RefusalReason(models.TextChoices):
        OTHERS_INTEREST = "others_interest", _("Een ander heeft er een groot belang bij")
        LEGAL_DUTY = "legal_duty", _("De wet verplicht ons het te bewaren")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="destruction_requests"
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="destruction_requests"
    )
    scope = models.CharField(_("wat"), max_length=10, choices=Scope.choices)
    entries = models.ManyToManyField(
        Entry, blank=True, related_name="destruction_requests", verbose_name=_("notities")
    )
    reason = models.TextField(_("waarom"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_on_behalf = models.BooleanField(_("vastgelegd door een professional"), default=False)
    requested_at = models.DateTimeField(_("gevraagd op"), default=timezone.now)
    due_on = models.DateField(_("besluit uiterlijk"))
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    refusal_reason = models.CharField(
        _("reden van afwijzen"), max_length=20, choices=RefusalReason.choices, blank=True
    )
    refusal_explanation = models.TextField(_("toelichting"), blank=True)
    # The audit stub: what was destroyed, when, on whose request. Never holds the content.
    destroyed_summary = models.TextField(_("wat is vernietigd"), blank=True)

    dossier_record = DossierRecord(
        dossier="dossier",
        thing=_("een vraag om iets te vernietigen"),
        own="member",
        # The request and its answer stay: they are the record that and why was destroyed.
        kept=("reason", "refusal_explanation", "destroyed_summary"),
    )

    class Meta:
        db_table = "casefile_destructionrequest"  # kept when the model moved here from casefile
        ordering = ["requested_at"]
        verbose_name = _("vernietigingsverzoek")
        verbose_name_plural = _("vernietigingsverzoeken")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", answered_at__isnull=True)
                | (Q(status="accepted", answered_at__isnull=False) & ~Q(destroyed_summary=""))
                | (Q(status="refused", answered_at__isnull=False) & ~Q(refusal_reason="")),
                name="destruction_request_answer_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} {self.requested_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.status == RequestStatus.OPEN


class DossierDestruction(models.Model):
    """R15: the privacy officer confirmed a whole dossier's destruction. The stub that stays:
    who, when, on what ground and why, never what the dossier said."""

    class Ground(models.TextChoices):
        RETENTION = "retention", _("Bewaartermijn verlopen")
        REQUEST = "request", _("Verzoek om vernietiging toegekend")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dossier = models.OneToOneField(Dossier, on_delete=models.PROTECT, related_name="destruction")
    ground = models.CharField(_("grond"), max_length=10, choices=Ground.choices)
    request = models.ForeignKey(
        DestructionRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verzoek"),
    )
    reason = models.TextField(_("reden"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("bevestigd op"), default=timezone.now)

    # No `dossier_record`: this is not the dossier's content but the record that it is gone,
    # written after the destruction; no destruction may reach it (R15).

    class Meta:
        ordering = ["-confirmed_at"]
        verbose_name = _("vernietiging van een dossier")
        verbose_name_plural = _("vernietigingen van dossiers")
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="dossier_destruction_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.get_ground_display()} {self.confirmed_at:%Y-%m-%d}"
