"""Safety work in one seeded household (R5, R14): assessments, phases, plans, measures, MDA++.

As `safety.services` leaves it: an acute assessment moves the dossier to phase 1 and a phase
moves on only after a newer assessment without acute danger; plans are versions with
agreements and network watchers; a measure ends explicitly. `h` is the HouseholdBuilder.
"""

from __future__ import annotations

import datetime

from . import words
from .people import Person, between, new_id
from .schema import MdaChange, Measure, PhaseChange, SafetyAgreement, SafetyAssessment, SafetyPlan

SECOND = datetime.timedelta(seconds=1)
DAY = datetime.timedelta(days=1)


def _actor(h, at) -> Person:
    joined = [w.person for w in h.windows if w.kind == "joined" and w.active(at)]
    return joined[0] if joined else h.lead


def safety(h) -> None:
    rng = h.rng
    joined = any(w.kind == "joined" for w in h.windows)
    if not h.showcase and rng.random() >= (0.7 if joined else 0.15):
        return
    times = sorted(between(rng, h.opened + DAY, h.end) for _ in range(rng.randint(1, 3)))
    phase = None
    for at in times:
        acute = not h.showcase and rng.random() < 0.12
        assessment = _assessment(h, at, acute)
        if acute and phase != 1:
            phase = _phase(h, at + SECOND, 1, words.ACUTE_PHASE_REASON, assessment)
        elif not acute and rng.random() < 0.6:
            following = {None: rng.choice([1, 2]), 1: 2, 2: 3, 3: None}[phase]
            moment = between(rng, at + SECOND, min(at + 7 * DAY, h.end))
            if following is not None:
                phase = _phase(h, moment, following, words.PHASE_REASONS[following])
    if h.showcase or rng.random() < 0.45:
        for version in range(1, 2 if rng.random() < 0.8 else 3):
            _plan(h, version, between(rng, times[0], h.end))
    if rng.random() < (0.3 if joined else 0.04):
        _measure(h, between(rng, times[0], h.end))
    if rng.random() < 0.02:
        at = between(rng, times[0], h.end)
        lead = h.lead
        values = {
            "id": new_id(rng),
            "dossier_id": h.dossier_id,
            "marked": True,
            "reason": "Meerdere domeinen en structurele onveiligheid.",
            "changed_by_id": lead.id,
            "changed_at": at,
        }
        repr_ = f"{h.label} MDA++=True"
        h.rows.add(MdaChange, values, actor=lead, at=at, addr=lead.addr, repr_=repr_)


def _assessment(h, at, acute: bool):
    rng = h.rng
    actor = _actor(h, at)
    day = h._day(at)
    pk = new_id(rng)
    values = {
        "id": pk,
        "dossier_id": h.dossier_id,
        "assessed_on": day,
        "assessed_by_id": actor.id,
        "assessor_organisation_id": actor.organisation_id,
        "acute_danger": acute,
        "structural_unsafety": rng.random() < 0.4,
        "risk_level": "acute" if acute else rng.choice(["low", "elevated", "high"]),
        "findings": rng.choice(words.FINDINGS),
        "actions_now": rng.choice(words.ACTIONS_NOW),
        "created_at": at,
    }
    audit = {
        "actor": actor,
        "at": at,
        "addr": actor.addr,
        "repr_": f"{h.label} {day:%Y-%m-%d}",
    }
    h.rows.add(SafetyAssessment, values, **audit)
    # As `safety.services` keeps it: an assessment is activity too (issue 13).
    last = h.dossier.get("last_activity")
    h.dossier["last_activity"] = at if last is None or at > last else last
    if acute:
        h.rows.m2m(SafetyAssessment, "acute_members", pk, h._some(at, 2, True), **audit)
    return pk


def _phase(h, at, phase: int, reason: str, assessment=None) -> int:
    actor = _actor(h, at)
    values = {
        "id": new_id(h.rng),
        "dossier_id": h.dossier_id,
        "phase": phase,
        "reason": reason,
        "changed_by_id": actor.id,
        "changed_at": at,
        "assessment_id": assessment,
    }
    repr_ = f"{h.label} → {phase}"
    h.rows.add(PhaseChange, values, actor=actor, at=at, addr=actor.addr, repr_=repr_)
    h.dossier["phase"] = phase  # the dossier's copy of its newest phase, as safety keeps it
    return phase


def _plan(h, version: int, at) -> None:
    rng = h.rng
    actor = _actor(h, at)
    agreed = rng.random() < 0.6
    pk = new_id(rng)
    values = {
        "id": pk,
        "dossier_id": h.dossier_id,
        "version": version,
        "concerns": words.PLAN_CONCERNS,
        "safety_goal": words.PLAN_GOAL,
        "danger_signals": words.PLAN_SIGNALS,
        "evaluation_date": h._day(at) + 42 * DAY,
        "family_agreed": agreed,
        "family_agreed_on": h._day(at) if agreed else None,
        "created_by_id": actor.id,
        "created_at": at,
    }
    audit = {"actor": actor, "at": at, "addr": actor.addr}
    h.rows.add(SafetyPlan, values, repr_=f"{h.label} v{version}", **audit)
    adults = [m.first_name for m in h._present(at) if m.adult] or ["Hulpverlener"]
    for position, what in enumerate(rng.sample(words.AGREEMENTS, rng.randint(2, 4))):
        watcher = rng.choice(h.contacts) if h.contacts and rng.random() < 0.5 else None
        agreement = {
            "id": new_id(rng),
            "plan_id": pk,
            "position": position,
            "what": what,
            "responsible": rng.choice(adults),
            "watcher_id": watcher,
        }
        h.rows.add(SafetyAgreement, agreement, repr_=what[:50], **audit)


def _measure(h, at) -> None:
    rng = h.rng
    actor = _actor(h, at)
    kind = rng.choice(list(words.MEASURES))
    starts = h._day(at)
    length = {"restraining_order": 10, "provisional_ots": 90, "guardianship": None}.get(kind, 365)
    pk = new_id(rng)
    values = {
        "id": pk,
        "dossier_id": h.dossier_id,
        "kind": kind,
        "legal_basis": words.MEASURES[kind],
        "decided_by": "mayor" if kind == "restraining_order" else "court",
        "reference": f"C/16/{rng.randint(100000, 999999)} JE RK {starts:%y}-{rng.randint(1, 999)}",
        "starts_on": starts,
        "ends_on": starts + length * DAY if length else None,
        "status": "requested" if rng.random() < 0.1 else "active",
        "recorded_by_id": actor.id,
        "created_at": at,
    }
    repr_ = f"{Measure.Kind(kind).label} – {h.label}"
    audit = {"actor": actor, "at": at, "addr": actor.addr, "repr_": repr_}
    h.rows.created(Measure, values, **audit)
    h.rows.m2m(Measure, "members", pk, h._some(at, 2, True), **audit)
    last_day = h.today - DAY
    if values["status"] == "active" and starts < last_day and rng.random() < 0.3:
        ended_on = starts + (last_day - starts) * rng.random()
        reason = rng.choice(words.END_REASONS)
        moment = h._end_of(ended_on) - datetime.timedelta(hours=7)
        values.update(status="ended", ended_on=ended_on, end_reason=reason, ended_by_id=actor.id)
        h.rows.updated(
            Measure,
            pk,
            {
                "status": ["active", "ended"],
                "ended_on": [None, str(ended_on)],
                "end_reason": ["", reason],
                "ended_by": [None, str(actor.id)],
            },
            actor=actor,
            at=moment,
            addr=actor.addr,
            repr_=repr_,
        )
    h.rows.table(Measure).add(values)
