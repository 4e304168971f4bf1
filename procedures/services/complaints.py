"""Complaints (R10): filed by a family member or for them; due in 6 weeks; a visible trail.

Handled by the complaints officer of the organisation it is about (`procedures.access`), never
by the professional it is about nor by the lead: they read it, the officer answers it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from casefile import visibility
from casefile.models import Dossier, Entry
from core.concurrency import Conflict, lock
from core.services import service
from core.text import clean, is_blank
from households.models import Member
from outbox.services import message_add
from procedures import access as procedure_access
from procedures.models import Complaint, ComplaintStatusChange
from procedures.notifications import complaint_recipients
from procedures.tasks import complaint_received_notify, complaint_without_officer_notify

from ._common import acting_member, require, today

COMPLAINT_ANSWER_DAYS = 6 * 7


def _trail(complaint: Complaint, *, actor: User, note: str = "") -> None:
    ComplaintStatusChange.objects.create(
        complaint=complaint, status=complaint.status, actor=actor, note=note
    )


@service
def complaint_file(
    *,
    actor: User,
    dossier: Dossier,
    about: str,
    text: str,
    about_professional: User | None = None,
    member: Member | None = None,
    entries: Iterable[Entry] = (),
) -> Complaint:
    """A family member complains (or a professional records it for them). Also when closed.

    `entries`: the entries the complaint is about, if any; a family member names only entries
    they may read. The complaints officer is told by e-mail (no content), or, when the
    organisation has none, the administrators are.
    """
    member, on_behalf = acting_member(actor=actor, dossier=dossier, member=member)
    entries = list(entries)
    errors = {}
    if about not in Complaint.About.values:
        errors["about"] = [_("Kies waar de klacht over gaat.")]
    elif about == Complaint.About.CONDUCT:
        worked_here = about_professional is not None and (
            about_professional.pk == dossier.lead_id
            or dossier.involvements.filter(professional=about_professional).exists()
        )
        if not worked_here:
            errors["about_professional"] = [
                _("Kies de professional van dit dossier over wie de klacht gaat.")
            ]
    if is_blank(text):
        errors["text"] = [_("Schrijf op wat uw klacht is.")]
    if entries and not _may_name(actor, member, dossier, entries, on_behalf=on_behalf):
        errors["entries"] = [_("Kies alleen notities uit dit dossier.")]
    if errors:
        raise ValidationError(errors)
    complaint = Complaint.objects.create(
        dossier=dossier,
        member=member,
        about=about,
        about_professional=about_professional if about == Complaint.About.CONDUCT else None,
        text=clean(text),
        filed_by=actor,
        recorded_on_behalf=on_behalf,
        due_on=today() + datetime.timedelta(days=COMPLAINT_ANSWER_DAYS),
    )
    if entries:
        complaint.entries.set(entries)
    _trail(complaint, actor=actor)
    _notify(complaint)
    return complaint


def _notify(complaint: Complaint) -> None:
    """One outbox message per reader, sent after commit: the officers, or with none the
    administrators (so the lead and the family are never the ones left to answer it)."""
    recipients, has_officer = complaint_recipients(complaint)
    task = complaint_received_notify if has_officer else complaint_without_officer_notify
    for user in recipients:
        message_add(task=task, complaint_id=complaint.pk, user_id=user.pk)


def _may_name(actor, member, dossier, entries, *, on_behalf: bool) -> bool:
    """Entries of this dossier; a family member's own complaint names only what they may read."""
    rows = Entry.objects.filter(dossier=dossier, pk__in=[entry.pk for entry in entries])
    if not on_behalf:
        reader = visibility.family_reader(user=actor, member=member, dossier_id=dossier.pk)
        rows = visibility.visible(reader, rows)
    return rows.count() == len({entry.pk for entry in entries})


def _require_handler(actor: User, complaint: Complaint) -> None:
    require(
        procedure_access.can_handle_complaint(actor, complaint),
        _("Alleen de klachtenfunctionaris van de organisatie behandelt deze klacht."),
    )


@service
def complaint_start(*, actor: User, complaint: Complaint, note: str = "") -> Complaint:
    """Received → in behandeling."""
    _require_handler(actor, complaint)
    lock(complaint)
    if complaint.status != Complaint.Status.RECEIVED:
        raise Conflict(_("Deze klacht is al in behandeling of afgehandeld."))
    complaint.status = Complaint.Status.IN_PROGRESS
    complaint.save(update_fields=["status"])
    _trail(complaint, actor=actor, note=clean(note))
    return complaint


@service
def complaint_answer(*, actor: User, complaint: Complaint, outcome: str, answer: str) -> Complaint:
    """→ afgehandeld: gegrond, ongegrond or deels gegrond, with a written answer."""
    _require_handler(actor, complaint)
    # A double submit waits here for the first answer, then is refused: one answer, once.
    lock(complaint)
    if not complaint.is_open:
        raise Conflict(_("Deze klacht is al afgehandeld. Er is niets veranderd."))
    errors = {}
    if outcome not in Complaint.Outcome.values:
        errors["outcome"] = [_("Kies gegrond, ongegrond of deels gegrond.")]
    if is_blank(answer):
        errors["answer"] = [_("Schrijf een antwoord aan het gezin.")]
    if errors:
        raise ValidationError(errors)
    if complaint.status == Complaint.Status.RECEIVED:
        complaint.status = Complaint.Status.IN_PROGRESS
        _trail(complaint, actor=actor)
    complaint.status = Complaint.Status.HANDLED
    complaint.outcome = outcome
    complaint.answer = clean(answer)
    complaint.answered_at = timezone.now()
    complaint.answered_by = actor
    complaint.save()
    _trail(complaint, actor=actor, note=complaint.get_outcome_display())
    return complaint
