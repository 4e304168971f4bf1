"""What a family member may see of their own household's dossier (R6, R7).

The API and the `/mijn-dossier/` pages read through these, so both show exactly the same.

- A family member sees only their own household's dossier; anything else is a 404.
- They see the entries that are visible to the family (R7). For withheld entries they see how
  many there are and why, never what they say.
- A child aged 12 to 15 sees only the entries about them or about the whole household (no
  `about_members`), and the withheld count within that same scope: what is written about a
  parent or a sibling is for that person and the adults to read.
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

# From this age a family member reads everything that is family-visible (R7).
FULL_READER_AGE = 16


def family_member_of(*, user: User) -> Member | None:
    """The user's place in their household, or None when they have none (anymore)."""
    if not user.is_authenticated or not user.is_family:
        return None
    return Member.objects.filter(user=user, left_on__isnull=True).first()


def reads_only_own_entries(member: Member | None) -> bool:
    """Children up to 15 read only what is about them or about the whole household."""
    return member is None or member.age() < FULL_READER_AGE


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


def _in_reader_scope(entries: QuerySet[Entry], *, user: User) -> QuerySet[Entry]:
    member = family_member_of(user=user)
    if not reads_only_own_entries(member):
        return entries
    about_household = ~Exists(Entry.about_members.through.objects.filter(entry_id=OuterRef("pk")))
    if member is None:
        return entries.filter(about_household)
    about_reader = Exists(
        Entry.about_members.through.objects.filter(entry_id=OuterRef("pk"), member_id=member.pk)
    )
    return entries.filter(about_household | about_reader)


def family_entry_list(*, user: User, dossier: Dossier) -> QuerySet[Entry]:
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
    return _in_reader_scope(entries, user=user)


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


def withheld_summary(*, dossier: Dossier, user: User | None = None) -> WithheldSummary:
    """Withheld entries counted per reason, in one query.

    With `user`, counted within what that family member would otherwise read (the 12–15 rule);
    without, for the whole household.
    """
    entries = dossier.entries.filter(visibility=Entry.Visibility.WITHHELD)
    if user is not None:
        entries = _in_reader_scope(entries, user=user)
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
