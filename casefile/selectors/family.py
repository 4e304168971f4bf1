"""What a family member may see of their own household's dossier (R6, R7).

The API and the `/mijn-dossier/` pages read through these, so both show exactly the same.

- A family member sees only their own household's dossier; anything else is a 404.
- They see the entries that are visible to the family (R7). For withheld entries they see how
  many there are and why, never what they say.
- A child aged 12 to 15 sees only the entries about them or about the whole household (no
  `about_members`), and the withheld count within that same scope: what is written about a
  parent or a sibling is for that person and the adults to read. The same rule holds for
  decisions (their `concerns`) and safety measures (their `members`): one rule, here, for the
  pages, the PDF and the API.

Functions that take `user` look up the reader's own member row; a caller that already has it
passes `reader=` so a page asks for it once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.http import Http404

from accounts.models import User
from casefile import access
from casefile.models import AccessEvent, Dossier, Entry
from casefile.services.dossiers import access_event_record
from households.models import Member
from procedures.models import Decision

# From this age a family member reads everything that is family-visible (R7).
FULL_READER_AGE = 16

# "Look the reader up": a reader may be None (no current member row), so None cannot mean that.
LOOK_UP = object()


def family_member_of(*, user: User) -> Member | None:
    """The user's place in their household, or None when they have none (anymore)."""
    if not user.is_authenticated or not user.is_family:
        return None
    return Member.objects.filter(user=user, left_on__isnull=True).first()


def reads_only_own_entries(member: Member | None) -> bool:
    """Children up to 15 read only what is about them or about the whole household."""
    return member is None or member.age() < FULL_READER_AGE


def reader_of(user: User, reader) -> Member | None:
    return family_member_of(user=user) if reader is LOOK_UP else reader


def family_dossier_list(*, user: User) -> QuerySet[Dossier]:
    """The family member's own dossier (a list of one, or none)."""
    return (
        access.family_dossiers_of(user)
        .select_related("household__municipality", "lead__organisation")
        .annotate(
            last_activity=Max(
                "entries__created_at", filter=Q(entries__visibility=Entry.Visibility.FAMILY)
            ),
        )
        .order_by("-opened_at")
    )


def family_dossier_get(
    *,
    user: User,
    dossier_id,
    action: str = AccessEvent.Action.FAMILY_VIEW,
    remote_addr: str | None = None,
) -> Dossier:
    """The family member's own dossier (else 404); the look is logged (R12)."""
    dossier = (
        access.family_dossiers_of(user)
        .select_related("household__municipality", "lead__organisation")
        .filter(pk=dossier_id)
        .first()
    )
    if dossier is None:
        raise Http404
    access_event_record(user=user, dossier=dossier, action=action, remote_addr=remote_addr)
    return dossier


def family_member_list(*, dossier: Dossier) -> QuerySet[Member]:
    """The household as the family sees it: the people who live there now."""
    return Member.objects.filter(household_id=dossier.household_id, left_on__isnull=True).order_by(
        "date_of_birth"
    )


def _about_reader_or_household(queryset: QuerySet, *, through, key: str, member) -> QuerySet:
    """The 12–15 rule on any list whose rows name the members they are about (`through`):
    rows about nobody in particular are about the whole household."""
    about_household = ~Exists(through.objects.filter(**{key: OuterRef("pk")}))
    if member is None:
        return queryset.filter(about_household)
    about_reader = Exists(through.objects.filter(**{key: OuterRef("pk")}, member_id=member.pk))
    return queryset.filter(about_household | about_reader)


def _in_reader_scope(entries: QuerySet[Entry], *, user: User, reader=LOOK_UP) -> QuerySet[Entry]:
    member = reader_of(user, reader)
    if not reads_only_own_entries(member):
        return entries
    return _about_reader_or_household(
        entries, through=Entry.about_members.through, key="entry_id", member=member
    )


def family_entry_list(*, user: User, dossier: Dossier, reader=LOOK_UP) -> QuerySet[Entry]:
    """Family-visible entries the reader may see, newest first (R7 and the 12–15 rule).

    `dossier` must come from `family_dossier_get`, which checked that it is the user's own.
    """
    entries = (
        dossier.entries.filter(visibility=Entry.Visibility.FAMILY)
        .select_related("author", "author_organisation", "corrects")
        .prefetch_related("about_members")
        .annotate(is_corrected=Exists(Entry.objects.filter(corrects=OuterRef("pk"))))
        .order_by("-created_at")
    )
    return _in_reader_scope(entries, user=user, reader=reader)


@dataclass(frozen=True)
class WithheldReason:
    reason: str
    label: str
    count: int


@dataclass(frozen=True)
class WithheldSummary:
    """How many entries the family may not read, and why (R7). Never what they say."""

    count: int
    reasons: list[WithheldReason]


def withheld_summary(
    *, dossier: Dossier, user: User | None = None, reader=LOOK_UP
) -> WithheldSummary:
    """Withheld entries counted per reason, in one query.

    With `user`, counted within what that family member would otherwise read (the 12–15 rule);
    without, for the whole household.
    """
    entries = dossier.entries.filter(visibility=Entry.Visibility.WITHHELD)
    if user is not None:
        entries = _in_reader_scope(entries, user=user, reader=reader)
    counts = dict(
        entries.order_by()
        .values_list("withheld_reason")
        .annotate(n=Count("pk"))
        .values_list("withheld_reason", "n")
    )
    reasons = [
        WithheldReason(reason=value, label=str(label), count=counts[value])
        for value, label in Entry.WithheldReason.choices
        if counts.get(value)
    ]
    return WithheldSummary(count=sum(r.count for r in reasons), reasons=reasons)


# --- decisions and measures: the same 12–15 rule -------------------------------------------------


def family_decision_list(*, user: User, dossier: Dossier, reader=LOOK_UP) -> QuerySet[Decision]:
    """Decisions from their hearing on, with all views and the weighing (R9); a reader of 12–15
    sees those about them. `dossier` must be the user's own (`family_dossier_get`)."""
    from procedures.selectors import decision_list_for_family  # TEMP: moves into the policy

    member = reader_of(user, reader)
    decisions = decision_list_for_family(dossier=dossier)
    if not reads_only_own_entries(member):
        return decisions
    return _about_reader_or_household(
        decisions, through=Decision.concerns.through, key="decision_id", member=member
    )


def family_decision_get(*, user: User, decision_id) -> Decision:
    """One decision the reader sees in their own list (the pages' and the API's), else 404."""
    dossier = access.family_dossiers_of(user).first()
    decision = (
        family_decision_list(user=user, dossier=dossier).filter(pk=decision_id).first()
        if dossier is not None
        else None
    )
    if decision is None:
        raise Http404
    return decision


def family_measure_list(*, user: User, measures: QuerySet, reader=LOOK_UP) -> QuerySet:
    """Safety measures as the reader may see them: a reader of 12–15 those about them."""
    member = reader_of(user, reader)
    if not reads_only_own_entries(member):
        return measures
    return _about_reader_or_household(
        measures, through=measures.model.members.through, key="measure_id", member=member
    )
