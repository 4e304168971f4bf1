"""Reads for `/mijn-dossier/` and the PDF copy: a household's own dossier in plain words.

Built on `casefile.selectors.family` (what a family member may see, the 12–15 rule for entries,
decisions and measures, the withheld summary), so the pages, the PDF and the API show exactly the
same. The page looks the reader's member row up once and passes it on (`reader=`).
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field

from django.db.models import CharField, F, IntegerField, Prefetch, Q, QuerySet, Value
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Organisation, User
from casefile import access, visibility
from casefile.models import Dossier, Entry, Involvement, OwnStatement
from casefile.selectors.family import (
    family_dossier_get,
    family_entry_list,
    family_member_list,
    withheld_summary,
)
from casefile.visibility import Reader
from core.dates import years_before
from households.models import Member
from portal.models import CopyRequest
from procedures import selectors as procedure_selectors
from procedures.models import (
    Complaint,
    CorrectionRequest,
    Decision,
    DestructionRequest,
    HearingInvitation,
)
from safety.models import MdaChange, Measure, Phase, PhaseChange, SafetyAgreement, SafetyPlan

# --- the lead: accounts for members ------------------------------------------------------------


def invitable_members(*, dossier: Dossier) -> QuerySet[Member]:
    """Current members aged 12+ without an account: those the lead may make one for."""
    born_before = years_before(timezone.localdate(), access.FAMILY_ACCOUNT_MIN_AGE)
    return Member.objects.filter(
        household_id=dossier.household_id,
        left_on__isnull=True,
        user__isnull=True,
        date_of_birth__lte=born_before,
    ).order_by("date_of_birth")


def member_for_lead_or_404(*, user: User, member_id) -> Member:
    """A member of a dossier the professional may see (else 404)."""
    member = (
        Member.objects.select_related("household__dossier", "user")
        .filter(household__dossier__in=access.dossiers_visible_to(user), pk=member_id)
        .first()
    )
    if member is None:
        raise Http404
    return member


# --- the reader's own dossier ------------------------------------------------------------------


def own_dossier_get(*, user: User) -> Dossier:
    """The family member's own dossier, else 404, with them as `dossier.reader`."""
    return family_dossier_get(user=user)


@dataclass(frozen=True)
class Helper:
    name: str
    organisation: Organisation | None
    is_lead: bool
    expertise: str
    reason: str
    since: datetime.datetime
    phone: str
    email: str


def helper_list(*, reader: Reader, dossier: Dossier) -> list[Helper]:
    """Who helps: the lead first, with how to reach them; then everyone else who is involved.

    Why someone helps is left out for a reader who may not read it (`visibility.shows_field`).
    """
    shows_reason = visibility.shows_field(reader, Involvement, "reason")
    involvements = (
        Involvement.objects.filter(dossier=dossier, ended_at__isnull=True)
        .select_related("professional__organisation", "organisation")
        .order_by("started_at")
    )
    helpers = []
    lead = dossier.lead
    lead_since = dossier.opened_at
    for involvement in involvements:
        if involvement.professional_id == lead.pk:
            lead_since = involvement.started_at
            continue
        organisation = involvement.organisation
        helpers.append(
            Helper(
                name=involvement.professional.display_name,
                organisation=organisation,
                is_lead=False,
                expertise=involvement.expertise,
                reason=involvement.reason if shows_reason else "",
                since=involvement.started_at,
                phone=organisation.phone if organisation else "",
                email=organisation.email if organisation else "",
            )
        )
    organisation = lead.organisation
    first = Helper(
        name=lead.display_name,
        organisation=organisation,
        is_lead=True,
        expertise=_("Vaste professional"),
        reason="",
        since=lead_since,
        phone=(organisation.phone if organisation else "") or lead.phone,
        email=(organisation.email if organisation else "") or lead.email,
    )
    return [first, *helpers]


def dossier_professionals(*, dossier: Dossier) -> QuerySet[User]:
    """Everyone who worked on the dossier: a complaint about conduct names one of them."""
    return (
        User.objects.filter(Q(pk=dossier.lead_id) | Q(involvements__dossier=dossier))
        .select_related("organisation")
        .distinct()
        .order_by("first_name", "last_name")
    )


def open_invitation_list(*, reader: Reader) -> list[HearingInvitation]:
    """Proposals waiting for this reader's own view, with the deadline."""
    return list(procedure_selectors.invitation_open_list_for_reader(reader=reader))


def open_invitation_get(*, user: User, invitation_id) -> HearingInvitation:
    """One of the reader's own open invitations, else 404."""
    invitation = (
        procedure_selectors.invitation_open_list_for_family(user=user)
        .select_related("decision__dossier", "member")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        raise Http404
    return invitation


@dataclass
class OwnRequests:
    complaints: list[Complaint] = field(default_factory=list)
    corrections: list[CorrectionRequest] = field(default_factory=list)
    destructions: list[DestructionRequest] = field(default_factory=list)


def own_request_list(*, reader: Reader) -> OwnRequests:
    """The reader's own complaints and requests in full, newest first: for the PDF copy."""
    return OwnRequests(
        complaints=list(
            # The status trail is on the complaint's own page, not in this list.
            visibility.visible(reader, Complaint.objects.all()).order_by("-received_at")
        ),
        corrections=list(
            visibility.visible(reader, CorrectionRequest.objects.all())
            .select_related("entry", "correction")
            .order_by("-requested_at")
        ),
        destructions=list(
            visibility.visible(reader, DestructionRequest.objects.all()).order_by("-requested_at")
        ),
    )


@dataclass(frozen=True)
class OwnRequest:
    """One of the reader's complaints or requests as the home page lists it: a link and a status."""

    kind: str  # "complaint", "correction" or "destruction": which page the link goes to
    pk: uuid.UUID
    at: datetime.datetime
    status: str
    status_label: str
    answered_at: datetime.datetime | None


# Which page each kind links to, and its date: complaints first, then corrections, destructions.
_REQUEST_KINDS = (
    ("complaint", Complaint, "received_at"),
    ("correction", CorrectionRequest, "requested_at"),
    ("destruction", DestructionRequest, "requested_at"),
)


def own_request_brief_list(*, reader: Reader) -> list[OwnRequest]:
    """The reader's own complaints and requests (the same rows as `own_request_list`), each kind
    newest first, with only what the home page shows: one UNION instead of three queries."""
    parts = [
        visibility.visible(reader, model.objects.all())
        .annotate(
            r_kind=Value(kind, output_field=CharField()),
            r_rank=Value(rank, output_field=IntegerField()),
            r_pk=F("pk"),
            r_at=F(date_field),
            r_status=F("status"),
            r_answered_at=F("answered_at"),
        )
        .order_by()  # SQLite allows no ORDER BY inside a UNION
        .values_list("r_kind", "r_rank", "r_pk", "r_at", "r_status", "r_answered_at")
        for rank, (kind, model, date_field) in enumerate(_REQUEST_KINDS)
    ]
    labels = {
        kind: dict(model._meta.get_field("status").flatchoices)
        for kind, model, _date in _REQUEST_KINDS
    }
    rows = parts[0].union(*parts[1:], all=True).order_by("r_rank", "-r_at")
    return [
        OwnRequest(
            kind=kind,
            pk=pk if isinstance(pk, uuid.UUID) else uuid.UUID(str(pk)),
            at=at,
            status=status,
            status_label=str(labels[kind].get(status, status)),
            answered_at=answered_at,
        )
        for kind, _rank, pk, at, status, answered_at in rows
    ]


def own_complaint_get(*, user: User, complaint_id) -> Complaint:
    return _own(Complaint.objects.prefetch_related("trail"), user=user, pk=complaint_id)


def own_correction_get(*, user: User, request_id) -> CorrectionRequest:
    return _own(
        CorrectionRequest.objects.select_related("entry", "correction"), user=user, pk=request_id
    )


def own_destruction_get(*, user: User, request_id) -> DestructionRequest:
    return _own(DestructionRequest.objects.prefetch_related("entries"), user=user, pk=request_id)


def _own(queryset: QuerySet, *, user: User, pk):
    """A request of the reader's own, in their own household's dossier; else 404."""
    dossier = family_dossier_get(user=user)
    obj = visibility.visible(dossier.reader, queryset).select_related("dossier").filter(pk=pk)
    obj = obj.first()
    if obj is None:
        raise Http404
    return obj


def readable_entry_get(*, user: User, entry_id) -> Entry:
    """An entry the reader sees in their timeline (R7 and the 12–15 rule), else 404."""
    dossier = family_dossier_get(user=user)
    entry = family_entry_list(reader=dossier.reader).filter(pk=entry_id).first()
    if entry is None:
        raise Http404
    return entry


def nameable_entries(*, reader: Reader) -> QuerySet[Entry]:
    """The entries a complaint may name (R10): what the reader sees, system events aside."""
    return (
        family_entry_list(reader=reader)
        .exclude(kind=Entry.Kind.EVENT)
        .select_related("author")
        .order_by("-created_at")
    )


def timeline(*, reader: Reader) -> QuerySet[Entry]:
    """The family timeline, with the reader's own statements beside the entries (R11)."""
    statements = visibility.visible(reader, OwnStatement.objects.select_related("member"))
    # Neither the page nor the PDF shows which entry a correction corrects: not joined.
    return (
        family_entry_list(reader=reader)
        .select_related(None)
        .select_related("author", "author_organisation")
        .prefetch_related(Prefetch("own_statements", queryset=statements))
    )


# --- safety in plain words ---------------------------------------------------------------------

PHASE_EXPLANATIONS = {
    1: gettext_lazy("Eerst moet het nu veilig zijn. Geweld stopt meteen."),
    2: gettext_lazy("Het is nu veilig. We werken aan wat het onveilig maakte."),
    3: gettext_lazy("Het gaat beter. We zorgen dat het veilig blijft."),
}


# What each measure means, in one or two short sentences: no jargon without an explanation (R13).
MEASURE_EXPLANATIONS = {
    "provisional_ots": gettext_lazy(
        "Voor korte tijd helpt een jeugdbeschermer het gezin. De rechter besluit dit snel, omdat "
        "het niet kan wachten."
    ),
    "ots": gettext_lazy(
        "OTS betekent ondertoezichtstelling. Een jeugdbeschermer helpt het gezin en let op hoe "
        "het met het kind gaat. De ouders blijven de ouders."
    ),
    "out_of_home": gettext_lazy(
        "Het kind woont een tijd ergens anders. Bijvoorbeeld bij familie of in een pleeggezin."
    ),
    "guardianship": gettext_lazy(
        "Iemand anders dan de ouders beslist over het kind. Die persoon heet de voogd."
    ),
    "restraining_order": gettext_lazy(
        "Iemand mag een tijd niet thuis komen en geen contact zoeken. Dat duurt eerst 10 dagen."
    ),
    "juvenile_probation": gettext_lazy(
        "Een jongere die iets strafbaars deed, krijgt een begeleider. Die helpt om het goed te doen."
    ),
    "secure_care": gettext_lazy(
        "Een jongere krijgt hulp op een plek die hij of zij niet zelf mag verlaten."
    ),
}


@dataclass
class FamilySafety:
    phase: int | None
    phase_label: str
    phase_explanation: str
    plan: SafetyPlan | None
    measures: list = field(default_factory=list)
    is_mda: bool = False


def family_safety(*, reader: Reader) -> FamilySafety:
    """The phase, the newest safety plan with its agreements, MDA++ and the running measures, as
    far as the reader may see them (`casefile.visibility`): the family pages and the PDF show
    only these, so not the history, the assessments or whom a measure is about. Five queries."""
    phase = (
        visibility.visible(reader, PhaseChange.objects.order_by("-changed_at"))
        .values_list("phase", flat=True)
        .first()
    )
    is_mda = (
        visibility.visible(reader, MdaChange.objects.order_by("-changed_at"))
        .values_list("marked", flat=True)
        .first()
    )
    agreements = SafetyAgreement.objects.select_related("watcher").order_by("position")
    plan = (
        visibility.visible(reader, SafetyPlan.objects.order_by("-version"))
        .prefetch_related(Prefetch("agreements", queryset=agreements))
        .first()
    )
    measures = list(
        visibility.visible(reader, Measure.objects.exclude(status=Measure.Status.ENDED)).order_by(
            "-starts_on", "-created_at"
        )
    )
    for measure in measures:
        measure.plain = str(MEASURE_EXPLANATIONS.get(measure.kind, ""))
    return FamilySafety(
        phase=phase,
        phase_label=str(Phase(phase).label) if phase else "",
        phase_explanation=str(PHASE_EXPLANATIONS.get(phase, "")),
        plan=plan,
        measures=measures,
        is_mda=bool(is_mda),
    )


# --- what needs the reader now -----------------------------------------------------------------


@dataclass(frozen=True)
class Pending:
    """Proposals the reader may still react to, with the same last day."""

    deadline: datetime.date | None
    invitations: list[HearingInvitation]

    @property
    def count(self) -> int:
        return len(self.invitations)


def pending_views(*, invitations: list[HearingInvitation]) -> list[Pending]:
    """The open invitations (`open_invitation_list`, soonest deadline first) by deadline."""
    groups: dict[datetime.date | None, list[HearingInvitation]] = {}
    for invitation in invitations:
        groups.setdefault(invitation.decision.hearing_deadline, []).append(invitation)
    return [Pending(deadline=day, invitations=group) for day, group in groups.items()]


ANSWERED_RECENTLY_DAYS = 14


@dataclass(frozen=True)
class Answered:
    kind: str  # "complaint", "correction" or "destruction": which page the link goes to
    item: object
    at: datetime.datetime


def answered_requests(*, requests: list[OwnRequest], today: datetime.date) -> list[Answered]:
    """The reader's complaints and requests answered in the last two weeks: worth a look."""
    since = today - datetime.timedelta(days=ANSWERED_RECENTLY_DAYS)
    answered = [
        Answered(kind=item.kind, item=item, at=item.answered_at)
        for item in requests
        if item.answered_at is not None and timezone.localdate(item.answered_at) >= since
    ]
    return sorted(answered, key=lambda a: a.at, reverse=True)


# --- words the family may not know ------------------------------------------------------------

# One plain line for a word that reaches the family from the professionals' world (R13).
PLAIN_WORDS = {
    "taxatie": gettext_lazy(
        "Taxatie: de hulpverlener schat in hoe veilig het thuis is. Is er nu gevaar?"
    ),
    "veilig thuis": gettext_lazy(
        "Veilig Thuis helpt bij geweld in huis. Iedereen kan hen om advies vragen."
    ),
}


def plain_words(*texts: str) -> list[str]:
    """The explanations for the words in `texts` that need one, each once."""
    text = " ".join(str(t) for t in texts if t).lower()
    return [str(explanation) for word, explanation in PLAIN_WORDS.items() if word in text]


# --- everything on one page, and in the PDF ----------------------------------------------------


@dataclass
class FamilyPortal:
    dossier: Dossier
    reader: Reader
    member: Member
    reads_only_own: bool
    members: list[Member]
    helpers: list[Helper]
    withheld: object
    invitations: list[HearingInvitation]
    decisions: list[Decision]
    requests: list[OwnRequest]
    safety: FamilySafety
    may_act: bool
    today: datetime.date
    pending: list[Pending] = field(default_factory=list)
    answered: list[Answered] = field(default_factory=list)


def family_portal(*, dossier: Dossier, with_views: bool = False) -> FamilyPortal:
    """Everything the reader may see of their own dossier, except the timeline and the log,
    which the caller pages. `dossier` comes from `own_dossier_get`, with its reader.

    The page lists the decisions' titles; the PDF asks `with_views` for the family's views too.
    """
    reader = dossier.reader
    invitations = open_invitation_list(reader=reader)
    requests = own_request_brief_list(reader=reader)
    today = timezone.localdate()
    # Not the decisions' history, people or members: neither the page nor the PDF shows them.
    decisions = procedure_selectors.decision_list_for(reader=reader).select_related(None)
    decisions = decisions.prefetch_related(None)
    if with_views:
        decisions = decisions.prefetch_related(
            Prefetch(
                "invitations",
                queryset=HearingInvitation.objects.select_related("member", "view").order_by(
                    "member__date_of_birth"
                ),
            )
        )
    return FamilyPortal(
        dossier=dossier,
        reader=reader,
        member=reader.member,
        reads_only_own=reader.is_child,
        members=list(family_member_list(dossier=dossier)),
        helpers=helper_list(reader=reader, dossier=dossier),
        withheld=withheld_summary(reader=reader),
        invitations=invitations,
        decisions=list(decisions),
        requests=requests,
        safety=family_safety(reader=reader),
        may_act=reader.member.age() >= access.FAMILY_REQUEST_MIN_AGE,
        today=today,
        pending=pending_views(invitations=invitations),
        answered=answered_requests(requests=requests, today=today),
    )


# --- PDF copies --------------------------------------------------------------------------------


def copy_get(*, user: User, copy_id) -> CopyRequest:
    """A copy the user asked for themself, while they may still ask for one; else 404."""
    copy = CopyRequest.objects.select_related("dossier__household").filter(pk=copy_id).first()
    if copy is None or not access.can_download_copy(user, copy):
        raise Http404
    return copy
