"""Decisions with hoor en wederhoor (R9): the decision, who is heard, their views, its trail.

The state machine lives in `procedures.services.decisions`; the database holds what must always be
true of a row in each state.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casefile.models import Dossier
from core.records import DossierRecord
from households.models import Member


def shown_to_family(path: str = "") -> Q:
    """A decision (reached through `path`) is shown to the family from its hearing on (R9):
    never as a draft, nor when it was withdrawn before anyone was heard."""
    return ~Q(**{f"{path}state": "draft"}) & ~Q(
        **{f"{path}state": "withdrawn", f"{path}hearing_started_at__isnull": True}
    )


def default_hearing_working_days() -> int:
    return settings.HEARING_DEFAULT_WORKING_DAYS


class Decision(models.Model):
    class Kind(models.TextChoices):
        AGREEMENT = "agreement", _("Afspraak met het gezin")
        REFERRAL = "referral", _("Verwijzing")
        SAFETY_MEASURE = "safety_measure", _("Veiligheidsmaatregel")
        COURT_REQUEST = "court_request", _("Verzoek aan de rechter")
        CLOSURE = "closure", _("Sluiten van het dossier")
        OTHER = "other", _("Anders")

    class State(models.TextChoices):
        DRAFT = "draft", _("Voorstel")
        HEARING = "hearing", _("Gezin wordt gehoord")
        DECIDED = "decided", _("Besloten")
        WITHDRAWN = "withdrawn", _("Ingetrokken")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(_("soort besluit"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("korte omschrijving"), max_length=200)
    proposal = models.TextField(_("voorstel"), help_text=_("Wat stelt u voor, en waarom?"))
    concerns = models.ManyToManyField(Member, related_name="decisions", verbose_name=_("gaat over"))
    state = models.CharField(_("stand"), max_length=10, choices=State.choices, default=State.DRAFT)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposed_decisions"
    )
    created_at = models.DateTimeField(_("voorgesteld op"), default=timezone.now)
    hearing_working_days = models.PositiveSmallIntegerField(
        _("werkdagen om te reageren"), default=default_hearing_working_days
    )
    hearing_started_at = models.DateTimeField(_("horen gestart op"), null=True, blank=True)
    hearing_deadline = models.DateField(_("reageren kan tot en met"), null=True, blank=True)
    # R9: an urgent decision is taken at once and stays marked urgent everywhere.
    is_urgent = models.BooleanField(_("spoedbesluit"), default=False)
    urgent_reason = models.TextField(_("waarom met spoed"), blank=True)
    outcome = models.TextField(_("besluit"), blank=True)
    weighing = models.TextField(_("hoe de zienswijzen zijn gewogen"), blank=True)
    weighed_at = models.DateTimeField(_("gewogen op"), null=True, blank=True)
    decided_at = models.DateTimeField(_("besloten op"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)

    # The family sees a decision from its hearing on (R9), never a draft.
    dossier_record = DossierRecord(
        dossier="dossier",
        thing=_("een besluit"),
        family=shown_to_family(),
        about="concerns",
        personal_data=("title", "proposal", "outcome", "weighing", "urgent_reason"),
    )

    class Meta:
        db_table = "casefile_decision"  # kept when the model moved here from casefile
        ordering = ["-created_at"]
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        indexes = [models.Index(fields=["dossier", "state"], name="decision_dossier_state")]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_urgent=False, urgent_reason="")
                | (Q(is_urgent=True) & ~Q(urgent_reason="")),
                name="decision_urgent_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(state="hearing") | Q(hearing_deadline__isnull=False),
                name="decision_hearing_has_deadline",
            ),
            models.CheckConstraint(
                condition=~Q(state="decided")
                | (Q(decided_at__isnull=False, decided_by__isnull=False) & ~Q(outcome="")),
                name="decision_decided_has_outcome",
            ),
            models.CheckConstraint(
                condition=~Q(state="withdrawn") | Q(withdrawn_at__isnull=False),
                name="decision_withdrawn_has_date",
            ),
        ]

    def __str__(self) -> str:
        # No free text: this string lands in the audit log.
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.HEARING)

    @property
    def awaits_weighing(self) -> bool:
        """An urgent decision whose follow-up hearing has not been weighed yet."""
        return self.is_urgent and self.state == self.State.DECIDED and self.weighed_at is None

    def deadline_passed(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.hearing_deadline is not None and today > self.hearing_deadline

    @property
    def not_answered(self) -> list[HearingInvitation]:
        """The invitations without a view yet (from prefetched invitations when there are)."""
        return [invitation for invitation in self.invitations.all() if not invitation.is_answered]

    @property
    def hearing_done(self) -> bool:
        """R9: a decision in hearing may be taken once everyone answered or the deadline passed.
        The decide service holds the rule; pages use this to show the form only then."""
        return self.deadline_passed() or not self.not_answered


class DecisionTransition(models.Model):
    """One step in a decision's life, with who took it and why (R9, R12)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="transitions")
    # Empty for the step that created the decision.
    from_state = models.CharField(
        _("van"), max_length=10, choices=Decision.State.choices, blank=True
    )
    to_state = models.CharField(_("naar"), max_length=10, choices=Decision.State.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reden"))
    at = models.DateTimeField(_("wanneer"), default=timezone.now)

    dossier_record = DossierRecord(
        dossier="decision__dossier",
        thing=_("een stap in een besluit"),
        family=shown_to_family("decision__"),
        about="decision__concerns",
        personal_data=("reason",),
        in_trail=False,
    )

    class Meta:
        db_table = "casefile_decisiontransition"  # kept when the model moved here from casefile
        ordering = ["at"]
        verbose_name = _("stap in een besluit")
        verbose_name_plural = _("stappen in besluiten")

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state} {self.at:%Y-%m-%d %H:%M}"


class HearingInvitation(models.Model):
    """Someone a decision concerns, to be heard: invited (adult, 12+) or a task (under 12)."""

    class Kind(models.TextChoices):
        INVITED = "invited", _("Gevraagd om een zienswijze")
        CHILD_TASK = "child_task", _("Horen op een manier die past bij de leeftijd")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="invitations")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="invitations")
    kind = models.CharField(_("hoe gehoord"), max_length=12, choices=Kind.choices)
    age_on_invitation = models.PositiveSmallIntegerField(_("leeftijd op die dag"))
    created_at = models.DateTimeField(_("uitgenodigd op"), default=timezone.now)

    dossier_record = DossierRecord(
        dossier="decision__dossier",
        thing=_("een vraag om te reageren"),
        family=shown_to_family("decision__"),
        about="decision__concerns",
        in_trail=False,
    )

    class Meta:
        db_table = "casefile_hearinginvitation"  # kept when the model moved here from casefile
        ordering = ["created_at", "member__date_of_birth"]
        verbose_name = _("uitnodiging om te reageren")
        verbose_name_plural = _("uitnodigingen om te reageren")
        constraints = [
            models.UniqueConstraint(fields=["decision", "member"], name="one_invitation_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.decision} – {self.get_kind_display()}"

    @property
    def is_answered(self) -> bool:
        try:
            return self.view is not None
        except ObjectDoesNotExist:
            return False

    @property
    def is_child_task(self) -> bool:
        return self.kind == self.Kind.CHILD_TASK


class DecisionView(models.Model):
    """A zienswijze: one per invitation, never overwritten, attached to the decision forever."""

    class Stance(models.TextChoices):
        AGREE = "agree", _("Eens")
        PARTLY = "partly", _("Deels eens")
        DISAGREE = "disagree", _("Oneens")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    invitation = models.OneToOneField(
        HearingInvitation, on_delete=models.CASCADE, related_name="view"
    )
    stance = models.CharField(_("mening"), max_length=10, choices=Stance.choices, blank=True)
    text = models.TextField(_("zienswijze"))
    how_heard = models.TextField(
        _("hoe het kind is gehoord"),
        blank=True,
        help_text=_("Bijvoorbeeld: tekenen en praten tijdens een huisbezoek."),
    )
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Marked everywhere: a professional wrote down this member's view for them.
    recorded_on_behalf = models.BooleanField(_("vastgelegd door een professional"), default=False)
    is_late = models.BooleanField(_("na de termijn"), default=False)
    created_at = models.DateTimeField(_("gegeven op"), default=timezone.now)

    dossier_record = DossierRecord(
        dossier="invitation__decision__dossier",
        thing=_("een zienswijze (een mening over een besluit)"),
        family=shown_to_family("invitation__decision__"),
        about="invitation__decision__concerns",
        personal_data=("text", "how_heard"),
    )

    class Meta:
        db_table = "casefile_decisionview"  # kept when the model moved here from casefile
        ordering = ["created_at"]
        verbose_name = _("zienswijze")
        verbose_name_plural = _("zienswijzen")

    def __str__(self) -> str:
        return f"{self.get_stance_display() or '-'} {self.created_at:%Y-%m-%d}"
