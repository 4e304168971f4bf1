"""Complaints (R10): filed by a family member or for them; due in 6 weeks; a visible trail."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from casefile import access
from casefile.models import Dossier
from core.concurrency import Conflict, lock
from core.services import service
from core.text import clean, is_blank
from households.models import Member
from procedures.models import Complaint, ComplaintStatusChange

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
) -> Complaint:
    """A family member complains (or a professional records it for them). Also when closed."""
    member, on_behalf = acting_member(actor=actor, dossier=dossier, member=member)
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
    _trail(complaint, actor=actor)
    return complaint


def _require_handler(actor: User, complaint: Complaint) -> None:
    require(
        access.can_answer_request(actor, complaint.dossier),
        _("Alleen de vaste professional behandelt klachten over dit dossier."),
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
