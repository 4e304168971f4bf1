"""Who may see and do what (R6, DESIGN §4). The one place that decides access.

Grants are django-guardian object permissions on direct foreign-key models, derived from the lead,
active involvements and family membership. Only services change them, through `dossier_sync`.
Lists filter in SQL through those grants; anything a caller may not see is a 404.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from guardian.shortcuts import assign_perm, get_objects_for_user, remove_perm

from accounts.models import Municipality, Organisation, User
from households.models import Household, Member

from .models import Dossier, DossierUserObjectPermission, Involvement

VIEW_CONTENT = "view_dossier"
VIEW_FAMILY = "view_family_dossier"


# --- grants (called by services only) -------------------------------------------------------


def dossier_sync(dossier: Dossier) -> None:
    """Make the dossier's grants match its lead, active involvements and current members."""
    professionals = {dossier.lead_id} | set(
        dossier.involvements.filter(ended_at__isnull=True).values_list("professional_id", flat=True)
    )
    family = set(
        Member.objects.filter(
            household_id=dossier.household_id, left_on__isnull=True, user__isnull=False
        ).values_list("user_id", flat=True)
    )
    wanted = {(user_id, VIEW_CONTENT) for user_id in professionals} | {
        (user_id, VIEW_FAMILY) for user_id in family
    }
    current = set(
        DossierUserObjectPermission.objects.filter(content_object=dossier).values_list(
            "user_id", "permission__codename"
        )
    )
    users = User.objects.in_bulk({user_id for user_id, _ in wanted ^ current})
    for user_id, codename in wanted - current:
        assign_perm(codename, users[user_id], dossier)
    for user_id, codename in current - wanted:
        remove_perm(codename, users[user_id], dossier)
    # Whoever this instance was fetched for may have just lost the grant: ask again next time.
    dossier.__dict__.pop("_content_visible_to", None)


def household_sync(household: Household) -> None:
    dossier = Dossier.objects.filter(household=household).first()
    if dossier is not None:
        dossier_sync(dossier)


# --- what a user may see --------------------------------------------------------------------


def dossiers_visible_to(user: User) -> QuerySet[Dossier]:
    """Dossiers whose content the user may see: lead or active involvement (R6)."""
    if not user.is_authenticated or not user.is_professional:
        return Dossier.objects.none()
    return get_objects_for_user(
        user,
        f"casefile.{VIEW_CONTENT}",
        klass=Dossier,
        use_groups=False,
        with_superuser=False,  # administrators see no case content
        accept_global_perms=False,
    )


def family_dossiers_of(user: User) -> QuerySet[Dossier]:
    """The family member's own household's dossier: its family-visible part only."""
    if not user.is_authenticated or not user.is_family:
        return Dossier.objects.none()
    return get_objects_for_user(
        user,
        f"casefile.{VIEW_FAMILY}",
        klass=Dossier,
        use_groups=False,
        with_superuser=False,
        accept_global_perms=False,
    )


def dossier_or_404(user: User, dossier_id, queryset: QuerySet[Dossier] | None = None) -> Dossier:
    queryset = queryset if queryset is not None else Dossier.objects.all()
    dossier = queryset.filter(pk__in=dossiers_visible_to(user).values("pk"), pk=dossier_id).first()
    if dossier is None:
        raise Http404
    return _seen_by(user, dossier)


def _seen_by(user: User, dossier: Dossier) -> Dossier:
    # This instance came out of `dossiers_visible_to(user)`: `can_see_dossier` need not ask the
    # database again for the rest of the request (the view's check and the service's).
    dossier._content_visible_to = user.pk
    return dossier


def can_see_dossier(user: User, dossier: Dossier) -> bool:
    if user.is_authenticated and getattr(dossier, "_content_visible_to", None) == user.pk:
        return True
    return dossiers_visible_to(user).filter(pk=dossier.pk).exists()


# --- what a user may do ---------------------------------------------------------------------
# These take a dossier the caller already may see; services call them again to be sure.


def is_lead(user: User, dossier: Dossier) -> bool:
    return user.is_authenticated and dossier.lead_id == user.pk


def can_write(user: User, dossier: Dossier) -> bool:
    """Entries, and later assessments, plans and proposals: lead and involved professionals."""
    return dossier.is_open and can_see_dossier(user, dossier)


def can_add_professional(user: User, dossier: Dossier) -> bool:
    return dossier.is_open and is_lead(user, dossier) and user.is_professional


def can_change_lead(user: User, dossier: Dossier) -> bool:
    return dossier.is_open and is_lead(user, dossier) and user.is_professional


def can_end_involvement(user: User, involvement: Involvement) -> bool:
    """R4: an involvement ends by that professional or by the lead."""
    if not involvement.is_active or not user.is_authenticated:
        return False
    return involvement.professional_id == user.pk or is_lead(user, involvement.dossier)


def can_be_lead(user: User) -> bool:
    """R3: the lead is a professional from a local team."""
    return user.is_local_team_professional


def can_be_involved(user: User) -> bool:
    return user.is_professional


def serves_household(user: User, dossier: Dossier) -> bool:
    """Whether the user's organisation works for the household's municipality (the region)."""
    return serves_municipality(user.organisation, dossier.household.municipality_id)


def registration_municipalities(user: User) -> QuerySet[Municipality]:
    """Where a professional may register a household: the municipalities their team serves."""
    if not can_register_household(user) or user.organisation_id is None:
        return Municipality.objects.none()
    return Municipality.objects.filter(organisations=user.organisation_id)


def can_register_household(user: User) -> bool:
    return user.is_local_team_professional


def can_edit_household(user: User, household: Household) -> bool:
    dossier = Dossier.objects.filter(household=household).first()
    return dossier is not None and can_write(user, dossier)


def serves_municipality(organisation: Organisation | None, municipality_id) -> bool:
    return (
        organisation is not None and organisation.municipalities.filter(pk=municipality_id).exists()
    )


# --- safety: finding a household, joining, safety work (R5, DESIGN §4) ----------------------


def can_search_households(user: User) -> bool:
    """Safety staff search their region; other professionals only their own dossiers."""
    return user.is_authenticated and user.is_professional


def searchable_dossiers(user: User) -> QuerySet[Dossier]:
    """Dossiers a household search may match (R5), filtered in SQL."""
    if not can_search_households(user):
        return Dossier.objects.none()
    if user.is_safety_staff:
        return Dossier.objects.filter(
            household__municipality__in=user.organisation.municipalities.values("pk")
        )
    return dossiers_visible_to(user)


def serves_household_of(user: User, dossier: Dossier) -> bool:
    """Safety staff whose team serves the household's municipality."""
    return (
        user.is_authenticated
        and user.is_safety_staff
        and serves_municipality(user.organisation, dossier.household.municipality_id)
    )


def is_actively_involved(user: User, dossier: Dossier) -> bool:
    return dossier.involvements.filter(professional_id=user.pk, ended_at__isnull=True).exists()


def joinable_dossiers(user: User) -> QuerySet[Dossier]:
    """R5: open dossiers in the team's region that the safety-team member is not yet part of."""
    if not user.is_authenticated or not user.is_safety_staff:
        return Dossier.objects.none()
    return (
        searchable_dossiers(user)
        .filter(status=Dossier.Status.OPEN)
        .exclude(lead=user)
        .exclude(
            pk__in=Involvement.objects.filter(professional=user, ended_at__isnull=True).values(
                "dossier_id"
            )
        )
    )


def can_join(user: User, dossier: Dossier) -> bool:
    return joinable_dossiers(user).filter(pk=dossier.pk).exists()


def can_manage_safety(user: User, dossier: Dossier) -> bool:
    """Assessments, phases, safety plans and measures: lead, involved, safety staff after joining."""
    return can_write(user, dossier)


def can_mark_mda(user: User, dossier: Dossier) -> bool:
    """MDA++ is marked and unmarked by the lead only."""
    return dossier.is_open and is_lead(user, dossier) and user.is_professional


# --- procedures: decisions, complaints, requests (R9–R11, R15) --------------------------------

FAMILY_REQUEST_MIN_AGE = 12


def can_propose_decision(user: User, dossier: Dossier) -> bool:
    """Propose a decision and start its hearing: lead and involved professionals."""
    return can_write(user, dossier)


def can_decide(user: User, decision) -> bool:
    """Take a decision: the lead; involved safety-team staff for safety measures (§4)."""
    dossier = decision.dossier
    if not dossier.is_open or not user.is_authenticated or not user.is_professional:
        return False
    if is_lead(user, dossier):
        return True
    return (
        decision.kind == decision.Kind.SAFETY_MEASURE
        and user.is_safety_staff
        and can_see_dossier(user, dossier)
    )


def can_withdraw_decision(user: User, decision) -> bool:
    """Withdraw a proposal: whoever may decide it, or whoever proposed it and still works here."""
    return can_decide(user, decision) or (
        decision.proposed_by_id == user.pk and can_propose_decision(user, decision.dossier)
    )


def can_record_for_family(user: User, dossier: Dossier) -> bool:
    """A professional writes down a family member's view, complaint or request for them."""
    return user.is_authenticated and user.is_professional and can_see_dossier(user, dossier)


def can_answer_request(user: User, dossier: Dossier) -> bool:
    """Correction and destruction requests are answered by the lead, also the lead of record of
    a closed dossier (R11: correction outlasts closure). Complaints are not: the complaints
    officer of the organisation answers them (`procedures.access`, R10)."""
    return user.is_authenticated and user.is_professional and is_lead(user, dossier)


def family_member_for(user: User, dossier: Dossier):
    """The user's own current member row in this dossier's household, or None."""
    if not user.is_authenticated or not user.is_family:
        return None
    if not family_dossiers_of(user).filter(pk=dossier.pk).exists():
        return None
    return Member.objects.filter(
        user=user, household_id=dossier.household_id, left_on__isnull=True
    ).first()


def can_act_as_family(user: User, dossier: Dossier) -> bool:
    """Give a view, complain, ask correction or destruction: own household, aged 12+ (§4)."""
    member = family_member_for(user, dossier)
    return member is not None and member.age() >= FAMILY_REQUEST_MIN_AGE


def can_give_view(user: User, invitation) -> bool:
    """A family member gives their own view on a decision they were invited to."""
    member = family_member_for(user, invitation.decision.dossier)
    return member is not None and member.pk == invitation.member_id and not invitation.is_child_task


# --- documents (docs/documents.md) -------------------------------------------------------------


def can_add_document(user: User, dossier: Dossier) -> bool:
    """Upload a document or a new version of one: lead and involved professionals (open dossier).
    Who may read or download one is the visibility policy's (casefile.visibility)."""
    return user.is_authenticated and user.is_professional and can_write(user, dossier)


# --- municipality reports (R16) -------------------------------------------------------------


def report_municipalities(user: User):
    """The municipalities an analyst may see figures of: those their municipality serves."""
    organisation = user.organisation if user.is_authenticated else None
    if (
        not user.is_authenticated
        or not user.is_analyst
        or organisation is None
        or organisation.kind != Organisation.Kind.MUNICIPALITY
    ):
        return Municipality.objects.none()
    return organisation.municipalities.order_by("code")


def reads_reports(user: User) -> bool:
    """Only municipality analysts read reports; a refusal is a 403 that names nobody."""
    return user.is_authenticated and user.is_analyst


def can_read_reports(user: User, municipality) -> bool:
    return report_municipalities(user).filter(pk=municipality.pk).exists()


# --- API callers (casefile.api) -------------------------------------------------------------


def reads_dossiers(user: User) -> bool:
    """Professionals and family members read dossiers; analysts and administrators never do.

    A refusal on this ground is a 403 that says nothing about any dossier.
    """
    return user.is_authenticated and (user.is_professional or user.is_family)


def dossiers_readable_by(user: User) -> QuerySet[Dossier]:
    """Professionals: dossiers whose content they see; family members: their own household's."""
    if user.is_authenticated and user.is_family:
        return family_dossiers_of(user)
    return dossiers_visible_to(user)


def readable_dossier_or_404(user: User, dossier_id) -> Dossier:
    # With the household: the audit rows of what is done to the dossier name it.
    dossier = dossiers_readable_by(user).select_related("household").filter(pk=dossier_id).first()
    if dossier is None:
        raise Http404
    return dossier if user.is_family else _seen_by(user, dossier)


def readable_involvement_or_404(user: User, involvement_id) -> Involvement:
    involvement = (
        Involvement.objects.select_related("dossier", "professional")
        .filter(dossier__in=dossiers_readable_by(user), pk=involvement_id)
        .first()
    )
    if involvement is None:
        raise Http404
    return involvement


# --- family portal: accounts and copies (R6, R12, AVG art. 15) -------------------------------

FAMILY_ACCOUNT_MIN_AGE = 12


def can_invite_family(user: User, dossier: Dossier) -> bool:
    """The lead creates family accounts for members of their own open dossier."""
    return dossier.is_open and is_lead(user, dossier) and user.is_professional


def can_request_copy(user: User, dossier: Dossier) -> bool:
    """A PDF copy of what the reader may see: family members aged 12+, and the lead."""
    if user.is_authenticated and user.is_family:
        return can_act_as_family(user, dossier)
    return is_lead(user, dossier) and user.is_professional


def can_download_copy(user: User, copy) -> bool:
    """Only whoever asked for the copy, and only while they may still ask for one."""
    return (
        user.is_authenticated
        and copy.requested_by_id == user.pk
        and can_request_copy(user, copy.dossier)
    )
