"""Reads for decisions, complaints and requests (R9–R11, R15).

Professionals' reads go through `access.dossiers_visible_to`; what a family member sees of them
is decided by the visibility policy (`casefile.visibility`: no drafts, the 12–15 rule). Anything
a caller may not see is a 404.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from casefile import access, visibility
from casefile.models import Dossier, Entry
from casefile.selectors import family_dossier_get
from casefile.visibility import Reader
from procedures.access import complaints_handled_by, handled_complaint_or_404
from procedures.models import (
    Complaint,
    CorrectionRequest,
    Decision,
    DestructionRequest,
    DossierDestruction,
    HearingInvitation,
)


def _decision_queryset() -> QuerySet[Decision]:
    return Decision.objects.select_related(
        "dossier__household", "proposed_by__organisation", "decided_by"
    ).prefetch_related(
        "concerns",
        Prefetch(
            "invitations",
            queryset=HearingInvitation.objects.select_related(
                "member", "view__given_by__organisation"
            ).order_by("member__date_of_birth"),
        ),
        "transitions__actor",
    )


def decision_list(*, dossier: Dossier) -> QuerySet[Decision]:
    """All decisions of a dossier for its professionals, open ones first, newest first."""
    return (
        _decision_queryset()
        .filter(dossier=dossier)
        .annotate(
            still_open=Q(state__in=[Decision.State.DRAFT, Decision.State.HEARING]),
        )
        .order_by("-still_open", "-created_at")
    )


def decision_list_for(*, reader: Reader) -> QuerySet[Decision]:
    """The decisions this reader may see (`casefile.visibility`): for the family, from their
    hearing on, with all views and the weighing (R9); a child of 12–15 those about them."""
    return visibility.visible(reader, _decision_queryset()).order_by("-created_at")


def decision_get(*, user: User, decision_id) -> Decision:
    """A decision in a dossier the professional may see, else 404."""
    decision = (
        _decision_queryset()
        .filter(dossier__in=access.dossiers_visible_to(user), pk=decision_id)
        .first()
    )
    if decision is None:
        raise Http404
    return decision


def family_decision_get(*, user: User, decision_id) -> Decision:
    """One decision the family member sees in their own list (pages and API alike), else 404."""
    dossier = family_dossier_get(user=user)
    decision = decision_list_for(reader=dossier.reader).filter(pk=decision_id).first()
    if decision is None:
        raise Http404
    return decision


def invitation_get(*, user: User, invitation_id) -> HearingInvitation:
    """An invitation: for a professional of the dossier, or for the invited family member."""
    invitations = HearingInvitation.objects.select_related("decision__dossier", "member")
    visible = Q(decision__dossier__in=access.dossiers_visible_to(user))
    if user.is_authenticated and user.is_family:
        visible = Q(decision__dossier__in=access.family_dossiers_of(user), member__user=user)
    invitation = invitations.filter(visible, pk=invitation_id).first()
    if invitation is None:
        raise Http404
    return invitation


def invitation_open_list_for_family(*, user: User) -> QuerySet[HearingInvitation]:
    """Proposals the family member is invited to react to and has not answered yet."""
    return _open_invitations().filter(
        decision__dossier__in=access.family_dossiers_of(user), member__user=user
    )


def invitation_open_list_for_reader(*, reader: Reader) -> QuerySet[HearingInvitation]:
    """`invitation_open_list_for_family` for a family reader the caller has from
    `family_dossier_get`, whose grant and member row are checked: their own dossier, by key."""
    return _open_invitations().filter(
        decision__dossier_id=reader.dossier_id, member_id=reader.member.pk
    )


def _open_invitations() -> QuerySet[HearingInvitation]:
    return (
        HearingInvitation.objects.filter(kind=HearingInvitation.Kind.INVITED, view__isnull=True)
        .filter(
            Q(decision__state=Decision.State.HEARING)
            | Q(
                decision__state=Decision.State.DECIDED,
                decision__is_urgent=True,
                decision__weighed_at__isnull=True,
            )
        )
        .select_related("decision", "member")
        .order_by("decision__hearing_deadline")
    )


def _get(queryset: QuerySet, *, user: User, pk):
    """A row in a dossier the professional may see, else 404."""
    obj = queryset.filter(dossier__in=access.dossiers_visible_to(user), pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def complaint_list(*, dossier: Dossier) -> QuerySet[Complaint]:
    return (
        Complaint.objects.filter(dossier=dossier)
        .select_related("member", "about_professional", "answered_by")
        .prefetch_related("trail__actor")
        .order_by("-received_at")
    )


def complaint_get(*, user: User, complaint_id) -> Complaint:
    """A complaint in a dossier the professional may see, else 404."""
    queryset = Complaint.objects.select_related(
        "dossier__household", "member", "about_professional", "answered_by", "filed_by"
    ).prefetch_related("trail__actor", "entries__author")
    return _get(queryset, user=user, pk=complaint_id)


def correction_request_list(*, dossier: Dossier) -> QuerySet[CorrectionRequest]:
    return (
        CorrectionRequest.objects.filter(dossier=dossier)
        .select_related("member", "entry", "correction", "answered_by")
        .order_by("-requested_at")
    )


def correction_request_get(*, user: User, request_id) -> CorrectionRequest:
    queryset = CorrectionRequest.objects.select_related(
        "dossier__household", "member", "entry__author", "correction", "requested_by"
    )
    return _get(queryset, user=user, pk=request_id)


def destruction_request_list(*, dossier: Dossier) -> QuerySet[DestructionRequest]:
    return (
        DestructionRequest.objects.filter(dossier=dossier)
        .select_related("member", "answered_by")
        .prefetch_related("entries")
        .order_by("-requested_at")
    )


def destruction_request_get(*, user: User, request_id) -> DestructionRequest:
    queryset = DestructionRequest.objects.select_related(
        "dossier__household", "member", "requested_by"
    ).prefetch_related("entries")
    return _get(queryset, user=user, pk=request_id)


# --- the procedure overview ----------------------------------------------------------------


@dataclass
class ProcedureOverview:
    """What is open in a dossier, each list oldest first, with its due date."""

    today: datetime.date
    hearings: list[Decision] = field(default_factory=list)
    complaints: list[Complaint] = field(default_factory=list)
    correction_requests: list[CorrectionRequest] = field(default_factory=list)
    destruction_requests: list[DestructionRequest] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.hearings
            or self.complaints
            or self.correction_requests
            or self.destruction_requests
        )


def _waiting_for(decisions: QuerySet[Decision]) -> QuerySet[Decision]:
    """Each decision with `waiting`: the invitations not answered yet, youngest last."""
    return decisions.prefetch_related(
        Prefetch(
            "invitations",
            queryset=HearingInvitation.objects.filter(view__isnull=True)
            .select_related("member")
            .order_by("member__date_of_birth"),
            to_attr="waiting",
        )
    )


def open_decision_list(*, dossier: Dossier, drafts: bool = True) -> list[Decision]:
    """Decisions that still need something, in two queries: proposals (`drafts`), hearings and
    urgent decisions whose views are still to be weighed; deadline first. Each has `waiting`
    (who has not reacted yet) and `is_overdue` (its deadline passed)."""
    today = timezone.localdate()
    still_open = Q(state=Decision.State.HEARING) | Q(
        state=Decision.State.DECIDED, is_urgent=True, weighed_at__isnull=True
    )
    if drafts:
        still_open |= Q(state=Decision.State.DRAFT)
    decisions = list(
        _waiting_for(Decision.objects.filter(still_open, dossier=dossier)).order_by(
            F("hearing_deadline").asc(nulls_last=True), "created_at"
        )
    )
    for decision in decisions:
        decision.is_overdue = (
            decision.hearing_deadline is not None and decision.hearing_deadline < today
        )
    return decisions


def procedure_overview(*, dossier: Dossier) -> ProcedureOverview:
    """Open hearings, complaints, correction and destruction requests, in five queries."""
    today = timezone.localdate()
    hearings = open_decision_list(dossier=dossier, drafts=False)
    complaints = list(
        Complaint.objects.filter(dossier=dossier)
        .exclude(status=Complaint.Status.HANDLED)
        .select_related("member", "about_professional")
        .order_by("due_on", "received_at")
    )
    corrections = list(
        CorrectionRequest.objects.filter(dossier=dossier, status=CorrectionRequest.Status.OPEN)
        .select_related("member", "entry")
        .order_by("due_on", "requested_at")
    )
    destructions = list(
        DestructionRequest.objects.filter(dossier=dossier, status=DestructionRequest.Status.OPEN)
        .select_related("member")
        .order_by("due_on", "requested_at")
    )
    for item in (*complaints, *corrections, *destructions):
        item.is_overdue = item.due_on < today
    return ProcedureOverview(
        today=today,
        hearings=hearings,
        complaints=complaints,
        correction_requests=corrections,
        destruction_requests=destructions,
    )


def _count(queryset: QuerySet) -> Subquery:
    return Coalesce(
        Subquery(
            queryset.order_by().values("dossier").annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def procedure_counts(*, dossier: Dossier) -> dict[str, int]:
    """How much is open in a dossier, for its page: one query."""
    row = (
        Dossier.objects.filter(pk=dossier.pk)
        .annotate(
            open_decisions=_count(
                Decision.objects.filter(
                    dossier=OuterRef("pk"),
                    state__in=[Decision.State.DRAFT, Decision.State.HEARING],
                )
            ),
            open_complaints=_count(
                Complaint.objects.filter(dossier=OuterRef("pk")).exclude(
                    status=Complaint.Status.HANDLED
                )
            ),
            open_corrections=_count(
                CorrectionRequest.objects.filter(
                    dossier=OuterRef("pk"), status=CorrectionRequest.Status.OPEN
                )
            ),
            open_destructions=_count(
                DestructionRequest.objects.filter(
                    dossier=OuterRef("pk"), status=DestructionRequest.Status.OPEN
                )
            ),
        )
        .values("open_decisions", "open_complaints", "open_corrections", "open_destructions")
        .first()
    )
    return row or {}


# --- the privacy officer (R15) ------------------------------------------------------------------


def _accepted_requests() -> QuerySet[DestructionRequest]:
    """Accepted requests to destroy a whole dossier that is closed: what is left of it (the names,
    the address) waits for the privacy officer, like a dossier past its retention."""
    return DestructionRequest.objects.filter(
        dossier=OuterRef("pk"),
        status=DestructionRequest.Status.ACCEPTED,
        scope=DestructionRequest.Scope.DOSSIER,
    )


def dossiers_awaiting_destruction() -> QuerySet[Dossier]:
    """Closed dossiers flagged by the retention task or with an accepted request for the whole
    dossier, not yet destroyed. The one definition the privacy officer's list and the
    confirmation share."""
    return (
        Dossier.objects.filter(status=Dossier.Status.CLOSED, destruction__isnull=True)
        .annotate(requested=Exists(_accepted_requests()))
        .filter(Q(retention_expired_at__isnull=False) | Q(requested=True))
    )


def destruction_awaiting_list() -> list[Dossier]:
    """The privacy officer's list: the label, the closing date and since when it waits, only.

    `waiting_since` is the flag date of the retention task, or the day the request was accepted.
    """
    accepted_on = Subquery(
        DestructionRequest.objects.filter(
            dossier=OuterRef("pk"),
            status=DestructionRequest.Status.ACCEPTED,
            scope=DestructionRequest.Scope.DOSSIER,
        )
        .order_by("answered_at")
        .values("answered_at")[:1]
    )
    return list(
        dossiers_awaiting_destruction()
        .select_related("household")
        .annotate(accepted_on=accepted_on)
        .only("pk", "closed_at", "retention_expired_at", "household__label")
        .order_by("closed_at")
    )


def destruction_awaiting_get(*, dossier_id) -> Dossier:
    dossier = (
        dossiers_awaiting_destruction().select_related("household").filter(pk=dossier_id).first()
    )
    if dossier is None:
        raise Http404
    return dossier


def destruction_done_list(*, limit: int = 20) -> list[DossierDestruction]:
    """The stubs of the latest confirmed destructions: when, by whom, on what ground, why."""
    return list(DossierDestruction.objects.select_related("confirmed_by")[:limit])


# --- the complaints officer (R10) -----------------------------------------------------------------


def officer_complaint_list(*, user: User) -> list[Complaint]:
    """The complaints routed to the officer's organisation: open ones first, then by due date."""
    return list(
        complaints_handled_by(user)
        .select_related("dossier__household", "member", "about_professional__organisation")
        .annotate(still_open=~Q(status=Complaint.Status.HANDLED))
        .order_by("-still_open", "due_on", "received_at")
    )


def officer_complaint_get(*, user: User, complaint_id) -> Complaint:
    """One complaint with its trail and the entries it names, for the officer who handles it."""
    queryset = Complaint.objects.select_related(
        "dossier__household",
        "dossier__lead",
        "member",
        "about_professional__organisation",
        "answered_by",
        "filed_by",
    ).prefetch_related(
        "trail__actor",
        Prefetch(
            "entries",
            queryset=Entry.objects.order_by("created_at").select_related(
                "author", "author_organisation"
            ),
        ),
    )
    return handled_complaint_or_404(user, complaint_id, queryset)
