"""Safety around a household: assessments, phases, safety plans, measures, MDA++ and searches.

Every row here is history: a new assessment, phase, plan version or MDA++ mark is a new row, so
the dossier can always show who decided what, when and why. Only `Measure` changes in place, when
it is ended explicitly (with a date and a reason).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from casefile.models import Dossier, Phase
from core.records import DossierRecord
from households.models import Member, NetworkContact


class SafetyAssessment(models.Model):
    """Veiligheidstaxatie: how unsafe is it now, is there acute danger (R14)."""

    class RiskLevel(models.TextChoices):
        LOW = "low", _("Laag")
        ELEVATED = "elevated", _("Verhoogd")
        HIGH = "high", _("Hoog")
        ACUTE = "acute", _("Acuut")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dossier = models.ForeignKey(
        Dossier, on_delete=models.CASCADE, related_name="safety_assessments"
    )
    assessed_on = models.DateField(_("datum van de taxatie"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assessor_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, related_name="+"
    )
    acute_danger = models.BooleanField(_("acuut gevaar"))
    acute_members = models.ManyToManyField(
        Member, blank=True, related_name="+", verbose_name=_("acuut gevaar voor")
    )
    structural_unsafety = models.BooleanField(_("structurele onveiligheid"))
    risk_level = models.CharField(_("risiconiveau"), max_length=10, choices=RiskLevel.choices)
    findings = models.TextField(_("wat we zien"))
    actions_now = models.TextField(_("wat nu moet gebeuren"))
    created_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    dossier_record = DossierRecord(
        dossier="dossier",
        thing=_("een inschatting van de veiligheid"),
        about="acute_members",
        personal_data=("findings", "actions_now"),
    )

    class Meta:
        ordering = ["-assessed_on", "-created_at"]
        verbose_name = _("veiligheidstaxatie")
        verbose_name_plural = _("veiligheidstaxaties")
        indexes = [
            models.Index(
                fields=["dossier", "-assessed_on", "-created_at"], name="assessment_latest"
            )
        ]
        constraints = [
            # Risk level "acute" and acute danger say the same thing; they may never disagree.
            models.CheckConstraint(
                condition=Q(acute_danger=True, risk_level="acute")
                | (Q(acute_danger=False) & ~Q(risk_level="acute")),
                name="assessment_acute_matches_risk_level",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier} {self.assessed_on:%Y-%m-%d}"


class PhaseChange(models.Model):
    """The dossier moved to a phase: who, when, why. The latest row is the current phase."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="phase_changes")
    phase = models.PositiveSmallIntegerField(_("fase"), choices=Phase.choices)
    reason = models.TextField(_("waarom"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("wanneer"), default=timezone.now)
    # Set when an acute assessment moved the dossier to phase 1 (R14).
    assessment = models.ForeignKey(
        SafetyAssessment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    dossier_record = DossierRecord(
        dossier="dossier", thing=_("de fase van de hulp"), personal_data=("reason",)
    )

    class Meta:
        ordering = ["-changed_at"]
        verbose_name = _("faseovergang")
        verbose_name_plural = _("faseovergangen")
        indexes = [models.Index(fields=["dossier", "-changed_at"], name="phase_change_latest")]
        constraints = [
            models.CheckConstraint(condition=Q(phase__in=[1, 2, 3]), name="phase_is_1_2_or_3"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier} → {self.phase}"


class SafetyPlan(models.Model):
    """One version of the veiligheidsplan. A new version is a new row; old ones stay as they were."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="safety_plans")
    version = models.PositiveIntegerField(_("versie"))
    concerns = models.TextField(_("zorgen en gevaren"))
    safety_goal = models.TextField(_("veiligheidsdoel"))
    danger_signals = models.TextField(_("signalen van gevaar"))
    evaluation_date = models.DateField(_("evaluatie op"))
    family_agreed = models.BooleanField(_("gezin akkoord"), default=False)
    family_agreed_on = models.DateField(_("akkoord gegeven op"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("gemaakt op"), default=timezone.now)

    dossier_record = DossierRecord(
        dossier="dossier",
        thing=_("het veiligheidsplan"),
        personal_data=("concerns", "safety_goal", "danger_signals"),
    )

    class Meta:
        ordering = ["-version"]
        verbose_name = _("veiligheidsplan")
        verbose_name_plural = _("veiligheidsplannen")
        constraints = [
            models.UniqueConstraint(fields=["dossier", "version"], name="safety_plan_version"),
            models.CheckConstraint(condition=Q(version__gte=1), name="safety_plan_version_gte_1"),
            models.CheckConstraint(
                condition=Q(family_agreed=True, family_agreed_on__isnull=False)
                | Q(family_agreed=False, family_agreed_on__isnull=True),
                name="safety_plan_agreed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dossier} v{self.version}"

    @property
    def is_evaluation_due(self) -> bool:
        return self.evaluation_date < timezone.localdate()


class SafetyAgreement(models.Model):
    """A concrete agreement in a plan version: what, who is responsible, who from the network watches."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    plan = models.ForeignKey(SafetyPlan, on_delete=models.CASCADE, related_name="agreements")
    position = models.PositiveSmallIntegerField(default=0)
    what = models.TextField(_("afspraak"))
    responsible = models.CharField(_("wie is verantwoordelijk"), max_length=200)
    watcher = models.ForeignKey(
        NetworkContact,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wie uit het netwerk let erop"),
    )

    dossier_record = DossierRecord(
        dossier="plan__dossier",
        thing=_("een afspraak in het veiligheidsplan"),
        personal_data=("what", "responsible"),
        in_trail=False,
    )

    class Meta:
        ordering = ["position"]
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")

    def __str__(self) -> str:
        return self.what[:50]


class Measure(models.Model):
    """A measure in the forced framework (maatregel). Ending it is explicit."""

    class Kind(models.TextChoices):
        PROVISIONAL_OTS = "provisional_ots", _("Voorlopige ondertoezichtstelling (OTS)")
        OTS = "ots", _("Ondertoezichtstelling (OTS)")
        OUT_OF_HOME = "out_of_home", _("Machtiging uithuisplaatsing")
        GUARDIANSHIP = "guardianship", _("Voogdij")
        RESTRAINING_ORDER = "restraining_order", _("Tijdelijk huisverbod")
        JUVENILE_PROBATION = "juvenile_probation", _("Jeugdreclassering")
        SECURE_CARE = "secure_care", _("Machtiging gesloten jeugdhulp")

    class DecidedBy(models.TextChoices):
        COURT = "court", _("Rechter (kinderrechter)")
        MAYOR = "mayor", _("Burgemeester")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Aangevraagd")
        ACTIVE = "active", _("Loopt")
        ENDED = "ended", _("Beëindigd")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="measures")
    kind = models.CharField(_("soort maatregel"), max_length=20, choices=Kind.choices)
    members = models.ManyToManyField(Member, related_name="+", verbose_name=_("voor wie"))
    legal_basis = models.CharField(_("wettelijke grondslag"), max_length=200)
    decided_by = models.CharField(_("besloten door"), max_length=10, choices=DecidedBy.choices)
    reference = models.CharField(_("kenmerk"), max_length=100, blank=True)
    starts_on = models.DateField(_("begint op"))
    ends_on = models.DateField(_("loopt tot"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    ended_on = models.DateField(_("beëindigd op"), null=True, blank=True)
    end_reason = models.TextField(_("reden van beëindigen"), blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("vastgelegd op"), default=timezone.now)

    dossier_record = DossierRecord(
        dossier="dossier",
        thing=_("een maatregel"),
        about="members",
        personal_data=("legal_basis", "reference", "end_reason"),
    )

    class Meta:
        ordering = ["status", "-starts_on"]
        verbose_name = _("maatregel")
        verbose_name_plural = _("maatregelen")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="measure_ends_after_start",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status="ended", ended_on__isnull=False, ended_by__isnull=False)
                    & ~Q(end_reason="")
                )
                | (
                    Q(ended_on__isnull=True, ended_by__isnull=True, end_reason="")
                    & ~Q(status="ended")
                ),
                name="measure_end_is_explicit",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.dossier}"

    @property
    def is_ended(self) -> bool:
        return self.status == self.Status.ENDED

    @property
    def is_past_planned_end(self) -> bool:
        """Its end date has passed but nobody ended it: ending is explicit, so we ask for it."""
        return (
            not self.is_ended and self.ends_on is not None and self.ends_on < timezone.localdate()
        )


class MdaChange(models.Model):
    """The lead marked (or unmarked) the dossier MDA++. The latest row says whether it is now."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="mda_changes")
    marked = models.BooleanField(_("MDA++"))
    reason = models.TextField(_("waarom"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("wanneer"), default=timezone.now)

    dossier_record = DossierRecord(
        dossier="dossier",
        thing=_("de afspraak over MDA++ (samenwerken met meer hulpverleners)"),
        personal_data=("reason",),
    )

    class Meta:
        ordering = ["-changed_at"]
        verbose_name = _("MDA++-markering")
        verbose_name_plural = _("MDA++-markeringen")

    def __str__(self) -> str:
        return f"{self.dossier} MDA++={self.marked}"


class HouseholdSearch(models.Model):
    """Who searched for whom, when, with how many results (R5, R12). Personal data: audited."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="household_searches"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, related_name="+"
    )
    role = models.CharField(_("rol"), max_length=20)
    name = models.CharField(_("gezochte naam"), max_length=200)
    birth_date = models.DateField(_("gezochte geboortedatum"))
    result_count = models.PositiveIntegerField(_("aantal resultaten"))
    searched_at = models.DateTimeField(_("wanneer"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-searched_at"]
        verbose_name = _("zoekopdracht huishouden")
        verbose_name_plural = _("zoekopdrachten huishoudens")

    def __str__(self) -> str:
        return f"{self.user} {self.searched_at:%Y-%m-%d %H:%M}"


class HouseholdSearchRefusal(models.Model):
    """A search refused because the user reached today's limit (R5): who, when, and what they
    tried to find. Append-only, like the searches themselves."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, related_name="+"
    )
    role = models.CharField(_("rol"), max_length=20)
    name = models.CharField(_("gezochte naam"), max_length=200)
    birth_date = models.DateField(_("gezochte geboortedatum"))
    refused_at = models.DateTimeField(_("wanneer"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-refused_at"]
        verbose_name = _("geweigerde zoekopdracht huishouden")
        verbose_name_plural = _("geweigerde zoekopdrachten huishoudens")

    def __str__(self) -> str:
        return f"{self.user} {self.refused_at:%Y-%m-%d %H:%M}"
