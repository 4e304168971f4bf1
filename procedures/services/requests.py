"""Correction requests (R11) and destruction requests (R15).

Both are filed by a family member aged 12+ (or recorded for them by a professional) and answered
by the lead. Destruction is the one sanctioned way content leaves the record, audit log included;
it leaves a stub that says what was destroyed, when and on whose request.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from casefile import access
from casefile.models import Dossier, Entry
from casefile.services import entry_correct_on_request, own_statement_add, timeline_event
from casefile.services.destruction import dossier_content_destroy
from core.concurrency import Conflict, lock
from core.dates import add_months
from core.services import service
from core.text import clean, is_blank
from households.models import Member
from procedures.models import (
    Complaint,
    CorrectionRequest,
    Decision,
    DestructionRequest,
)

from ._common import acting_member, require, today

CORRECTION_ANSWER_DAYS = 4 * 7
DESTRUCTION_DECISION_MONTHS = 3
DESTROYED = "[vernietigd]"


def _require_answerer(actor: User, dossier: Dossier) -> None:
    require(
        access.can_answer_request(actor, dossier),
        _("Alleen de vaste professional beantwoordt dit verzoek."),
    )


# --- correction requests (R11) ----------------------------------------------------------------


@service
def correction_request_file(
    *,
    actor: User,
    entry: Entry,
    text: str,
    statement: str = "",
    member: Member | None = None,
) -> CorrectionRequest:
    """Ask to correct one family-visible entry; the lead answers within 4 weeks.

    Also when the dossier is closed (R11: the right to correction outlasts closure); the lead of
    record answers it then too, and the correction is the one entry a closed dossier still takes.
    """
    dossier = entry.dossier
    member, on_behalf = acting_member(actor=actor, dossier=dossier, member=member)
    if entry.is_withheld:
        # The family cannot see it; a request would reveal what it says.
        raise ValidationError(_("Voor deze notitie kunt u geen correctie vragen."))
    if entry.kind == Entry.Kind.EVENT:
        raise ValidationError(
            _("Dit is een bericht van het systeem. Daarvoor kunt u geen correctie vragen.")
        )
    if CorrectionRequest.objects.filter(
        entry=entry, member=member, status=CorrectionRequest.Status.OPEN
    ).exists():
        raise ValidationError(
            _("Er is al een correctieverzoek voor deze notitie. Wacht op antwoord.")
        )
    if is_blank(text):
        raise ValidationError({"text": [_("Schrijf op wat er niet klopt en wat er moet staan.")]})
    return CorrectionRequest.objects.create(
        dossier=dossier,
        entry=entry,
        member=member,
        text=clean(text),
        statement=clean(statement),
        requested_by=actor,
        recorded_on_behalf=on_behalf,
        due_on=today() + datetime.timedelta(days=CORRECTION_ANSWER_DAYS),
    )


def _require_open_request(request) -> None:
    """Lock the request and recheck it: a double submit answers it once, the other is refused."""
    lock(request)
    if not request.is_open:
        raise Conflict(_("Dit verzoek is al beantwoord. Er is niets veranderd."))


@service
def correction_request_accept(
    *, actor: User, request: CorrectionRequest, text: str
) -> CorrectionRequest:
    """Accept: a correction entry (R8) linked to the original, which stays visible."""
    _require_answerer(actor, request.dossier)
    _require_open_request(request)
    correction = entry_correct_on_request(actor=actor, entry=request.entry, text=text)
    request.status = CorrectionRequest.Status.ACCEPTED
    request.correction = correction
    request.answered_at = timezone.now()
    request.answered_by = actor
    request.save()
    return request


@service
def correction_request_refuse(
    *, actor: User, request: CorrectionRequest, reason: str
) -> CorrectionRequest:
    """Refuse with a reason; the member's own statement shows beside the entry from now on."""
    _require_answerer(actor, request.dossier)
    _require_open_request(request)
    if is_blank(reason):
        raise ValidationError({"reason": [_("Schrijf op waarom u het verzoek afwijst.")]})
    request.status = CorrectionRequest.Status.REFUSED
    request.refusal_reason = clean(reason)
    request.answered_at = timezone.now()
    request.answered_by = actor
    request.own_statement = own_statement_add(
        entry=request.entry, member=request.member, text=request.statement or request.text
    )
    request.save()
    return request


# --- destruction requests (R15) ---------------------------------------------------------------


@service
def destruction_request_file(
    *,
    actor: User,
    dossier: Dossier,
    scope: str,
    entries: Iterable[Entry] = (),
    reason: str = "",
    member: Member | None = None,
) -> DestructionRequest:
    """A member aged 12+ asks to destroy the dossier or some entries; also when it is closed."""
    member, on_behalf = acting_member(actor=actor, dossier=dossier, member=member)
    entries = list(entries)
    if scope not in DestructionRequest.Scope.values:
        raise ValidationError({"scope": [_("Kies wat er vernietigd moet worden.")]})
    if scope == DestructionRequest.Scope.ENTRIES:
        if not entries:
            raise ValidationError({"entries": [_("Kies de notities die weg moeten.")]})
        if any(e.dossier_id != dossier.pk or (not on_behalf and e.is_withheld) for e in entries):
            raise ValidationError({"entries": [_("Kies alleen notities uit dit dossier.")]})
    request = DestructionRequest.objects.create(
        dossier=dossier,
        member=member,
        scope=scope,
        reason=clean(reason),
        requested_by=actor,
        recorded_on_behalf=on_behalf,
        due_on=add_months(today(), DESTRUCTION_DECISION_MONTHS),
    )
    if scope == DestructionRequest.Scope.ENTRIES:
        request.entries.set(entries)
    return request


@service
def destruction_request_refuse(
    *, actor: User, request: DestructionRequest, refusal_reason: str, explanation: str = ""
) -> DestructionRequest:
    """Refused only for a reason from the fixed list (R15)."""
    _require_answerer(actor, request.dossier)
    _require_open_request(request)
    if refusal_reason not in DestructionRequest.RefusalReason.values:
        raise ValidationError(
            {
                "refusal_reason": [
                    _(
                        "Afwijzen kan alleen als een ander er een groot belang bij heeft, "
                        "of als de wet ons verplicht het te bewaren."
                    )
                ]
            }
        )
    request.status = DestructionRequest.Status.REFUSED
    request.refusal_reason = refusal_reason
    request.refusal_explanation = clean(explanation)
    request.answered_at = timezone.now()
    request.answered_by = actor
    request.save()
    return request


def _destroyed_parts(destroyed: dict, *, whole: bool) -> list[str]:
    """What was destroyed, in words for the stub: counts of what the family knows by name."""
    entries = len(destroyed.get(Entry, ()))
    parts = [ngettext("%(n)s notitie", "%(n)s notities", entries) % {"n": entries}]
    if whole:
        decisions = len(destroyed.get(Decision, ()))
        complaints = len(destroyed.get(Complaint, ()))
        parts += [
            ngettext("%(n)s besluit", "%(n)s besluiten", decisions) % {"n": decisions},
            ngettext("%(n)s klacht", "%(n)s klachten", complaints) % {"n": complaints},
            _("alle andere teksten over het gezin"),
        ]
    return parts


@service
def destruction_request_accept(*, actor: User, request: DestructionRequest) -> DestructionRequest:
    """Destroy what was asked for, scrub it from the audit log, and keep a stub of the act."""
    dossier = request.dossier
    _require_answerer(actor, dossier)
    _require_open_request(request)
    if request.scope == DestructionRequest.Scope.DOSSIER:
        destroyed = dossier_content_destroy(dossier=dossier)
    else:
        entries = list(request.entries.all())
        # A correction repeats what it corrects: it goes too.
        entries += list(
            Entry.objects.filter(corrects__in=entries).exclude(pk__in=[e.pk for e in entries])
        )
        destroyed = dossier_content_destroy(dossier=dossier, entries=entries)
    parts = _destroyed_parts(destroyed, whole=request.scope == DestructionRequest.Scope.DOSSIER)
    now = timezone.now()
    summary = _("Vernietigd op %(date)s op verzoek van %(name)s: %(what)s.") % {
        "date": date_format(timezone.localtime(now), "j F Y"),
        "name": request.member.full_name,
        "what": ", ".join(parts),
    }
    request.status = DestructionRequest.Status.ACCEPTED
    request.answered_at = now
    request.answered_by = actor
    request.destroyed_summary = summary
    request.save()
    # The stub in the timeline itself; written after the scrub, so it stays.
    timeline_event(dossier=dossier, author=actor, text=summary)
    return request


__all__ = [
    "correction_request_accept",
    "correction_request_file",
    "correction_request_refuse",
    "destruction_request_accept",
    "destruction_request_file",
    "destruction_request_refuse",
]
