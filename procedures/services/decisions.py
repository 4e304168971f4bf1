"""Decisions with hoor en wederhoor (R9). The one module that moves a decision between states.

    draft ──start_hearing──▶ hearing ──decide──▶ decided
      │  └──decide_urgent (invitations out at once, hearing follows, weigh later)──▶ decided
      └──────────────withdraw (from draft or hearing)──────────────▶ withdrawn

Every step writes a `DecisionTransition` with actor and reason, and auditlog rows with the actor.
These services serve family members (their own view) and professionals (on their behalf) alike.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from casefile import access
from casefile.models import Dossier
from casefile.services import dossier_close, timeline_event
from core.concurrency import Conflict, lock
from core.dates import add_working_days
from core.services import service
from core.text import clean, is_blank
from households.models import Member
from households.validators import age_on
from outbox.services import message_add
from procedures.models import (
    CorrectionRequest,
    Decision,
    DecisionTransition,
    DecisionView,
    HearingInvitation,
)
from procedures.tasks import hearing_invitation_notify

from ._common import require, require_open, today

MAX_HEARING_WORKING_DAYS = 60


def _already_done() -> str:
    return _("Over dit besluit is al beslist of het is ingetrokken. Er is niets veranderd.")


def _transition(decision: Decision, *, to: str, actor: User, reason: str) -> None:
    DecisionTransition.objects.create(
        decision=decision, from_state=decision.state, to_state=to, actor=actor, reason=reason
    )
    decision.state = to


def _clean_working_days(days: int) -> int:
    if not 1 <= days <= MAX_HEARING_WORKING_DAYS:
        raise ValidationError(
            {
                "hearing_working_days": [
                    _("Kies een termijn van 1 tot %(max)s werkdagen.")
                    % {"max": MAX_HEARING_WORKING_DAYS}
                ]
            }
        )
    return days


@service
def decision_propose(
    *,
    actor: User,
    dossier: Dossier,
    kind: str,
    title: str,
    proposal: str,
    concerns: Iterable[Member],
    hearing_working_days: int | None = None,
) -> Decision:
    """A draft decision: what is proposed, about whom. Nobody is invited yet."""
    require(
        access.can_propose_decision(actor, dossier),
        _("U mag in dit dossier geen besluit voorstellen."),
    )
    require_open(dossier)
    concerns = list(concerns)
    errors = {}
    if kind not in Decision.Kind.values:
        errors["kind"] = [_("Kies de soort besluit.")]
    if is_blank(title):
        errors["title"] = [_("Geef het besluit een korte omschrijving.")]
    if is_blank(proposal):
        errors["proposal"] = [_("Schrijf op wat u voorstelt en waarom.")]
    if not concerns:
        errors["concerns"] = [_("Kies over wie het besluit gaat.")]
    elif any(m.household_id != dossier.household_id or not m.is_current for m in concerns):
        errors["concerns"] = [_("Kies alleen mensen die in dit huishouden wonen.")]
    if errors:
        raise ValidationError(errors)
    days = _clean_working_days(
        hearing_working_days
        if hearing_working_days is not None
        else settings.HEARING_DEFAULT_WORKING_DAYS
    )
    decision = Decision.objects.create(
        dossier=dossier,
        kind=kind,
        title=clean(title),
        proposal=clean(proposal),
        proposed_by=actor,
        hearing_working_days=days,
    )
    decision.concerns.set(concerns)
    DecisionTransition.objects.create(
        decision=decision,
        from_state="",
        to_state=Decision.State.DRAFT,
        actor=actor,
        reason=_("Voorstel gemaakt."),
    )
    return decision


def _invite(decision: Decision) -> list[HearingInvitation]:
    """R9: adults and children 12+ on this day are invited; a younger child is a task."""
    day = today()
    invitations = []
    for member in decision.concerns.all():
        age = age_on(member.date_of_birth, day)
        kind = (
            HearingInvitation.Kind.INVITED
            if age >= access.FAMILY_REQUEST_MIN_AGE
            else HearingInvitation.Kind.CHILD_TASK
        )
        invitations.append(
            HearingInvitation.objects.create(
                decision=decision, member=member, kind=kind, age_on_invitation=age
            )
        )
    decision.hearing_started_at = timezone.now()
    decision.hearing_deadline = add_working_days(day, decision.hearing_working_days)
    for invitation in invitations:
        if invitation.kind == HearingInvitation.Kind.INVITED:
            message_add(task=hearing_invitation_notify, invitation_id=invitation.pk)
    return invitations


@service
def decision_start_hearing(
    *, actor: User, decision: Decision, working_days: int | None = None, reason: str = ""
) -> Decision:
    """Draft → hearing: everyone it concerns is invited or becomes a task; the deadline starts."""
    dossier = decision.dossier
    require(
        access.can_propose_decision(actor, dossier),
        _("U mag in dit dossier geen besluit voorbereiden."),
    )
    require_open(dossier)
    lock(decision)
    if decision.state != Decision.State.DRAFT:
        raise Conflict(
            _("Het horen is al gestart, of over dit voorstel is al beslist. Er is niets veranderd.")
        )
    if working_days is not None:
        decision.hearing_working_days = _clean_working_days(working_days)
    _invite(decision)
    deadline = date_format(decision.hearing_deadline, "j F Y")
    _transition(
        decision,
        to=Decision.State.HEARING,
        actor=actor,
        reason=clean(reason)
        or _("Het gezin kan reageren tot en met %(date)s.") % {"date": deadline},
    )
    decision.save()
    timeline_event(
        dossier=dossier,
        author=actor,
        about=decision.concerns.all(),
        text=_("Voorstel voor een besluit: %(title)s. Reageren kan tot en met %(date)s.")
        % {"title": decision.title, "date": deadline},
    )
    return decision


@service
def decision_view_give(
    *,
    actor: User,
    invitation: HearingInvitation,
    stance: str = "",
    text: str,
    how_heard: str = "",
) -> DecisionView:
    """A zienswijze: by the member themself, or recorded by a professional (marked as such).

    One per invitation; a second one is refused so nothing is overwritten. After the deadline
    it is still accepted, marked late.
    """
    decision = invitation.decision
    dossier = decision.dossier
    if actor.is_authenticated and actor.is_family:
        require(
            access.can_give_view(actor, invitation),
            _("U kunt alleen uw eigen zienswijze geven."),
        )
        on_behalf = False
    else:
        require(
            access.can_record_for_family(actor, dossier),
            _("U mag hier geen zienswijze vastleggen."),
        )
        on_behalf = True
    require_open(dossier)
    # Two views for one invitation at once (a double submit): the second waits, then is refused.
    lock(decision)
    accepting = decision.state == Decision.State.HEARING or decision.awaits_weighing
    if not accepting:
        raise ValidationError(_("Over dit besluit kan niemand meer een zienswijze geven."))
    if DecisionView.objects.filter(invitation=invitation).exists():
        raise Conflict(
            _("Er is al een zienswijze van %(name)s. Die blijft staan zoals hij is gegeven.")
            % {"name": invitation.member.full_name}
        )
    errors = {}
    if invitation.is_child_task:
        if is_blank(how_heard):
            errors["how_heard"] = [_("Schrijf op hoe u het kind heeft gehoord.")]
        if stance and stance not in DecisionView.Stance.values:
            errors["stance"] = [_("Kies eens, deels eens of oneens.")]
    elif stance not in DecisionView.Stance.values:
        errors["stance"] = [_("Kies eens, deels eens of oneens.")]
    if is_blank(text):
        errors["text"] = [_("Schrijf de zienswijze op.")]
    if errors:
        raise ValidationError(errors)
    return DecisionView.objects.create(
        invitation=invitation,
        stance=stance,
        text=clean(text),
        how_heard=clean(how_heard) if invitation.is_child_task else "",
        given_by=actor,
        recorded_on_behalf=on_behalf,
        is_late=decision.deadline_passed(),
    )


def _require_may_decide(actor: User, decision: Decision) -> None:
    require(
        access.can_decide(actor, decision),
        _("Alleen de vaste professional neemt dit besluit.")
        if decision.kind != Decision.Kind.SAFETY_MEASURE
        else _(
            "Alleen de vaste professional of een betrokken medewerker van het veiligheidsteam neemt dit besluit."
        ),
    )


def _require_hearing_done(decision: Decision) -> None:
    """R9: everyone has answered, or the deadline has passed. Names who has not answered."""
    if decision.deadline_passed():
        return
    waiting = [
        invitation.member.full_name
        for invitation in decision.invitations.select_related("member").filter(view__isnull=True)
    ]
    if waiting:
        raise ValidationError(
            _(
                "U kunt nog niet besluiten. Nog geen zienswijze van: %(names)s. "
                "Dat kan als zij gereageerd hebben, of na %(date)s."
            )
            % {"names": ", ".join(waiting), "date": date_format(decision.hearing_deadline, "j F Y")}
        )


def _require_weighing(decision: Decision, weighing: str) -> None:
    if is_blank(weighing) and DecisionView.objects.filter(invitation__decision=decision).exists():
        raise ValidationError(
            {"weighing": [_("Schrijf op hoe u de zienswijzen heeft meegewogen.")]}
        )


def _require_nothing_waiting_before_closure(decision: Decision) -> None:
    """A closed dossier is read-only: nothing that still needs an answer may be left in it.

    Other proposals, an urgent decision still to be weighed and correction requests would be
    stuck for good. Complaints and destruction requests are still handled after closing.
    """
    if decision.kind != Decision.Kind.CLOSURE:
        return
    dossier = decision.dossier
    waiting = [
        _("besluit ‘%(title)s’") % {"title": title}
        for title in Decision.objects.filter(dossier=dossier)
        .exclude(pk=decision.pk)
        .filter(
            Q(state__in=[Decision.State.DRAFT, Decision.State.HEARING])
            | Q(state=Decision.State.DECIDED, is_urgent=True, weighed_at__isnull=True)
        )
        .order_by("created_at")
        .values_list("title", flat=True)
    ]
    corrections = CorrectionRequest.objects.filter(
        dossier=dossier, status=CorrectionRequest.Status.OPEN
    ).count()
    if corrections:
        waiting.append(
            ngettext("%(n)s correctieverzoek", "%(n)s correctieverzoeken", corrections)
            % {"n": corrections}
        )
    if waiting:
        raise ValidationError(
            _(
                "U kunt het dossier nog niet sluiten. Dit wacht nog op een besluit of antwoord: "
                "%(items)s. Rond dat eerst af, of trek het voorstel in."
            )
            % {"items": ", ".join(waiting)}
        )


def _close_dossier_if_closure(decision: Decision, actor: User) -> None:
    """Deciding a closure closes the dossier; it stays visible to those who had access."""
    if decision.kind == Decision.Kind.CLOSURE:
        dossier_close(actor=actor, dossier=decision.dossier)


@service
def decision_decide(*, actor: User, decision: Decision, outcome: str, weighing: str) -> Decision:
    """Hearing → decided: only when everyone answered or the deadline passed, with the weighing."""
    _require_may_decide(actor, decision)
    require_open(decision.dossier)
    # A second decide (a double submit, a colleague at the same time) waits here, then refuses.
    lock(decision)
    if decision.state == Decision.State.DRAFT:
        raise ValidationError(
            _("Eerst wordt het gezin gehoord. Start het horen, of neem een spoedbesluit.")
        )
    if decision.state != Decision.State.HEARING:
        raise Conflict(_already_done())
    if is_blank(outcome):
        raise ValidationError({"outcome": [_("Schrijf op wat u besluit.")]})
    _require_hearing_done(decision)
    _require_weighing(decision, weighing)
    _require_nothing_waiting_before_closure(decision)
    now = timezone.now()
    decision.outcome = clean(outcome)
    decision.weighing = clean(weighing)
    decision.weighed_at = now
    decision.decided_at = now
    decision.decided_by = actor
    _transition(
        decision,
        to=Decision.State.DECIDED,
        actor=actor,
        reason=decision.weighing or _("Niemand gaf een zienswijze; de termijn is voorbij."),
    )
    decision.save()
    timeline_event(
        dossier=decision.dossier,
        author=actor,
        about=decision.concerns.all(),
        text=_("Besluit genomen: %(title)s.") % {"title": decision.title},
    )
    _close_dossier_if_closure(decision, actor)
    return decision


@service
def decision_decide_urgent(
    *, actor: User, decision: Decision, outcome: str, urgent_reason: str
) -> Decision:
    """Acute danger: decided at once with a reason; invitations go out now, the hearing follows.

    The decision stays marked urgent; its views are weighed afterwards with `decision_weigh`.
    """
    _require_may_decide(actor, decision)
    require_open(decision.dossier)
    lock(decision)
    if decision.state != Decision.State.DRAFT:
        raise Conflict(
            _("Een spoedbesluit neemt u direct vanuit het voorstel. Dit voorstel is al verder.")
        )
    if decision.kind == Decision.Kind.CLOSURE:
        # Closing makes the dossier read-only, so the hearing could never follow.
        raise ValidationError(
            _("Een dossier sluiten is nooit een spoedbesluit. Start het horen van het gezin.")
        )
    errors = {}
    if is_blank(outcome):
        errors["outcome"] = [_("Schrijf op wat u besluit.")]
    if is_blank(urgent_reason):
        errors["urgent_reason"] = [_("Schrijf op waarom dit niet kan wachten.")]
    if errors:
        raise ValidationError(errors)
    _invite(decision)
    now = timezone.now()
    decision.is_urgent = True
    decision.urgent_reason = clean(urgent_reason)
    decision.outcome = clean(outcome)
    decision.decided_at = now
    decision.decided_by = actor
    _transition(decision, to=Decision.State.DECIDED, actor=actor, reason=decision.urgent_reason)
    decision.save()
    timeline_event(
        dossier=decision.dossier,
        author=actor,
        about=decision.concerns.all(),
        text=_(
            "Spoedbesluit genomen: %(title)s. Waarom met spoed: %(reason)s "
            "Reageren kan nog tot en met %(date)s."
        )
        % {
            "title": decision.title,
            "reason": decision.urgent_reason,
            "date": date_format(decision.hearing_deadline, "j F Y"),
        },
    )
    return decision


@service
def decision_weigh(*, actor: User, decision: Decision, weighing: str) -> Decision:
    """After an urgent decision's hearing: record how the views were weighed."""
    _require_may_decide(actor, decision)
    lock(decision)
    if not decision.awaits_weighing:
        raise Conflict(_("Dit besluit wacht niet (meer) op een weging. Er is niets veranderd."))
    _require_hearing_done(decision)
    _require_weighing(decision, weighing)
    decision.weighing = clean(weighing)
    decision.weighed_at = timezone.now()
    decision.save(update_fields=["weighing", "weighed_at"])
    DecisionTransition.objects.create(
        decision=decision,
        from_state=decision.state,
        to_state=decision.state,
        actor=actor,
        reason=decision.weighing or _("Niemand gaf een zienswijze; de termijn is voorbij."),
    )
    return decision


@service
def decision_withdraw(*, actor: User, decision: Decision, reason: str) -> Decision:
    """Draft or hearing → withdrawn, with a reason. Views already given stay attached."""
    dossier = decision.dossier
    require(
        access.can_withdraw_decision(actor, decision),
        _("Alleen wie het voorstelde of wie besluit, kan het intrekken."),
    )
    lock(decision)
    if not decision.is_open:
        raise Conflict(_already_done())
    if is_blank(reason):
        raise ValidationError({"reason": [_("Schrijf op waarom het voorstel wordt ingetrokken.")]})
    was_heard = decision.state == Decision.State.HEARING
    decision.withdrawn_at = timezone.now()
    _transition(decision, to=Decision.State.WITHDRAWN, actor=actor, reason=clean(reason))
    decision.save()
    if was_heard:
        timeline_event(
            dossier=dossier,
            author=actor,
            about=decision.concerns.all(),
            text=_("Het voorstel ‘%(title)s’ is ingetrokken. Waarom: %(reason)s")
            % {"title": decision.title, "reason": clean(reason)},
        )
    return decision


__all__ = [
    "decision_decide",
    "decision_decide_urgent",
    "decision_propose",
    "decision_start_hearing",
    "decision_view_give",
    "decision_weigh",
    "decision_withdraw",
]
