"""A family member's own dossier, and its timeline as the visibility policy lets them read it.

The API, the `/mijn-dossier/` pages and the PDF copy read through these, so all show the same
(R6, R7). What a reader may see is decided in `casefile.visibility`, not here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.http import Http404

from accounts.models import User
from casefile import access, visibility
from casefile.models import Dossier, Entry
from casefile.visibility import Reader
from households.models import Member


def family_dossier_list(*, user: User) -> QuerySet[Dossier]:
    """The family member's own dossier (a list of one, or none), newest family-visible first."""
    return (
        access.family_dossiers_of(user)
        .filter(
            household__members__user=user,
            household__members__left_on__isnull=True,
        )
        .select_related("household__municipality", "lead__organisation")
        .annotate(
            # Not the stored last activity: that counts withheld entries too.
            shown_last_activity=Max(
                "entries__created_at", filter=Q(entries__visibility=Entry.Visibility.FAMILY)
            ),
        )
        .order_by("-opened_at")
    )


def family_dossier_get(*, user: User, dossier_id=None) -> Dossier:
    """The family member's own dossier (the one with `dossier_id`, if given), else 404.

    Both the grant and a current member row are needed: whoever left the household has no
    dossier here, even for a moment. The reader goes with the dossier, as `dossier.reader`.
    """
    # A user is at most one member (the key is unique): their current row, then that household's
    # dossier if the grant is there. Not `family_dossier_list`: its join of six tables and the
    # last activity cost more to plan and run than both of these together.
    member = (
        Member.objects.filter(user=user, left_on__isnull=True)
        .select_related("household__municipality")
        .first()
    )
    if member is None:
        raise Http404
    dossiers = (
        access.family_dossiers_of(user)
        .filter(household_id=member.household_id)
        .select_related("lead__organisation")
    )
    if dossier_id is not None:
        dossiers = dossiers.filter(pk=dossier_id)
    dossier = dossiers.first()
    if dossier is None:
        raise Http404
    dossier.household = member.household
    dossier.reader = visibility.family_reader(user=user, member=member, dossier_id=dossier.pk)
    return dossier


def family_member_list(*, dossier: Dossier) -> QuerySet[Member]:
    """The household as the family sees it: the people who live there now."""
    return Member.objects.filter(household_id=dossier.household_id, left_on__isnull=True).order_by(
        "date_of_birth"
    )


def family_entry_list(*, reader: Reader) -> QuerySet[Entry]:
    """The entries the reader may see, newest first (R7 and the 12–15 rule)."""
    return (
        visibility.visible(reader, Entry.objects.all())
        .select_related("author", "author_organisation", "corrects")
        .prefetch_related("about_members")
        .annotate(is_corrected=Exists(Entry.objects.filter(corrects=OuterRef("pk"))))
        .order_by("-created_at")
    )


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


def withheld_summary(*, reader: Reader) -> WithheldSummary:
    """Withheld entries in the reader's scope, counted per reason, in one query."""
    counts = dict(
        visibility.withheld(reader, Entry.objects.all())
        .order_by()
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
