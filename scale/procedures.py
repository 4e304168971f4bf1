"""Decisions with hoor en wederhoor (R9) and complaints (R10) of one seeded household.

The same rows and steps as `casefile.services.decisions` and `…complaints`: a decision is
proposed (draft), heard (invitations, views), then decided, withdrawn or taken urgently; each
step leaves a transition, a timeline line and an audit row. `h` is the HouseholdBuilder.
"""

from __future__ import annotations

import datetime

from . import words
from .people import between, dutch_date, new_id, utc_text
from .schema import (
    Complaint,
    ComplaintStatusChange,
    Decision,
    DecisionTransition,
    DecisionView,
    Dossier,
    HearingInvitation,
    access,
    add_working_days,
    age_on,
)

DAY = datetime.timedelta(days=1)
STATES = {"decided": 55, "hearing": 15, "draft": 10, "withdrawn": 10, "urgent": 10}
WORKING_DAYS = 5
URGENT_REASON = "Er is acuut gevaar voor een kind."
CHILD_HEARD = "Tekenen en praten tijdens een huisbezoek."


def decisions(h) -> None:
    rng = h.rng
    if h.showcase:
        plan = [("decided", words.DECISIONS[0]), ("hearing", words.DECISIONS[1])]
    elif rng.random() < 0.25:
        count = rng.choice([1, 1, 2])
        plan = [(_weighted_state(rng), rng.choice(words.DECISIONS)) for _ in range(count)]
    else:
        plan = []
    latest = (h.closed - 30 * DAY) if h.closed else h.now - DAY
    for state, spec in plan:
        if latest > h.opened:
            _decision(h, spec, state, between(rng, h.opened + DAY, latest))
    if h.closed is not None:
        _decision(h, words.CLOSURE, "decided", h.closed - 20 * DAY, decide_at=h.closed)


def _weighted_state(rng) -> str:
    return rng.choices(list(STATES), weights=list(STATES.values()))[0]


class _Decision:
    def __init__(self, h, pk, repr_):
        self.h, self.pk, self.repr_ = h, pk, repr_

    def step(self, values, to: str, actor, at, reason: str, changes: dict) -> None:
        h = self.h
        transition = {
            "id": new_id(h.rng),
            "decision_id": self.pk,
            "from_state": values["state"],
            "to_state": to,
            "actor_id": actor.id,
            "reason": reason,
            "at": at,
        }
        repr_ = f"{values['state']} → {to} {at:%Y-%m-%d %H:%M}"
        h.rows.add(DecisionTransition, transition, actor=actor, at=at, addr=actor.addr, repr_=repr_)
        if changes:
            changes = {"state": [values["state"], to], **changes}
            h.rows.updated(
                Decision, self.pk, changes, actor=actor, at=at, addr=actor.addr, repr_=self.repr_
            )
        values["state"] = to


def _decision(h, spec, state: str, proposed_at, decide_at=None) -> None:
    rng = h.rng
    kind, title, proposal = spec
    actor = h._writer(proposed_at)
    concerns = (
        [h.members[0], h.members[2]]
        if h.showcase
        else h.rng.sample(
            h._present(proposed_at), min(len(h._present(proposed_at)), rng.randint(1, 3))
        )
    )
    pk = new_id(rng)
    repr_ = f"{Decision.Kind(kind).label} {proposed_at:%Y-%m-%d}"
    values = {
        "id": pk,
        "dossier_id": h.dossier_id,
        "kind": kind,
        "title": title,
        "proposal": proposal,
        "state": "",
        "proposed_by_id": actor.id,
        "created_at": proposed_at,
        "hearing_working_days": WORKING_DAYS,
    }
    audit = {"actor": actor, "at": proposed_at, "addr": actor.addr, "repr_": repr_}
    decision = _Decision(h, pk, repr_)
    h.rows.created(Decision, {**values, "state": "draft"}, **audit)
    h.rows.m2m(Decision, "concerns", pk, concerns, **audit)
    decision.step(values, "draft", actor, proposed_at, "Voorstel gemaakt.", {})
    if state == "draft":
        h.rows.table(Decision).add(values)
        return
    decider = h.lead
    if state == "urgent":
        at = proposed_at + datetime.timedelta(minutes=rng.randint(5, 90))
        deadline, _views = _hear(h, values, concerns, at, proposal_views=False)
        outcome = proposal
        values.update(is_urgent=True, urgent_reason=URGENT_REASON, outcome=outcome)
        values.update(decided_at=at, decided_by_id=decider.id)
        decision.step(
            values,
            "decided",
            decider,
            at,
            URGENT_REASON,
            {
                "hearing_started_at": [None, utc_text(at)],
                "hearing_deadline": [None, str(deadline)],
                "is_urgent": [False, True],
                "urgent_reason": ["", URGENT_REASON],
                "outcome": ["", outcome],
                "decided_at": [None, utc_text(at)],
                "decided_by": [None, str(decider.id)],
            },
        )
        h._event(decider, at + DAY / 1000, f"Besluit genomen: {title}.", concerns)
        weigh_at = at + rng.randint(7, 20) * DAY
        if weigh_at < h.end and rng.random() < 0.6:
            weighing = "De zienswijzen zijn gelezen; het besluit blijft staan."
            values.update(weighing=weighing, weighed_at=weigh_at)
            h.rows.updated(
                Decision,
                pk,
                {"weighing": ["", weighing], "weighed_at": [None, utc_text(weigh_at)]},
                actor=decider,
                at=weigh_at,
                addr=decider.addr,
                repr_=repr_,
            )
        h.rows.table(Decision).add(values)
        return
    if state == "withdrawn" and rng.random() < 0.5:
        at = proposed_at + rng.randint(1, 10) * DAY
        _withdraw(decision, values, actor, min(at, h.end))
        h.rows.table(Decision).add(values)
        return
    start = decide_at - 15 * DAY if decide_at else proposed_at + rng.randint(0, 5) * DAY
    start = min(start, h.end)
    deadline, views = _hear(h, values, concerns, start, proposal_views=True)
    date = dutch_date(deadline)
    decision.step(
        values,
        "hearing",
        actor,
        start,
        f"Het gezin kan reageren tot en met {date}.",
        {"hearing_started_at": [None, utc_text(start)], "hearing_deadline": [None, str(deadline)]},
    )
    h._event(
        actor,
        start + DAY / 1000,
        f"Voorstel voor een besluit: {title}. U kunt reageren tot en met {date}.",
        concerns,
    )
    if state == "withdrawn":
        _withdraw(decision, values, actor, min(start + rng.randint(1, 10) * DAY, h.end))
    elif state == "decided":
        at = decide_at or h._end_of(deadline) + rng.randint(1, 10) * DAY
        if at < h.end or decide_at:
            _decide(h, decision, values, decider, at, title, concerns, views, bool(decide_at))
    h.rows.table(Decision).add(values)


def _hear(h, values, concerns, at, *, proposal_views: bool) -> tuple[datetime.date, int]:
    """R9: adults and children 12+ are invited; a younger child is heard another way."""
    rng = h.rng
    deadline = add_working_days(h._day(at), WORKING_DAYS)
    values.update(hearing_started_at=at, hearing_deadline=deadline)
    until = min(h._end_of(deadline), h.end)
    views_given = 0
    for member in concerns:
        age = age_on(member.date_of_birth, h._day(at))
        invited = age >= access.FAMILY_REQUEST_MIN_AGE
        kind = HearingInvitation.Kind.INVITED if invited else HearingInvitation.Kind.CHILD_TASK
        pk = new_id(rng)
        invitation = {
            "id": pk,
            "decision_id": values["id"],
            "member_id": member.id,
            "kind": kind,
            "age_on_invitation": age,
            "created_at": at,
        }
        repr_ = (
            f"{Decision.Kind(values['kind']).label} {values['created_at']:%Y-%m-%d} – {kind.label}"
        )
        actor = h.lead
        h.rows.add(HearingInvitation, invitation, actor=actor, at=at, addr=actor.addr, repr_=repr_)
        wanted = h.showcase and values["kind"] == words.DECISIONS[0][0]
        if not (wanted or (proposal_views and not h.showcase and rng.random() < 0.6)):
            continue
        given = between(rng, at, until)
        own = invited and member.user is not None and member.account_at <= given
        by = member.user if own else h._writer(given)
        stance, text = rng.choice(words.VIEWS)
        view = {
            "id": new_id(rng),
            "invitation_id": pk,
            "stance": stance if invited or rng.random() < 0.5 else "",
            "text": text,
            "how_heard": "" if invited else CHILD_HEARD,
            "given_by_id": by.id,
            "recorded_on_behalf": not own,
            "is_late": False,
            "created_at": given,
        }
        label = DecisionView.Stance(view["stance"]).label if view["stance"] else "-"
        repr_ = f"{label} {given:%Y-%m-%d}"
        h.rows.add(DecisionView, view, actor=by, at=given, addr=by.addr, repr_=repr_)
        views_given += 1
    return deadline, views_given


def _decide(h, decision, values, decider, at, title, concerns, views: int, closure: bool):
    outcome = "Het gezin en de hulpverleners voeren het voorstel samen uit."
    weighing = "De zienswijzen zijn besproken en meegewogen." if views else ""
    values.update(outcome=outcome, weighing=weighing, weighed_at=at)
    values.update(decided_at=at, decided_by_id=decider.id)
    decision.step(
        values,
        "decided",
        decider,
        at,
        weighing or "Niemand gaf een zienswijze; de termijn is voorbij.",
        {
            "outcome": ["", outcome],
            **({"weighing": ["", weighing]} if weighing else {}),
            "weighed_at": [None, utc_text(at)],
            "decided_at": [None, utc_text(at)],
            "decided_by": [None, str(decider.id)],
        },
    )
    h._event(decider, at + DAY / 1000, f"Besluit genomen: {title}.", concerns)
    if closure:
        h._event(
            decider,
            at + DAY / 500,
            "Het dossier is gesloten. Er komt niets meer bij. U kunt het nog wel lezen.",
        )
        h.dossier.update(status="closed", closed_at=at)
        h.rows.updated(
            Dossier,
            h.dossier_id,
            {"status": ["open", "closed"], "closed_at": [None, utc_text(at)]},
            actor=decider,
            at=at,
            addr=decider.addr,
            repr_=h.label,
        )


def _withdraw(decision, values, actor, at) -> None:
    values["withdrawn_at"] = at
    decision.step(
        values,
        "withdrawn",
        actor,
        at,
        "Het voorstel is ingetrokken.",
        {"withdrawn_at": [None, utc_text(at)]},
    )


def complaints(h) -> None:
    """R10: a member (12+) complains, or a professional records it; some are answered."""
    rng = h.rng
    if not h.showcase and rng.random() >= 0.03:
        return
    at = between(rng, h.opened + DAY, h.now - DAY)
    members = [m for m in h._present(at, min_age=12) if age_on(m.date_of_birth, h._day(at)) >= 12]
    if not members:
        return
    member = h.members[2] if h.showcase else rng.choice(members)
    own = member.user is not None and member.account_at <= at
    by = member.user if own else h._writer(at)
    conduct = not h.showcase and rng.random() < 0.3
    pk = new_id(rng)
    values = {
        "id": pk,
        "dossier_id": h.dossier_id,
        "member_id": member.id,
        "about": "conduct" if conduct else "dossier",
        "about_professional_id": rng.choice(h.windows).person.id if conduct else None,
        "text": rng.choice(words.COMPLAINTS),
        "filed_by_id": by.id,
        "recorded_on_behalf": not own,
        "received_at": at,
        "due_on": h._day(at) + 42 * DAY,
        "status": "received",
    }
    repr_ = f"{Complaint.About(values['about']).label} {at:%Y-%m-%d}"
    h.rows.created(Complaint, dict(values), actor=by, at=at, addr=by.addr, repr_=repr_)
    _trail(h, pk, "received", by, at)
    started = between(rng, at + DAY, min(at + 14 * DAY, h.now))
    if not h.showcase and started < h.now and rng.random() < 0.8:
        lead = h.lead
        values["status"] = "in_progress"
        h.rows.updated(
            Complaint,
            pk,
            {"status": ["received", "in_progress"]},
            actor=lead,
            at=started,
            addr=lead.addr,
            repr_=repr_,
        )
        _trail(h, pk, "in_progress", lead, started)
        answered = between(rng, started + DAY, min(started + 45 * DAY, h.now))
        if answered < h.now and rng.random() < 0.75:
            outcome = rng.choice(list(Complaint.Outcome.values))
            values.update(status="handled", outcome=outcome, answer=words.COMPLAINT_ANSWER)
            values.update(answered_at=answered, answered_by_id=lead.id)
            h.rows.updated(
                Complaint,
                pk,
                {
                    "status": ["in_progress", "handled"],
                    "outcome": ["", outcome],
                    "answer": ["", words.COMPLAINT_ANSWER],
                    "answered_at": [None, utc_text(answered)],
                    "answered_by": [None, str(lead.id)],
                },
                actor=lead,
                at=answered,
                addr=lead.addr,
                repr_=repr_,
            )
            _trail(h, pk, "handled", lead, answered, str(Complaint.Outcome(outcome).label))
    h.rows.table(Complaint).add(values)


def _trail(h, complaint, status, actor, at, note="") -> None:
    values = {
        "id": new_id(h.rng),
        "complaint_id": complaint,
        "status": status,
        "actor_id": actor.id,
        "note": note,
        "at": at,
    }
    repr_ = f"{status} {at:%Y-%m-%d}"
    h.rows.add(ComplaintStatusChange, values, actor=actor, at=at, addr=actor.addr, repr_=repr_)
