"""The day's work in a dossier: tasks (agreements with a person and a due date), their
reminders, meetings (casusoverleg, MDA++ overleg, gezinsgesprek) and the MDA++ team.

A task or a meeting participant is for exactly one person: a professional, a family member or
someone from the family's network. The database holds that rule, so no channel can break it.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casefile.models import Dossier, Entry
from core.records import DossierRecord
from households.models import Member, NetworkContact
from procedures.models import Decision
from safety.models import SafetyAgreement

Visibility = Entry.Visibility
WithheldReason = Entry.WithheldReason

# Exactly one of the three people a row can be for.
ONE_PERSON = (
    Q(professional__isnull=False, member__isnull=True, contact__isnull=True)
    | Q(professional__isnull=True, member__isnull=False, contact__isnull=True)
    | Q(professional__isnull=True, member__isnull=True, contact__isnull=False)
)
# R7: open by default; withheld only with one of the reasons the law allows.
WITHHELD_HAS_REASON = Q(visibility="family", withheld_reason="") | (
    Q(visibility="withheld") & ~Q(withheld_reason="")
)


class Meeting(models.Model):
    """A meeting about the family: planned with participants and agenda points; afterwards its
    outcome (what was agreed), who took part, and what came out of it."""

    class Kind(models.TextChoices):
        CASE = "case", _("Casusoverleg")
        MDA = "mda", _("MDA++ overleg")
        FAMILY = "family", _("Gezinsgesprek")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Gepland")
        HELD = "held", _("Gehouden")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("soort overleg"), max_length=10, choices=Kind.choices)
    starts_at = models.DateTimeField(_("datum en tijd"))
    place = models.CharField(_("waar"), max_length=200, blank=True)
    agenda = models.TextField(_("agendapunten"), help_text=_("Eén punt per regel."))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    outcome = models.TextField(_("wat is afgesproken"), blank=True)
    visibility = models.CharField(
        _("zichtbaarheid"), max_length=10, choices=Visibility.choices, default=Visibility.FAMILY
    )
    withheld_reason = models.CharField(
        _("reden om niet te tonen"), max_length=30, choices=WithheldReason.choices, blank=True
    )
    # Decisions proposed from the outcome (procedures' own proposal, with its hearing).
    proposals = models.ManyToManyField(Decision, blank=True, related_name="+")
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("gepland op"), default=timezone.now)
    held_at = models.DateTimeField(_("verslag vastgelegd op"), null=True, blank=True)
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)

    dossier_record = DossierRecord(
        dossier="dossier",
        thing=_("een overleg"),
        family=Q(visibility="family"),
        about="participants__member",
        personal_data=("place", "agenda", "outcome"),
    )

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("overleg")
        verbose_name_plural = _("overleggen")
        indexes = [models.Index(fields=["dossier", "-starts_at"], name="meeting_latest")]
        constraints = [
            models.CheckConstraint(condition=WITHHELD_HAS_REASON, name="meeting_withheld_reason"),
            models.CheckConstraint(
                condition=Q(status="planned", held_at__isnull=True)
                | Q(status="held", held_at__isnull=False),
                name="meeting_held_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d}"

    @property
    def is_held(self) -> bool:
        return self.status == self.Status.HELD

    @property
    def agenda_points(self) -> list[str]:
        return [line.strip() for line in self.agenda.splitlines() if line.strip()]


class MeetingParticipant(models.Model):
    """Someone invited to a meeting, and afterwards whether they took part."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    contact = models.ForeignKey(
        NetworkContact, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    attended = models.BooleanField(_("was erbij"), null=True, blank=True)

    dossier_record = DossierRecord(
        dossier="meeting__dossier",
        thing=_("wie er bij een overleg waren"),
        family=Q(meeting__visibility="family"),
        about="meeting__participants__member",
        in_trail=False,
    )

    class Meta:
        ordering = ["professional", "member", "contact"]
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        constraints = [
            models.CheckConstraint(condition=ONE_PERSON, name="participant_is_one_person"),
        ]

    def __str__(self) -> str:
        # No name: audit rows keep this text, and a name there would outlive destruction.
        return f"{self.meeting_id} {self.pk}"

    @property
    def person(self):
        return self.professional or self.member or self.contact


class Task(models.Model):
    """Something one person does before a day: from a plan agreement, a decision, a meeting's
    outcome, or on its own."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Klaar")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="tasks")
    what = models.TextField(_("wat moet er gebeuren"))
    due_on = models.DateField(_("klaar op"))
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_tasks",
    )
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    contact = models.ForeignKey(
        NetworkContact, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agreement = models.ForeignKey(
        SafetyAgreement, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision = models.ForeignKey(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="tasks"
    )
    visibility = models.CharField(
        _("zichtbaarheid"), max_length=10, choices=Visibility.choices, default=Visibility.FAMILY
    )
    withheld_reason = models.CharField(
        _("reden om niet te tonen"), max_length=30, choices=WithheldReason.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    done_at = models.DateTimeField(_("klaar gemeld op"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_note = models.TextField(_("toelichting"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("gemaakt op"), default=timezone.now)
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)

    dossier_record = DossierRecord(
        dossier="dossier",
        thing=_("een taak"),
        family=Q(visibility="family"),
        about="member",
        personal_data=("what", "done_note"),
    )

    class Meta:
        ordering = ["status", "due_on", "created_at"]
        verbose_name = _("taak")
        verbose_name_plural = _("taken")
        indexes = [
            models.Index(fields=["dossier", "status", "due_on"], name="task_dossier_open"),
            models.Index(fields=["status", "due_on"], name="task_open_due"),
        ]
        constraints = [
            models.CheckConstraint(condition=ONE_PERSON, name="task_is_for_one_person"),
            models.CheckConstraint(condition=WITHHELD_HAS_REASON, name="task_withheld_reason"),
            models.CheckConstraint(
                condition=Q(status="open", done_at__isnull=True, done_by__isnull=True)
                | Q(status="done", done_at__isnull=False, done_by__isnull=False),
                name="task_done_is_explicit",
            ),
            # A plan agreement becomes one task, however often someone asks.
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(agreement__isnull=False),
                name="task_one_per_agreement",
            ),
        ]

    def __str__(self) -> str:
        return self.what[:50]

    @property
    def person(self):
        return self.professional or self.member or self.contact

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def is_overdue(self) -> bool:
        return not self.is_done and self.due_on < timezone.localdate()


class TaskReminder(models.Model):
    """A reminder e-mail about a task, sent once: one row per task and kind."""

    class Kind(models.TextChoices):
        DUE = "due", _("Vandaag af")
        OVERDUE = "overdue", _("Te laat")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    sent_on = models.DateField(_("verstuurd op"))
    to = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    dossier_record = DossierRecord(
        dossier="task__dossier", thing=_("een herinnering"), family=None, in_trail=False
    )

    class Meta:
        ordering = ["sent_on"]
        verbose_name = _("herinnering")
        verbose_name_plural = _("herinneringen")
        constraints = [
            models.UniqueConstraint(fields=["task", "kind"], name="task_reminder_once"),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.kind}"


class MdaTeam(models.Model):
    """An MDA++ dossier's regisseur and the domains that take part: 1 gezin, 1 plan, 1 regisseur."""

    class Domain(models.TextChoices):
        SAFETY = "safety", _("Veiligheid")
        CARE = "care", _("Zorg")
        MENTAL_HEALTH = "mental_health", _("Geestelijke gezondheid")
        DEBT = "debt", _("Schuldhulp en bestaanszekerheid")
        JUSTICE = "justice", _("Justitie")
        SCHOOL = "school", _("School")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="mda_team")
    regisseur = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Codes of `Domain`, in the order above.
    domains = models.JSONField(_("domeinen"), default=list)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("gewijzigd op"), default=timezone.now)
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)

    dossier_record = DossierRecord(
        dossier="dossier", thing=_("wie er samenwerken in MDA++"), kept=()
    )

    class Meta:
        verbose_name = _("MDA++-team")
        verbose_name_plural = _("MDA++-teams")

    def __str__(self) -> str:
        return f"MDA++ {self.dossier_id}"

    def domain_labels(self) -> list[str]:
        labels = dict(self.Domain.choices)
        return [labels[code] for code in self.Domain.values if code in self.domains]
