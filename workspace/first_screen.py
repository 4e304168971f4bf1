"""The top of a dossier's page for professionals: what matters, before the address and the
people around the household (issue 13).

The acute state and the phase as status tags, the running measures, the open decisions with who
they still wait for and their deadline, the lead (once) and the next evaluation of the safety
plan. Read in a fixed number of queries: the safety overview is the one the banner and the safety
panel share, the decisions are the procedures' own selector.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from casefile.models import Dossier
from procedures import selectors as procedure_selectors
from procedures.models import Decision
from safety import selectors as safety_selectors
from safety.models import Measure, SafetyAssessment


@dataclass
class FirstScreen:
    acute: SafetyAssessment | None
    phase: int | None
    measures: list[Measure]
    decisions: list[Decision]
    next_evaluation: datetime.date | None
    evaluation_passed: bool


def first_screen(*, dossier: Dossier) -> FirstScreen:
    overview = safety_selectors.dossier_safety_overview(dossier=dossier)
    plan = overview.plan
    decisions = procedure_selectors.open_decision_list(dossier=dossier)
    for decision in decisions:
        decision.tone, decision.tag = _decision_tag(decision)
    return FirstScreen(
        acute=overview.acute,
        phase=overview.phase.phase if overview.phase else dossier.phase,
        measures=overview.current_measures,
        decisions=decisions,
        next_evaluation=plan.evaluation_date if plan else None,
        evaluation_passed=plan is not None and plan.evaluation_date < timezone.localdate(),
    )


def _decision_tag(decision: Decision) -> tuple[str, str]:
    """The status tag of an open decision: its tone and its text."""
    if decision.state == Decision.State.DRAFT:
        return "neutral", _("voorstel")
    if decision.awaits_weighing:
        return "warning", _("spoedbesluit: zienswijzen nog wegen")
    if decision.is_overdue:
        return "warning", _("termijn voorbij: besluit nemen")
    return "info", _("gezin wordt gehoord")
