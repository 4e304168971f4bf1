"""Reads for dossiers, already filtered to what the caller may see (casefile.access)."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Concat

from accounts.models import Organisation, User
from casefile import access, visibility
from casefile.models import Dossier, Entry, Involvement, OwnStatement
from households.models import Member


def dossier_list(*, user: User, name: str = "") -> QuerySet[Dossier]:
    """My dossiers, most recently active first: household, members, lead, phase and last
    activity, in a fixed number of queries.

    `name` keeps the dossiers whose household label or a current member's name contains it.
    """
    dossiers = (
        access.dossiers_visible_to(user)
        .select_related("household__municipality", "lead__organisation")
        .prefetch_related(
            Prefetch("household__members", queryset=Member.objects.filter(left_on__isnull=True))
        )
        # The stored last activity (kept by the service that writes entries), newest first; the
        # key makes pages stable when two dossiers were last active at the same moment.
        .order_by(F("last_activity").desc(nulls_last=True), "pk")
        .annotate(shown_last_activity=F("last_activity"))  # as the family's list has it
    )
    name = name.strip()
    if name:
        named = (
            Member.objects.filter(household=OuterRef("household"), left_on__isnull=True)
            .annotate(full_name=Concat("first_name", Value(" "), "last_name"))
            .filter(
                Q(first_name__icontains=name)
                | Q(last_name__icontains=name)
                | Q(full_name__icontains=name)
            )
        )
        dossiers = dossiers.filter(Q(household__label__icontains=name) | Exists(named))
    return dossiers


def dossier_page(dossiers: QuerySet[Dossier], number, *, size: int) -> Page:
    """One page of a dossier list, read in two steps: the page's keys from the dossier table
    alone (sorted and cut there, by its stored last activity, with no household, lead or
    member joined), then those rows with everything the list shows. A safety worker with 2,000
    dossiers has 25 of them joined, not 2,000 (issue 13)."""
    keys = dossiers.prefetch_related(None).values_list("pk", flat=True)
    page = Paginator(keys, size).get_page(number)
    page.object_list = dossier_rows(dossiers, list(page.object_list))
    return page


def dossier_rows(dossiers: QuerySet[Dossier], keys: list) -> list[Dossier]:
    """The rows of `dossiers` with these keys, in the keys' order."""
    if not keys:
        return []
    rows = {dossier.pk: dossier for dossier in dossiers.filter(pk__in=keys)}
    return [rows[key] for key in keys if key in rows]


def dossier_get(*, user: User, dossier_id) -> Dossier:
    """One dossier for a professional who may see it (else 404), with them as its reader."""
    dossier = access.dossier_or_404(
        user,
        dossier_id,
        Dossier.objects.select_related("household__municipality", "lead__organisation"),
    )
    dossier.reader = visibility.professional_reader(user, dossier)
    return dossier


def member_list(*, dossier: Dossier) -> QuerySet[Member]:
    return Member.objects.filter(household_id=dossier.household_id).order_by(
        "left_on", "date_of_birth"
    )


def involvement_list(*, dossier: Dossier) -> QuerySet[Involvement]:
    """Everyone who helps or helped: active first, then by start."""
    return dossier.involvements.select_related(
        "professional__organisation", "organisation", "added_by", "ended_by"
    ).order_by("ended_at", "started_at")


def entry_list(*, dossier: Dossier, kind: str | None = None) -> QuerySet[Entry]:
    """The timeline, newest first, with what a reader needs to place each entry; `kind` keeps
    only notes, corrections or events."""
    entries = dossier.entries.all() if kind is None else dossier.entries.filter(kind=kind)
    return (
        entries.select_related("author", "author_organisation", "corrects")
        .prefetch_related(
            "about_members",
            # R11: a member's own statement shows beside the entry once a correction is refused.
            Prefetch("own_statements", queryset=OwnStatement.objects.select_related("member")),
        )
        # "IS NOT NULL" lets a small world read the corrections through their index too, where
        # the planner would otherwise hash the whole entries table for one page.
        .annotate(
            is_corrected=Exists(
                Entry.objects.filter(corrects=OuterRef("pk"), corrects__isnull=False)
            )
        )
        .order_by("-created_at")
    )


def entry_get(*, user: User, entry_id) -> Entry:
    """An entry in a dossier the professional may see, else 404."""
    from django.http import Http404

    entry = (
        Entry.objects.select_related("dossier", "author")
        .filter(dossier__in=access.dossiers_visible_to(user), pk=entry_id)
        .first()
    )
    if entry is None:
        raise Http404
    return entry


def involvement_get(*, user: User, involvement_id) -> Involvement:
    from django.http import Http404

    involvement = (
        Involvement.objects.select_related("dossier", "professional")
        .filter(dossier__in=access.dossiers_visible_to(user), pk=involvement_id)
        .first()
    )
    if involvement is None:
        raise Http404
    return involvement


def professional_choices(*, dossier: Dossier) -> QuerySet[User]:
    """Professionals who could be added: active, not already involved, of an organisation that
    serves the household's municipality."""
    involved = dossier.involvements.filter(ended_at__isnull=True).values("professional_id")
    return (
        User.objects.filter(
            is_active=True,
            role__in=User.PROFESSIONAL_ROLES,
            organisation__municipalities=dossier.household.municipality_id,
        )
        .exclude(pk__in=involved)
        .select_related("organisation")
        # A thousand or more in a large region: only what the option shows (issue 12).
        .only(*CHOICE_FIELDS)
        .order_by("organisation__name", "last_name", "first_name")
    )


# What a choice of professional shows: "name – organisation".
CHOICE_FIELDS = ("id", "username", "first_name", "last_name", "organisation__name")


def lead_choices(*, dossier: Dossier) -> QuerySet[User]:
    return (
        User.objects.filter(
            is_active=True,
            role=User.Role.PROFESSIONAL,
            organisation__kind=Organisation.Kind.LOCAL_TEAM,
            organisation__municipalities=dossier.household.municipality_id,
        )
        .exclude(pk=dossier.lead_id)
        .select_related("organisation")
        .only(*CHOICE_FIELDS)
        .order_by("organisation__name", "last_name", "first_name")
    )
