"""Writes for dossiers, involvements and entries. Each is one transaction, audited with its actor."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from casefile import access
from casefile.models import Dossier, Entry, Involvement, OwnStatement
from casefile.tasks import involvement_added_notify
from core.concurrency import Conflict, check_version, lock, next_version
from core.services import service
from core.text import clean, is_blank
from households.models import Household, Member
from outbox.services import message_add


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _require_open(dossier: Dossier) -> None:
    if not dossier.is_open:
        raise ValidationError(_("Dit dossier is gesloten. Er kan niets meer bij."))


def _entry_create(**fields) -> Entry:
    """Every entry is written here, so the dossier's stored last activity (what lists sort by)
    is kept in one place."""
    entry = Entry.objects.create(**fields)
    dossier_activity_record(dossier_id=entry.dossier_id, at=entry.created_at)
    return entry


def dossier_activity_record(*, dossier_id, at: datetime.datetime) -> None:
    """Move the dossier's stored last activity forward to `at` (never back). Entries call it,
    and so does `safety` for an assessment: danger found is activity too (issue 13).

    A plain UPDATE: the copy is no change anyone made, so no audit row."""
    Dossier.objects.filter(
        Q(last_activity__isnull=True) | Q(last_activity__lt=at), pk=dossier_id
    ).update(last_activity=at)


def timeline_event(
    *,
    dossier: Dossier,
    author: User,
    text: str,
    about: Iterable[Member] = (),
    withheld_reason: str = "",
) -> Entry:
    """A family-visible line in the timeline that the system writes about something that happened.

    `about` names the members it concerns, so that a child of 12–15 only sees events about
    themself or the whole household (like any entry). `withheld_reason` (R7): a line about
    something the family may not see (a withheld document) is withheld for the same reason.
    """
    entry = _entry_create(
        dossier=dossier,
        kind=Entry.Kind.EVENT,
        author=author,
        author_organisation=author.organisation,
        text=text,
        visibility=Entry.Visibility.WITHHELD if withheld_reason else Entry.Visibility.FAMILY,
        withheld_reason=withheld_reason,
    )
    about = list(about)
    if about:
        entry.about_members.set(about)
    return entry


# --- dossier ------------------------------------------------------------------------------------


@service
def dossier_open(*, actor: User, household: Household, summary: str = "") -> Dossier:
    """R1 and R3: one dossier per household; the local-team professional who opens it leads it."""
    _require(
        access.can_be_lead(actor),
        _("Alleen een professional van een lokaal team opent een dossier."),
    )
    if Dossier.objects.filter(household=household).exists():
        raise ValidationError(
            _("Dit huishouden heeft al een dossier. Er is één dossier per huishouden.")
        )
    dossier = Dossier.objects.create(household=household, lead=actor, summary=clean(summary))
    Involvement.objects.create(
        dossier=dossier,
        professional=actor,
        organisation=actor.organisation,
        kind=Involvement.Kind.LEAD,
        expertise=_("Vaste professional"),
        reason=_("Opende het dossier"),
        added_by=actor,
    )
    timeline_event(
        dossier=dossier,
        author=actor,
        text=_("%(name)s opende het dossier en is de vaste professional.")
        % {"name": actor.display_name},
    )
    access.dossier_sync(dossier)
    return dossier


@service
def dossier_summary_update(
    *, actor: User, dossier: Dossier, summary: str, version: int | None = None
) -> Dossier:
    """Save the summary, unless someone saved it since `version` was read (then `Conflict`)."""
    _require(access.can_write(actor, dossier), _("U mag dit dossier niet wijzigen."))
    check_version(dossier, version, fields=["summary"], submitted={"summary": summary})
    _require_open(dossier)
    dossier.summary = clean(summary)
    next_version(dossier)
    dossier.save(update_fields=["summary", "version"])
    return dossier


@service
def dossier_lead_change(
    *, actor: User, dossier: Dossier, new_lead: User, reason: str, previous_lead_stays: bool = False
) -> Dossier:
    """R3: an explicit, reasoned change of lead, shown to the family. Never a side effect."""
    _require(
        access.can_change_lead(actor, dossier), _("Alleen de vaste professional kan dit wijzigen.")
    )
    # A second, simultaneous change waits here and then sees the lead the first one chose.
    stale_lead = dossier.lead_id
    lock(dossier)
    _require_open(dossier)
    if dossier.lead_id != stale_lead:
        raise Conflict(
            _(
                "Iemand anders heeft de vaste professional intussen gewijzigd. Er is niets veranderd."
            )
        )
    _require(
        access.can_change_lead(actor, dossier), _("Alleen de vaste professional kan dit wijzigen.")
    )
    if is_blank(reason):
        raise ValidationError({"reason": [_("Schrijf op waarom de vaste professional wisselt.")]})
    if not access.can_be_lead(new_lead):
        raise ValidationError(
            {
                "new_lead": [
                    _("De vaste professional komt van een lokaal team (wijk- of buurtteam).")
                ]
            }
        )
    if not access.serves_household(new_lead, dossier):
        raise ValidationError(
            {"new_lead": [_("Deze professional werkt niet voor de gemeente van dit huishouden.")]}
        )
    if new_lead.pk == dossier.lead_id:
        raise ValidationError({"new_lead": [_("Deze persoon is al de vaste professional.")]})
    previous = dossier.lead
    now = timezone.now()
    dossier.lead = new_lead
    dossier.save(update_fields=["lead"])
    if not dossier.involvements.filter(professional=new_lead, ended_at__isnull=True).exists():
        Involvement.objects.create(
            dossier=dossier,
            professional=new_lead,
            organisation=new_lead.organisation,
            kind=Involvement.Kind.LEAD,
            expertise=_("Vaste professional"),
            reason=clean(reason),
            added_by=actor,
            started_at=now,
        )
    if not previous_lead_stays:
        # One save per row, so the audit log records it.
        for involvement in dossier.involvements.filter(
            professional=previous, ended_at__isnull=True
        ):
            involvement.ended_at = now
            involvement.ended_by = actor
            involvement.end_reason = clean(reason)
            involvement.save(update_fields=["ended_at", "ended_by", "end_reason"])
    timeline_event(
        dossier=dossier,
        author=actor,
        # R3: a change of lead is shown to the whole family, with its reason.
        text=_("%(new)s is nu de vaste professional. Eerst was dat %(old)s. Waarom: %(reason)s")
        % {"new": new_lead.display_name, "old": previous.display_name, "reason": clean(reason)},
    )
    access.dossier_sync(dossier)
    return dossier


def dossier_phase_record(*, dossier: Dossier, phase: int) -> None:
    """Keep the dossier's copy of its phase; called by `safety` in the transaction that moves it.

    The audited record of the move is safety's phase change itself, so this copy is written
    without an audit row of its own.
    """
    Dossier.objects.filter(pk=dossier.pk).update(phase=phase)
    dossier.phase = phase


@service
def dossier_close(*, actor: User, dossier: Dossier) -> Dossier:
    """Close the dossier: nothing more is added, and it stays readable to those who had access.

    Called by `procedures` in the transaction that decides a closure (R9), which holds the rule
    of who may close; this keeps the dossier's own row and its timeline line in one place.
    """
    _require_open(dossier)
    timeline_event(
        dossier=dossier,
        author=actor,
        text=_("Het dossier is gesloten. Er komt niets meer bij. Lezen kan nog wel."),
    )
    dossier.status = Dossier.Status.CLOSED
    dossier.closed_at = timezone.now()
    dossier.save(update_fields=["status", "closed_at"])
    return dossier


def dossier_retention_flag(*, dossier: Dossier, at: datetime.datetime) -> Dossier:
    """Mark a closed dossier whose retention ran out (R15); destroying it stays a human act."""
    dossier.retention_expired_at = at
    dossier.save(update_fields=["retention_expired_at"])  # one save per row: audited
    return dossier


# --- involvements (R4) ----------------------------------------------------------------------------


def involvement_start(
    *, dossier: Dossier, professional: User, kind: str, expertise: str, reason: str, added_by: User
) -> Involvement:
    """Start an involvement, say so in the timeline and give access at once (R4, R5).

    Shared by the lead adding someone and a safety-team member joining; callers check the rules.
    Two starts at once for the same professional (a double submit, a join race) meet the unique
    constraint on active involvements: one goes through, the other is refused as a `Conflict`.
    """
    try:
        # A savepoint, so that the caller's transaction stays usable after the refusal.
        with transaction.atomic():
            involvement = Involvement.objects.create(
                dossier=dossier,
                professional=professional,
                organisation=professional.organisation,
                kind=kind,
                expertise=clean(expertise),
                reason=clean(reason),
                added_by=added_by,
            )
    except IntegrityError as error:
        raise Conflict(
            _("U bent al betrokken bij dit dossier.")
            if professional.pk == added_by.pk
            else _("Deze professional is al betrokken bij dit dossier.")
        ) from error
    timeline_event(
        dossier=dossier,
        author=added_by,
        # Not why: a family-visible event reaches a child of 12–15, who does not read the reason
        # (`Involvement.dossier_record.child_hidden`); the reason stays on the involvement.
        text=_("%(name)s (%(org)s) helpt nu mee als %(expertise)s.")
        % {
            "name": professional.display_name,
            "org": professional.organisation or "-",
            "expertise": involvement.expertise,
        },
    )
    access.dossier_sync(dossier)
    return involvement


@service
def involvement_add(
    *, actor: User, dossier: Dossier, professional: User, expertise: str, reason: str
) -> Involvement:
    """The lead adds a professional. Nobody else is removed or demoted (R4)."""
    _require(
        access.can_add_professional(actor, dossier),
        _("Alleen de vaste professional voegt professionals toe."),
    )
    errors = {}
    if not access.can_be_involved(professional):
        errors["professional"] = [
            _("Alleen professionals kunnen aan een dossier worden toegevoegd.")
        ]
    elif not access.serves_household(professional, dossier):
        errors["professional"] = [
            _("Deze professional werkt niet voor de gemeente van dit huishouden.")
        ]
    elif dossier.involvements.filter(professional=professional, ended_at__isnull=True).exists():
        errors["professional"] = [_("Deze professional is al betrokken bij dit dossier.")]
    if is_blank(expertise):
        errors["expertise"] = [_("Vul de expertise in.")]
    if is_blank(reason):
        errors["reason"] = [_("Schrijf op waarom deze professional erbij komt.")]
    if errors:
        raise ValidationError(errors)
    involvement = involvement_start(
        dossier=dossier,
        professional=professional,
        kind=Involvement.Kind.ADDED,
        expertise=expertise,
        reason=reason,
        added_by=actor,
    )
    message_add(task=involvement_added_notify, involvement_id=involvement.pk)
    return involvement


@service
def involvement_end(*, actor: User, involvement: Involvement, reason: str) -> Involvement:
    """R4: ends explicitly, with a reason, by that professional or the lead. What they wrote stays."""
    dossier = involvement.dossier
    # First the state, under a lock: a double submit ends it once and hears why not the second
    # time (the permission below holds only for an active involvement).
    lock(involvement)
    if not involvement.is_active:
        raise Conflict(_("Deze betrokkenheid is al beëindigd. Er is niets veranderd."))
    _require(
        access.can_end_involvement(actor, involvement),
        _("Alleen de professional zelf of de vaste professional kan dit beëindigen."),
    )
    if involvement.professional_id == dossier.lead_id and dossier.is_open:
        raise ValidationError(
            _(
                "De vaste professional kan niet stoppen. Wijs eerst een nieuwe vaste professional aan."
            )
        )
    if is_blank(reason):
        raise ValidationError({"reason": [_("Schrijf op waarom de betrokkenheid stopt.")]})
    involvement.ended_at = timezone.now()
    involvement.ended_by = actor
    involvement.end_reason = clean(reason)
    involvement.save(update_fields=["ended_at", "ended_by", "end_reason"])
    timeline_event(
        dossier=dossier,
        author=actor,
        # Not why: the end reason is the involvement's, kept from a child of 12–15.
        text=_("%(name)s helpt niet meer mee.") % {"name": involvement.professional.display_name},
    )
    access.dossier_sync(dossier)
    return involvement


# --- entries (R7, R8) ---------------------------------------------------------------------------


def _clean_visibility(visibility: str, withheld_reason: str) -> None:
    if visibility not in Entry.Visibility.values:
        raise ValidationError({"visibility": [_("Kies of het gezin dit mag zien.")]})
    if (
        visibility == Entry.Visibility.WITHHELD
        and withheld_reason not in Entry.WithheldReason.values
    ):
        raise ValidationError({"withheld_reason": [_("Kies waarom het gezin dit niet mag zien.")]})


@service
def entry_add(
    *,
    actor: User,
    dossier: Dossier,
    text: str,
    visibility: str = Entry.Visibility.FAMILY,
    withheld_reason: str = "",
    about_members: Iterable[Member] = (),
) -> Entry:
    _require(access.can_write(actor, dossier), _("U mag in dit dossier niet schrijven."))
    _require_open(dossier)
    if is_blank(text):
        raise ValidationError({"text": [_("Schrijf een tekst.")]})
    _clean_visibility(visibility, withheld_reason)
    about_members = list(about_members)
    if any(member.household_id != dossier.household_id for member in about_members):
        raise ValidationError({"about_members": [_("Kies alleen leden van dit huishouden.")]})
    entry = _entry_create(
        dossier=dossier,
        author=actor,
        author_organisation=actor.organisation,
        text=clean(text),
        visibility=visibility,
        withheld_reason=withheld_reason if visibility == Entry.Visibility.WITHHELD else "",
    )
    if about_members:
        entry.about_members.add(*about_members)  # a new entry: nothing to replace
    return entry


@service
def entry_correct(*, actor: User, entry: Entry, text: str) -> Entry:
    """R8: a correction is a new entry linked to the original, which stays visible."""
    dossier = entry.dossier
    _require(access.can_write(actor, dossier), _("U mag in dit dossier niet schrijven."))
    _require_open(dossier)
    return _correction_add(actor=actor, entry=entry, text=text)


def entry_correct_on_request(*, actor: User, entry: Entry, text: str) -> Entry:
    """R11: the correction a family member asked for, also in a closed dossier.

    The right to correction outlasts closure; this is the one entry a closed dossier still takes.
    Called inside the service that accepts the request, which checked who may answer it.
    """
    _require(
        access.can_answer_request(actor, entry.dossier),
        _("Alleen de vaste professional beantwoordt dit verzoek."),
    )
    return _correction_add(actor=actor, entry=entry, text=text)


def _correction_add(*, actor: User, entry: Entry, text: str) -> Entry:
    dossier = entry.dossier
    if entry.kind == Entry.Kind.EVENT:
        raise ValidationError(_("Een gebeurtenis die het systeem schreef, kunt u niet corrigeren."))
    if is_blank(text):
        raise ValidationError({"text": [_("Schrijf wat er moet staan.")]})
    correction = _entry_create(
        dossier=dossier,
        kind=Entry.Kind.CORRECTION,
        author=actor,
        author_organisation=actor.organisation,
        text=clean(text),
        visibility=entry.visibility,
        withheld_reason=entry.withheld_reason,
        corrects=entry,
    )
    correction.about_members.set(entry.about_members.all())
    return correction


def own_statement_add(*, entry: Entry, member: Member, text: str) -> OwnStatement:
    """R11: a member's own words beside an entry, from the moment their correction is refused.

    Called inside the service that refuses the correction, which checked who may do that.
    """
    return OwnStatement.objects.create(entry=entry, member=member, text=text)
