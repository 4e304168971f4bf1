"""Writes for safety: search, assessments (R14), phases, safety plans, measures and MDA++.

Each is one transaction, audited with its actor, and checks access through casefile.access.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from casefile import access, reads
from casefile.models import AccessEvent, Dossier, Involvement
from casefile.services import dossier_activity_record, dossier_phase_record, involvement_start
from core.concurrency import STALE_MESSAGE, Conflict, lock
from core.services import service
from core.text import clean, is_blank
from households.models import Member, NetworkContact
from outbox.services import message_add

from . import selectors
from .models import (
    HouseholdSearch,
    HouseholdSearchRefusal,
    MdaChange,
    Measure,
    Phase,
    PhaseChange,
    SafetyAgreement,
    SafetyAssessment,
    SafetyPlan,
)
from .tasks import lead_notify_joined


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _require_safety_work(actor: User, dossier: Dossier) -> None:
    _require(
        access.can_manage_safety(actor, dossier),
        _("U mag in dit dossier niet aan veiligheid werken."),
    )


def _not_in_future(day: datetime.date | None, field: str, errors: dict) -> None:
    if day is not None and day > timezone.localdate():
        errors[field] = [_("Deze datum ligt in de toekomst.")]


# --- find a household (R5) ----------------------------------------------------------------------


class SearchLimitReached(Exception):
    """More household searches today than a working day's worth (R5); the attempt is recorded."""


def household_search(
    *, actor: User, name: str, birth_date: datetime.date | None
) -> list[selectors.HouseholdMatch]:
    """Minimal matches by name and date of birth; every search is recorded (R5, R12).

    At most `HOUSEHOLD_SEARCH_DAILY_LIMIT` searches a day per user, so nobody can enumerate
    households; one more is refused with `SearchLimitReached`, and the refusal is kept too.
    """
    matches = _household_search_recorded(actor=actor, name=name, birth_date=birth_date)
    if matches is None:
        raise SearchLimitReached(
            _(
                "U heeft vandaag al %(limit)s keer gezocht. Dat is het maximum per dag. Morgen "
                "kunt u weer zoeken. Is het dringend? Neem contact op met uw functioneel beheerder."
            )
            % {"limit": settings.HOUSEHOLD_SEARCH_DAILY_LIMIT}
        )
    return matches


@service
def _household_search_recorded(
    *, actor: User, name: str, birth_date: datetime.date | None
) -> list[selectors.HouseholdMatch] | None:
    """The search and its record, or only the record of a refusal (None) past today's limit."""
    _require(
        access.can_search_households(actor),
        _("Alleen professionals kunnen een huishouden zoeken."),
    )
    errors = {}
    if len(clean(name)) < 2:
        errors["name"] = [_("Vul een naam in van minstens twee letters.")]
    if birth_date is None:
        errors["birth_date"] = [_("Vul een geboortedatum in.")]
    if errors:
        raise ValidationError(errors)
    today = timezone.make_aware(datetime.datetime.combine(timezone.localdate(), datetime.time.min))
    record = {
        "user": actor,
        "organisation_id": actor.organisation_id,
        "role": actor.role,
        "name": clean(name),
        "birth_date": birth_date,
    }
    done = HouseholdSearch.objects.filter(user=actor, searched_at__gte=today).count()
    if done >= settings.HOUSEHOLD_SEARCH_DAILY_LIMIT:
        HouseholdSearchRefusal.objects.create(**record)
        return None
    matches = selectors.household_matches(user=actor, name=name, birth_date=birth_date)
    HouseholdSearch.objects.create(**record, result_count=len(matches))
    return matches


# --- assessments and phases (R14) ---------------------------------------------------------------


@service
def assessment_record(
    *,
    actor: User,
    dossier: Dossier,
    assessed_on: datetime.date,
    acute_danger: bool,
    structural_unsafety: bool,
    risk_level: str,
    findings: str,
    actions_now: str,
    acute_members: Iterable[Member] = (),
) -> SafetyAssessment:
    """A safety assessment. Acute danger puts the dossier in phase 1 (R14)."""
    _require_safety_work(actor, dossier)
    errors: dict[str, list[str]] = {}
    _not_in_future(assessed_on, "assessed_on", errors)
    acute_members = list(acute_members)
    if any(member.household_id != dossier.household_id for member in acute_members):
        errors["acute_members"] = [_("Kies alleen leden van dit huishouden.")]
    if acute_danger and not acute_members:
        errors["acute_members"] = [_("Kies voor wie er acuut gevaar is.")]
    if not acute_danger and acute_members:
        errors["acute_members"] = [_("Er is geen acuut gevaar. Kies dan ook niemand.")]
    if risk_level not in SafetyAssessment.RiskLevel.values:
        errors["risk_level"] = [_("Kies een risiconiveau.")]
    elif acute_danger != (risk_level == SafetyAssessment.RiskLevel.ACUTE):
        errors["risk_level"] = [_("Bij acuut gevaar is het risiconiveau acuut, en alleen dan.")]
    if is_blank(findings):
        errors["findings"] = [_("Schrijf op wat u ziet, in gewone taal.")]
    if is_blank(actions_now):
        errors["actions_now"] = [_("Schrijf op wat er nu moet gebeuren.")]
    if errors:
        raise ValidationError(errors)
    # Only the newest assessment decides the banner and phase 1 (R14): an older one, recorded
    # late, must not move the phase while a newer assessment says the danger is over.
    latest = (
        dossier.safety_assessments.order_by("-assessed_on")
        .values_list("assessed_on", flat=True)
        .first()
    )
    is_newest = latest is None or assessed_on >= latest
    assessment = SafetyAssessment.objects.create(
        dossier=dossier,
        assessed_on=assessed_on,
        assessed_by=actor,
        assessor_organisation=actor.organisation,
        acute_danger=acute_danger,
        structural_unsafety=structural_unsafety,
        risk_level=risk_level,
        findings=clean(findings),
        actions_now=clean(actions_now),
    )
    assessment.acute_members.set(acute_members)
    # An assessment is activity: the start page's "recently active" list shows it (issue 13).
    dossier_activity_record(dossier_id=dossier.pk, at=assessment.created_at)
    if (
        acute_danger
        and is_newest
        and selectors.current_phase(dossier=dossier) != Phase.DIRECT_SAFETY
    ):
        _phase_move(
            dossier=dossier,
            phase=Phase.DIRECT_SAFETY,
            reason=_("Acuut gevaar bij veiligheidstaxatie"),
            changed_by=actor,
            assessment=assessment,
        )
    return assessment


def _phase_move(*, dossier: Dossier, phase: int, **change) -> PhaseChange:
    """The one way a dossier changes phase: the history row, and the dossier's copy of it."""
    moved = PhaseChange.objects.create(dossier=dossier, phase=phase, **change)
    dossier_phase_record(dossier=dossier, phase=phase)
    return moved


@service
def phase_change(*, actor: User, dossier: Dossier, phase: int, reason: str) -> PhaseChange:
    """Move the dossier to a phase of gefaseerd samenwerken aan veiligheid, with a reason."""
    _require_safety_work(actor, dossier)
    errors = {}
    if phase not in Phase.values:
        errors["phase"] = [_("Kies fase 1, 2 of 3.")]
    elif selectors.current_phase(dossier=dossier) == phase:
        errors["phase"] = [_("Het dossier is al in deze fase.")]
    elif phase != Phase.DIRECT_SAFETY and selectors.acute_assessment(dossier=dossier):
        # R14: acute danger keeps the dossier in phase 1 until a newer assessment lifts it.
        errors["phase"] = [
            _(
                "De laatste veiligheidstaxatie vond acuut gevaar. Het dossier blijft in fase 1 "
                "tot een nieuwe taxatie zonder acuut gevaar is vastgelegd."
            )
        ]
    if is_blank(reason):
        errors["reason"] = [_("Schrijf op waarom de fase verandert.")]
    if errors:
        raise ValidationError(errors)
    return _phase_move(dossier=dossier, phase=phase, reason=clean(reason), changed_by=actor)


# --- safety plan --------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgreementData:
    what: str
    responsible: str
    watcher: NetworkContact | None = None


@service
def safety_plan_create(
    *,
    actor: User,
    dossier: Dossier,
    concerns: str,
    safety_goal: str,
    danger_signals: str,
    evaluation_date: datetime.date,
    agreements: Sequence[AgreementData],
    family_agreed: bool = False,
    family_agreed_on: datetime.date | None = None,
    based_on: int | None = None,
) -> SafetyPlan:
    """A new version of the safety plan. Earlier versions are never changed.

    `based_on` is the number of the newest version when the form was loaded (0: there was
    none). If someone saved a version since, this one is refused, so theirs is not silently
    replaced by a copy of the one before it.
    """
    _require_safety_work(actor, dossier)
    errors: dict[str, list[str]] = {}
    for field, value, message in (
        ("concerns", concerns, _("Schrijf de zorgen en gevaren op.")),
        ("safety_goal", safety_goal, _("Schrijf het veiligheidsdoel op.")),
        ("danger_signals", danger_signals, _("Schrijf op aan welke signalen u gevaar ziet.")),
    ):
        if is_blank(value):
            errors[field] = [message]
    if evaluation_date is None:
        errors["evaluation_date"] = [_("Kies wanneer het plan wordt geëvalueerd.")]
    elif evaluation_date < timezone.localdate():
        errors["evaluation_date"] = [_("Kies een evaluatiedatum vandaag of later.")]
    if family_agreed and family_agreed_on is None:
        errors["family_agreed_on"] = [_("Vul in wanneer het gezin akkoord gaf.")]
    _not_in_future(family_agreed_on, "family_agreed_on", errors)
    agreements = [a for a in agreements if clean(a.what) or clean(a.responsible)]
    if not agreements:
        errors["agreements"] = [_("Maak minstens één concrete afspraak.")]
    elif any(is_blank(a.what) or is_blank(a.responsible) for a in agreements):
        errors["agreements"] = [_("Vul bij elke afspraak in wat er gebeurt en wie dat doet.")]
    elif any(
        a.watcher is not None and a.watcher.household_id != dossier.household_id for a in agreements
    ):
        errors["agreements"] = [_("Kies alleen netwerkcontacten van dit huishouden.")]
    if errors:
        raise ValidationError(errors)
    # Lock the dossier row so two versions cannot get the same number (PostgreSQL);
    # the unique constraint holds it in any case.
    Dossier.objects.select_for_update().filter(pk=dossier.pk).first()
    newest = dossier.safety_plans.order_by("-version").first()
    latest = newest.version if newest else None
    if based_on is not None and based_on != (latest or 0):
        raise Conflict(
            STALE_MESSAGE,
            current={field: getattr(newest, field) for field in PLAN_FIELDS if newest}
            | {"version": latest or 0},
            submitted={
                "concerns": concerns,
                "safety_goal": safety_goal,
                "danger_signals": danger_signals,
                "evaluation_date": evaluation_date,
                "version": based_on,
            },
        )
    plan = SafetyPlan.objects.create(
        dossier=dossier,
        version=(latest or 0) + 1,
        concerns=clean(concerns),
        safety_goal=clean(safety_goal),
        danger_signals=clean(danger_signals),
        evaluation_date=evaluation_date,
        family_agreed=family_agreed,
        family_agreed_on=family_agreed_on if family_agreed else None,
        created_by=actor,
    )
    for position, agreement in enumerate(agreements):
        SafetyAgreement.objects.create(
            plan=plan,
            position=position,
            what=clean(agreement.what),
            responsible=clean(agreement.responsible),
            watcher=agreement.watcher,
        )
    return plan


PLAN_FIELDS = ("concerns", "safety_goal", "danger_signals", "evaluation_date")


# --- measures -----------------------------------------------------------------------------------


@service
def measure_add(
    *,
    actor: User,
    dossier: Dossier,
    kind: str,
    members: Iterable[Member],
    legal_basis: str,
    decided_by: str,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    reference: str = "",
    status: str = Measure.Status.ACTIVE,
) -> Measure:
    _require_safety_work(actor, dossier)
    errors: dict[str, list[str]] = {}
    members = list(members)
    if not members:
        errors["members"] = [_("Kies voor wie de maatregel geldt.")]
    elif any(member.household_id != dossier.household_id for member in members):
        errors["members"] = [_("Kies alleen leden van dit huishouden.")]
    if kind not in Measure.Kind.values:
        errors["kind"] = [_("Kies een soort maatregel.")]
    if decided_by not in Measure.DecidedBy.values:
        errors["decided_by"] = [_("Kies wie de maatregel nam.")]
    elif kind in Measure.Kind.values and (kind == Measure.Kind.RESTRAINING_ORDER) != (
        decided_by == Measure.DecidedBy.MAYOR
    ):
        errors["decided_by"] = [
            _("Een tijdelijk huisverbod legt de burgemeester op; de andere maatregelen de rechter.")
        ]
    if is_blank(legal_basis):
        errors["legal_basis"] = [_("Vul de wettelijke grondslag in.")]
    if starts_on is None:
        errors["starts_on"] = [_("Vul in wanneer de maatregel begint.")]
    elif ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = [_("De einddatum ligt voor de begindatum.")]
    if status not in (Measure.Status.REQUESTED, Measure.Status.ACTIVE):
        errors["status"] = [_("Een nieuwe maatregel is aangevraagd of loopt.")]
    if errors:
        raise ValidationError(errors)
    measure = Measure.objects.create(
        dossier=dossier,
        kind=kind,
        legal_basis=clean(legal_basis),
        decided_by=decided_by,
        reference=clean(reference),
        starts_on=starts_on,
        ends_on=ends_on,
        status=status,
        recorded_by=actor,
    )
    measure.members.set(members)
    return measure


@service
def measure_end(*, actor: User, measure: Measure, ended_on: datetime.date, reason: str) -> Measure:
    """Ending a measure is explicit: a date and a reason."""
    _require_safety_work(actor, measure.dossier)
    errors: dict[str, list[str]] = {}
    if measure.is_ended:
        raise ValidationError(_("Deze maatregel is al beëindigd."))
    if ended_on is None:
        errors["ended_on"] = [_("Vul in wanneer de maatregel stopte.")]
    elif ended_on < measure.starts_on and measure.status != Measure.Status.REQUESTED:
        # A measure that was only requested may stop (refused, withdrawn) before its start.
        errors["ended_on"] = [_("De maatregel kan niet stoppen voordat hij begon.")]
    else:
        _not_in_future(ended_on, "ended_on", errors)
    if is_blank(reason):
        errors["reason"] = [_("Schrijf op waarom de maatregel stopt.")]
    if errors:
        raise ValidationError(errors)
    measure.status = Measure.Status.ENDED
    measure.ended_on = ended_on
    measure.end_reason = clean(reason)
    measure.ended_by = actor
    measure.save(update_fields=["status", "ended_on", "end_reason", "ended_by"])
    return measure


# --- MDA++ --------------------------------------------------------------------------------------


def _mda_change(*, actor: User, dossier: Dossier, marked: bool, reason: str) -> MdaChange:
    _require(access.can_mark_mda(actor, dossier), _("Alleen de vaste professional kan dit doen."))
    if selectors.mda_is_marked(dossier=dossier) == marked:
        raise ValidationError(
            _("Dit dossier is al MDA++.") if marked else _("Dit dossier is geen MDA++.")
        )
    if is_blank(reason):
        raise ValidationError({"reason": [_("Schrijf op waarom.")]})
    return MdaChange.objects.create(
        dossier=dossier, marked=marked, reason=clean(reason), changed_by=actor
    )


@service
def mda_mark(*, actor: User, dossier: Dossier, reason: str) -> MdaChange:
    return _mda_change(actor=actor, dossier=dossier, marked=True, reason=reason)


@service
def mda_unmark(*, actor: User, dossier: Dossier, reason: str) -> MdaChange:
    return _mda_change(actor=actor, dossier=dossier, marked=False, reason=reason)


# --- destruction (R15) ----------------------------------------------------------------------------

# Every safety text of a dossier, per model: what an accepted destruction request blanks.
# --- joining a dossier (R5) ---------------------------------------------------------------------


@service
def involvement_join(
    *,
    actor: User,
    dossier: Dossier,
    expertise: str,
    reason: str,
    remote_addr: str | None = None,
) -> Involvement:
    """Join beside the lead (no handover, R4): access starts at once and the lead is told."""
    if not actor.is_safety_staff:
        raise PermissionDenied(
            _("Alleen medewerkers van een regionaal veiligheidsteam kunnen zichzelf aansluiten.")
        )
    if not access.serves_household_of(actor, dossier):
        raise PermissionDenied(
            _("U kunt alleen aansluiten bij huishoudens in gemeenten waar uw team werkt.")
        )
    # A double submit waits here for the first join and then finds it (a race that slips past
    # the lock anyway meets the unique constraint in `involvement_start`: the same refusal).
    lock(dossier)
    if not dossier.is_open:
        raise ValidationError(_("Dit dossier is gesloten. U kunt niet meer aansluiten."))
    if dossier.lead_id == actor.pk or access.is_actively_involved(actor, dossier):
        raise Conflict(_("U bent al betrokken bij dit dossier."))
    errors = {}
    if is_blank(expertise):
        errors["expertise"] = [_("Vul uw expertise in.")]
    if is_blank(reason):
        errors["reason"] = [_("Schrijf op waarom u aansluit.")]
    if errors:
        raise ValidationError(errors)
    involvement = involvement_start(
        dossier=dossier,
        professional=actor,
        kind=Involvement.Kind.JOINED,
        expertise=expertise,
        reason=reason,
        added_by=actor,
    )
    reads.record(
        user=actor, dossier=dossier, action=AccessEvent.Action.JOIN, remote_addr=remote_addr
    )
    message_add(task=lead_notify_joined, involvement_id=involvement.pk)
    return involvement
