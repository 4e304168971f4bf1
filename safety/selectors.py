"""Reads for safety. Callers pass a dossier they already may see (casefile.access decides)."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from casefile import access, visibility
from casefile.models import Dossier, Involvement
from casefile.visibility import Reader
from core.text import clean
from households.ecomap import Ecomap, Person, ecomap_layout
from households.models import Member, NetworkContact

from .models import (
    MdaChange,
    Measure,
    PhaseChange,
    SafetyAgreement,
    SafetyAssessment,
    SafetyPlan,
)

MAX_SEARCH_RESULTS = 20
MDA_MIN_DOMAINS = 3


# --- find a household (R5) ----------------------------------------------------------------------


@dataclass(frozen=True)
class HouseholdMatch:
    """Just enough to recognise a household, like a reference index: never content."""

    dossier_id: uuid.UUID
    household_label: str
    municipality: str
    lead_name: str
    lead_organisation: str
    may_join: bool
    may_open: bool = False  # the user already sees this dossier (lead or involved)


def household_matches(*, user: User, name: str, birth_date: datetime.date) -> list[HouseholdMatch]:
    """Dossiers with a current member of that name and exact birth date, among those the user
    may search (safety staff: their region; other professionals: their own dossiers)."""
    name = clean(name)
    members = (
        Member.objects.filter(left_on__isnull=True, date_of_birth=birth_date)
        .annotate(full_name=Concat("first_name", Value(" "), "last_name"))
        .filter(
            Q(first_name__icontains=name)
            | Q(last_name__icontains=name)
            | Q(full_name__icontains=name)
        )
    )
    dossiers = (
        access.searchable_dossiers(user)
        .filter(household__in=members.values("household_id"))
        .select_related("household__municipality", "lead__organisation")
        .annotate(
            may_join=Exists(access.joinable_dossiers(user).filter(pk=OuterRef("pk"))),
            may_open=Exists(access.dossiers_visible_to(user).filter(pk=OuterRef("pk"))),
        )
        .order_by("household__label")[:MAX_SEARCH_RESULTS]
    )
    return [
        HouseholdMatch(
            dossier_id=dossier.pk,
            household_label=dossier.household.label,
            municipality=dossier.household.municipality.name,
            lead_name=dossier.lead.display_name,
            lead_organisation=str(dossier.lead.organisation or ""),
            may_join=dossier.may_join,
            may_open=dossier.may_open,
        )
        for dossier in dossiers
    ]


def joinable_dossier_or_404(*, user: User, dossier_id) -> Dossier:
    """A dossier in the safety-team member's region (else 404, R6), to join or be told why not."""
    from django.http import Http404

    dossier = (
        access.searchable_dossiers(user)
        .select_related("household__municipality", "lead__organisation")
        .filter(pk=dossier_id)
        .first()
    )
    if dossier is None or not user.is_safety_staff:
        raise Http404
    return dossier


# --- phase --------------------------------------------------------------------------------------


def current_phase(*, dossier: Dossier) -> int | None:
    return dossier.phase_changes.order_by("-changed_at").values_list("phase", flat=True).first()


def phase_history(*, dossier: Dossier) -> QuerySet[PhaseChange]:
    return dossier.phase_changes.select_related("changed_by").order_by("-changed_at")


# --- assessments --------------------------------------------------------------------------------


def assessment_list(*, dossier: Dossier) -> QuerySet[SafetyAssessment]:
    """Newest first: the first one decides whether the acute banner shows (R14)."""
    return (
        dossier.safety_assessments.select_related("assessed_by", "assessor_organisation")
        .prefetch_related("acute_members")
        .order_by("-assessed_on", "-created_at")
    )


def acute_assessment(*, dossier: Dossier) -> SafetyAssessment | None:
    """R14: the latest assessment, when it found acute danger; a newer one without lifts it."""
    latest = assessment_list(dossier=dossier).first()
    return latest if latest is not None and latest.acute_danger else None


# --- safety plans -------------------------------------------------------------------------------


def safety_plan_list(*, dossier: Dossier) -> QuerySet[SafetyPlan]:
    """All versions, newest first, with their agreements and watchers."""
    return (
        dossier.safety_plans.select_related("created_by")
        .prefetch_related(
            Prefetch(
                "agreements",
                queryset=SafetyAgreement.objects.select_related("watcher").order_by("position"),
            )
        )
        .order_by("-version")
    )


def safety_plan_get(*, dossier: Dossier, version: int) -> SafetyPlan:
    from django.http import Http404

    plan = safety_plan_list(dossier=dossier).filter(version=version).first()
    if plan is None:
        raise Http404
    return plan


def network_contact_choices(*, dossier: Dossier):
    return NetworkContact.objects.filter(household_id=dossier.household_id).order_by("name")


# --- measures -----------------------------------------------------------------------------------


def measure_list(*, dossier: Dossier) -> QuerySet[Measure]:
    """Running and requested measures first, then ended ones."""
    return (
        dossier.measures.select_related("recorded_by", "ended_by")
        .prefetch_related("members")
        .annotate(
            is_over=models.Case(
                models.When(status=Measure.Status.ENDED, then=Value(1)),
                default=Value(0),
                output_field=models.IntegerField(),
            )
        )
        .order_by("is_over", "-starts_on", "-created_at")
    )


def measure_get(*, user: User, measure_id) -> Measure:
    """A measure in a dossier the professional may see, else 404."""
    from django.http import Http404

    measure = (
        Measure.objects.select_related("dossier__household")
        .prefetch_related("members")
        .filter(dossier__in=access.dossiers_visible_to(user), pk=measure_id)
        .first()
    )
    if measure is None:
        raise Http404
    return measure


# --- MDA++ --------------------------------------------------------------------------------------


class Domain(models.TextChoices):
    HELP = "help", _("Hulp en ondersteuning")
    SAFETY = "safety", _("Veiligheid")
    PROTECTION = "protection", _("Jeugdbescherming")
    JUSTICE = "justice", _("Politie en justitie")
    MENTAL_HEALTH = "mental_health", _("Geestelijke gezondheid")
    DEBTS = "debts", _("Schulden")
    ADDICTION = "addiction", _("Verslaving")
    SPECIALIST = "specialist", _("Specialistische zorg")
    OTHER = "other", _("Anders")


# Which domain a professional brings: first a word in their expertise (a specialist may be GGZ
# or schuldhulp), else the kind of organisation they came for.
EXPERTISE_DOMAINS = (
    ("ggz", Domain.MENTAL_HEALTH),
    ("psych", Domain.MENTAL_HEALTH),
    ("schuld", Domain.DEBTS),
    ("verslav", Domain.ADDICTION),
    ("politie", Domain.JUSTICE),
    ("justitie", Domain.JUSTICE),
    ("reclassering", Domain.JUSTICE),
    ("jeugdbescherm", Domain.PROTECTION),
    ("veilig", Domain.SAFETY),
)
ORGANISATION_DOMAINS = {
    Organisation.Kind.LOCAL_TEAM: Domain.HELP,
    Organisation.Kind.SAFETY_TEAM: Domain.SAFETY,
    Organisation.Kind.VEILIG_THUIS: Domain.SAFETY,
    Organisation.Kind.CHILD_PROTECTION_BOARD: Domain.PROTECTION,
    Organisation.Kind.CERTIFIED_INSTITUTION: Domain.PROTECTION,
    Organisation.Kind.SPECIALIST: Domain.SPECIALIST,
}


def domain_of(involvement: Involvement) -> Domain:
    expertise = involvement.expertise.lower()
    for word, domain in EXPERTISE_DOMAINS:
        if word in expertise:
            return domain
    kind = involvement.organisation.kind if involvement.organisation else None
    return ORGANISATION_DOMAINS.get(kind, Domain.OTHER)


@dataclass
class DomainInvolvement:
    domain: Domain
    professionals: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.domain.label


def mda_domains(*, dossier: Dossier) -> list[DomainInvolvement]:
    """The domains that active involvements bring to the dossier, in a fixed order."""
    found: dict[Domain, DomainInvolvement] = {}
    involvements = dossier.involvements.filter(ended_at__isnull=True).select_related(
        "professional", "organisation"
    )
    for involvement in involvements:
        domain = domain_of(involvement)
        found.setdefault(domain, DomainInvolvement(domain)).professionals.append(
            involvement.professional.display_name
        )
    return [found[domain] for domain in Domain if domain in found]


def mda_history(*, dossier: Dossier) -> QuerySet[MdaChange]:
    return dossier.mda_changes.select_related("changed_by").order_by("-changed_at")


def mda_is_marked(*, dossier: Dossier) -> bool:
    latest = dossier.mda_changes.order_by("-changed_at").values_list("marked", flat=True).first()
    return bool(latest)


# --- everything on one page ---------------------------------------------------------------------


@dataclass
class SafetyOverview:
    phase: PhaseChange | None
    phases: list[PhaseChange]
    assessments: list[SafetyAssessment]
    plans: list[SafetyPlan]
    measures: list[Measure]
    mda: MdaChange | None
    mda_changes: list[MdaChange]
    domains: list[DomainInvolvement]

    @property
    def latest_assessment(self) -> SafetyAssessment | None:
        return self.assessments[0] if self.assessments else None

    @property
    def acute(self) -> SafetyAssessment | None:
        latest = self.latest_assessment
        return latest if latest is not None and latest.acute_danger else None

    @property
    def plan(self) -> SafetyPlan | None:
        return self.plans[0] if self.plans else None

    @property
    def is_mda(self) -> bool:
        return self.mda is not None and self.mda.marked

    @property
    def too_few_domains(self) -> bool:
        return self.is_mda and len(self.domains) < MDA_MIN_DOMAINS

    @property
    def current_measures(self) -> list[Measure]:
        return [measure for measure in self.measures if not measure.is_ended]


def safety_overview(*, dossier: Dossier, reader: Reader | None = None) -> SafetyOverview:
    """All safety work of a dossier in a fixed number of queries, however much there is.

    With a `reader`, each list holds what that reader may see (`casefile.visibility`); without,
    the caller is a professional page of the dossier, who sees everything.
    """

    def seen(rows):
        return list(rows if reader is None else visibility.visible(reader, rows))

    phases = seen(phase_history(dossier=dossier))
    mda_changes = seen(mda_history(dossier=dossier))
    mda = mda_changes[0] if mda_changes else None
    return SafetyOverview(
        phase=phases[0] if phases else None,
        phases=phases,
        assessments=seen(assessment_list(dossier=dossier)),
        plans=seen(safety_plan_list(dossier=dossier)),
        measures=seen(measure_list(dossier=dossier)),
        mda=mda,
        mda_changes=mda_changes,
        domains=mda_domains(dossier=dossier) if mda is not None and mda.marked else [],
    )


def dossier_safety_overview(*, dossier: Dossier) -> SafetyOverview:
    """The professional's overview, loaded once per dossier object: the acute banner, the
    dossier's first screen and the safety panel on one page share it."""
    if not hasattr(dossier, "_safety_overview"):
        dossier._safety_overview = safety_overview(dossier=dossier)
    return dossier._safety_overview


# --- the network picture (issue 14) -------------------------------------------------------------


def network_picture(*, reader: Reader, dossier: Dossier) -> Ecomap:
    """The ecomap of the dossier's household as this reader may see it: every kind through the
    one visibility policy, so a family member sees their own and a child of 12–15 sees what
    the policy gives them (themself among the members, the network, who helps but not why).

    Current members with age and role; network contacts with their relation and whether they
    watch over an agreement of the newest safety plan the reader sees; professionals who are
    involved now, with their organisation. Four queries, however many people."""
    members = visibility.visible(reader, Member.objects.filter(left_on__isnull=True)).order_by(
        "date_of_birth", "first_name"
    )
    contacts = visibility.visible(reader, NetworkContact.objects.all()).order_by("name")
    newest_plan = visibility.visible(reader, SafetyPlan.objects.all()).order_by("-version")
    watchers = set(
        visibility.visible(
            reader,
            SafetyAgreement.objects.filter(
                plan=newest_plan.values("pk")[:1], watcher__isnull=False
            ),
        ).values_list("watcher_id", flat=True)
    )
    involvements = (
        visibility.visible(reader, Involvement.objects.filter(ended_at__isnull=True))
        .select_related("professional", "organisation")
        .order_by("started_at")
    )
    today = timezone.localdate()
    return ecomap_layout(
        household=dossier.household.label,
        members=[
            Person(
                kind="member",
                label=member.first_name,
                detail=_("%(age)s jaar, %(role)s")
                % {"age": member.age(today), "role": member.get_role_display().lower()},
            )
            for member in members
        ],
        contacts=[
            Person(
                kind="contact",
                label=contact.name,
                detail=contact.relation,
                watches=contact.pk in watchers,
            )
            for contact in contacts
        ],
        professionals=[
            Person(
                kind="professional",
                label=involvement.professional.display_name,
                detail=involvement.organisation.name if involvement.organisation else "",
                is_lead=involvement.professional_id == dossier.lead_id,
            )
            for involvement in involvements
        ],
    )
