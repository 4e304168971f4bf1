"""Demo content for procedures (DESIGN §6): on *Jansen* a decided decision with weighed views,
a decision in hearing awaiting Pieter's and Lisa's views, and one open complaint. Idempotent."""

from __future__ import annotations

from accounts.models import User
from casefile.models import Dossier
from procedures import services
from procedures.models import Complaint, Decision


def load(users: dict[str, User]) -> None:
    dossier = Dossier.objects.filter(household__label="Jansen").first()
    if dossier is None or Decision.objects.filter(dossier=dossier).exists():
        return
    anna, pieter, lisa = users["anna"], users["pieter.jansen"], users["lisa.jansen"]
    members = {m.first_name: m for m in dossier.household.members.all()}

    decided = services.decision_propose(
        actor=anna,
        dossier=dossier,
        kind=Decision.Kind.AGREEMENT,
        title="Afspraken over rust in huis",
        proposal=(
            "Bij ruzie neemt Pieter of Mirjam een time-out van een half uur. "
            "Opa Kees past op Daan als dat nodig is."
        ),
        concerns=[members["Pieter"], members["Mirjam"]],
    )
    services.decision_start_hearing(actor=anna, decision=decided)
    invitations = {i.member.first_name: i for i in decided.invitations.select_related("member")}
    services.decision_view_give(
        actor=pieter,
        invitation=invitations["Pieter"],
        stance="partly",
        text="Een time-out is goed, maar een half uur is te lang. Tien minuten is genoeg.",
    )
    services.decision_view_give(
        actor=anna,
        invitation=invitations["Mirjam"],
        stance="agree",
        text="Mirjam zegt aan de telefoon: ik vind het een goed plan.",
    )
    services.decision_decide(
        actor=anna,
        decision=decided,
        outcome="Bij ruzie neemt wie boos is een time-out van twintig minuten. Opa Kees helpt.",
        weighing=(
            "Pieter vond een half uur te lang, Mirjam was het eens. "
            "We kozen samen voor twintig minuten: kort genoeg voor Pieter, lang genoeg om rustig te worden."
        ),
    )

    in_hearing = services.decision_propose(
        actor=anna,
        dossier=dossier,
        kind=Decision.Kind.REFERRAL,
        title="Verwijzing naar gezinstherapie",
        proposal=(
            "We stellen voor dat Pieter en Lisa samen naar gezinstherapie gaan, "
            "om beter met elkaar te praten."
        ),
        concerns=[members["Pieter"], members["Lisa"]],
    )
    services.decision_start_hearing(actor=anna, decision=in_hearing)

    services.complaint_file(
        actor=lisa,
        dossier=dossier,
        about=Complaint.About.DOSSIER,
        text="In het dossier staat niet goed wat ik op school heb verteld.",
    )
