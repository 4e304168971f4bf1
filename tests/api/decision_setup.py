"""Decisions in a given state, for API tests (built through the services, so every rule holds)."""

from __future__ import annotations

from procedures import services as procedure_services
from procedures.models import Decision, HearingInvitation


def decision_in(dossier, *, lead, state: str = "hearing", concerns=None) -> Decision:
    """`draft`, `hearing` (everyone invited, nobody answered) or `heard` (everyone answered)."""
    concerns = (
        concerns
        if concerns is not None
        else [dossier.household.members.order_by("date_of_birth").first()]
    )
    decision = procedure_services.decision_propose(
        actor=lead,
        dossier=dossier,
        kind=Decision.Kind.AGREEMENT,
        title="Afspraken over school",
        proposal="Daan gaat weer naar school.",
        concerns=concerns,
    )
    if state == "draft":
        return decision
    procedure_services.decision_start_hearing(actor=lead, decision=decision)
    if state == "heard":
        for invitation in decision.invitations.all():
            procedure_services.decision_view_give(
                actor=lead,
                invitation=invitation,
                stance="agree",
                text="Eens, zei zij aan de telefoon.",
                how_heard="Gesprek thuis"
                if invitation.kind == HearingInvitation.Kind.CHILD_TASK
                else "",
            )
    decision.refresh_from_db()
    return decision
