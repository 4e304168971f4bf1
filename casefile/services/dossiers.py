"""Writes for dossiers, involvements and entries. Each is one transaction, audited with its actor."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from casefile import access
from casefile.models import Dossier, Entry, Involvement, OwnStatement
from casefile.tasks import involvement_added_notify
from core.services import service
from households.models import Household, Member


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _require_open(dossier: Dossier) -> None:
    if not dossier.is_open:
        raise ValidationError(_("Dit dossier is gesloten. Er kan niets meer bij."))


def _entry_create(**fields) -> Entry:
    """Every entry is written here, so the dossier's stored last activity (what lists sort by)
    is kept in one place. A plain UPDATE: the copy is no change anyone made, so no audit row."""
    entry = Entry.objects.create(**fields)
    Dossier.objects.filter(
        Q(last_activity__isnull=True) | Q(last_activity__lt=entry.created_at), pk=entry.dossier_id
    ).update(last_activity=entry.created_at)
    return entry


def timeline_event(
    *, dossier: Dossier, author: User, text: str, about: Iterable[Member] = ()
) -> Entry:
    """A family-visible line in the timeline that the system writes about something that happened.

    `about` names the members it concerns, so that a child of 12–15 only sees events about
    themself or the whole household (like any entry).
    """
    entry = _entry_create(
        dossier=dossier,
        kind=Entry.Kind.EVENT,
        author=author,
        author_organisation=author.organisation,
        text=text,
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
    dossier = Dossier.objects.create(household=household, lead=actor, summary=summary.strip())
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
def dossier_summary_update(*, actor: User, dossier: Dossier, summary: str) -> Dossier:
    _require(access.can_write(actor, dossier), _("U mag dit dossier niet wijzigen."))
    dossier.summary = summary.strip()
    dossier.save(update_fields=["summary"])
    return dossier


@service
def dossier_lead_change(
    *, actor: User, dossier: Dossier, new_lead: User, reason: str, previous_lead_stays: bool = False
) -> Dossier:
    """R3: an explicit, reasoned change of lead, shown to the family. Never a side effect."""
    _require(
        access.can_change_lead(actor, dossier), _("Alleen de vaste professional kan dit wijzigen.")
    )
    _require_open(dossier)
    if not reason.strip():
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
            reason=reason.strip(),
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
            involvement.end_reason = reason.strip()
            involvement.save(update_fields=["ended_at", "ended_by", "end_reason"])
    timeline_event(
        dossier=dossier,
        author=actor,
        text=_("%(new)s is nu de vaste professional. Eerst was dat %(old)s. Waarom: %(reason)s")
        % {"new": new_lead.display_name, "old": previous.display_name, "reason": reason.strip()},
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
        text=_("Het dossier is gesloten. Er komt niets meer bij. U kunt het nog wel lezen."),
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
    """
    involvement = Involvement.objects.create(
        dossier=dossier,
        professional=professional,
        organisation=professional.organisation,
        kind=kind,
        expertise=expertise.strip(),
        reason=reason.strip(),
        added_by=added_by,
    )
    timeline_event(
        dossier=dossier,
        author=added_by,
        text=_("%(name)s (%(org)s) helpt nu mee als %(expertise)s. Waarom: %(reason)s")
        % {
            "name": professional.display_name,
            "org": professional.organisation or "-",
            "expertise": involvement.expertise,
            "reason": involvement.reason,
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
    if not expertise.strip():
        errors["expertise"] = [_("Vul de expertise in.")]
    if not reason.strip():
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
    _notify_on_commit(involvement)
    return involvement


def _notify_on_commit(involvement: Involvement) -> None:
    transaction.on_commit(lambda: involvement_added_notify.delay(str(involvement.pk)))


@service
def involvement_end(*, actor: User, involvement: Involvement, reason: str) -> Involvement:
    """R4: ends explicitly, with a reason, by that professional or the lead. What they wrote stays."""
    dossier = involvement.dossier
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
    if not reason.strip():
        raise ValidationError({"reason": [_("Schrijf op waarom de betrokkenheid stopt.")]})
    involvement.ended_at = timezone.now()
    involvement.ended_by = actor
    involvement.end_reason = reason.strip()
    involvement.save(update_fields=["ended_at", "ended_by", "end_reason"])
    timeline_event(
        dossier=dossier,
        author=actor,
        text=_("%(name)s helpt niet meer mee. Waarom: %(reason)s")
        % {"name": involvement.professional.display_name, "reason": involvement.end_reason},
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
    if not text.strip():
        raise ValidationError({"text": [_("Schrijf een tekst.")]})
    _clean_visibility(visibility, withheld_reason)
    about_members = list(about_members)
    if any(member.household_id != dossier.household_id for member in about_members):
        raise ValidationError({"about_members": [_("Kies alleen leden van dit huishouden.")]})
    entry = _entry_create(
        dossier=dossier,
        author=actor,
        author_organisation=actor.organisation,
        text=text.strip(),
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
    if entry.kind == Entry.Kind.EVENT:
        raise ValidationError(_("Een gebeurtenis die het systeem schreef, kunt u niet corrigeren."))
    if not text.strip():
        raise ValidationError({"text": [_("Schrijf wat er moet staan.")]})
    correction = _entry_create(
        dossier=dossier,
        kind=Entry.Kind.CORRECTION,
        author=actor,
        author_organisation=actor.organisation,
        text=text.strip(),
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
