"""Safety content of the demo world (DESIGN §6). Idempotent; built through the services.

Jansen: an assessment and a safety plan, by anna. De Vries: phase 2 and a measure, by bram.
Bakker: an acute assessment about baby Noor, by anna, so the start page has something that
needs attention first (DESIGN §6, "Added later").
sara (safety team) stays involved nowhere, so the join can be shown.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import User
from casefile import services as casefile_services
from casefile.models import Dossier
from households.models import Member, NetworkContact
from safety import services
from safety.models import Measure, Phase, SafetyAssessment


def load(users: dict[str, User]) -> None:
    today = timezone.localdate()
    anna, bram = users["anna"], users["bram"]
    jansen = Dossier.objects.select_related("household").filter(household__label="Jansen").first()
    if jansen is not None:
        _jansen(jansen, anna, today)
    de_vries = (
        Dossier.objects.select_related("household").filter(household__label="De Vries").first()
    )
    if de_vries is not None:
        _de_vries(de_vries, bram, today)
    bakker = Dossier.objects.select_related("household").filter(household__label="Bakker").first()
    if bakker is not None:
        _bakker(bakker, anna, today)


def _jansen(dossier: Dossier, anna: User, today: datetime.date) -> None:
    household = dossier.household
    if not dossier.safety_assessments.exists():
        services.assessment_record(
            actor=anna,
            dossier=dossier,
            assessed_on=today - datetime.timedelta(days=14),
            acute_danger=False,
            structural_unsafety=True,
            risk_level=SafetyAssessment.RiskLevel.ELEVATED,
            findings=(
                "Er is vaak harde ruzie tussen Pieter en Mirjam. Lisa en Daan horen dat. "
                "Er is niemand geslagen. Opa Kees en de buurvrouw helpen."
            ),
            actions_now="We maken deze week samen een veiligheidsplan.",
        )
    if not dossier.safety_plans.exists():
        neighbour = NetworkContact.objects.filter(household=household, name="Els Peters").first()
        if neighbour is None:
            neighbour = casefile_services.network_contact_add(
                actor=anna, household=household, name="Els Peters", relation="buurvrouw"
            )
        services.safety_plan_create(
            actor=anna,
            dossier=dossier,
            concerns="Harde ruzies waar Lisa en Daan bij zijn. Lisa is bang als het thuis onrustig is.",
            safety_goal="Lisa en Daan zijn thuis veilig en voelen zich veilig. Ruzies lopen niet uit de hand.",
            danger_signals="Stemmen gaan omhoog, er wordt met deuren gegooid, Lisa gaat naar haar kamer.",
            evaluation_date=today + datetime.timedelta(days=42),
            agreements=[
                services.AgreementData(
                    what="Bij oplopende ruzie gaat Pieter een half uur naar buiten.",
                    responsible="Pieter",
                ),
                services.AgreementData(
                    what="Lisa mag dan naar de buurvrouw; zij belt Anna als het vaker gebeurt.",
                    responsible="Mirjam",
                    watcher=neighbour,
                ),
            ],
            family_agreed=True,
            family_agreed_on=today - datetime.timedelta(days=7),
        )


def _de_vries(dossier: Dossier, bram: User, today: datetime.date) -> None:
    if not dossier.phase_changes.exists():
        services.phase_change(
            actor=bram,
            dossier=dossier,
            phase=Phase.STABLE_SAFETY,
            reason="De directe veiligheid is geregeld. We werken aan rust en vaste routines.",
        )
    if not dossier.measures.exists():
        tom = Member.objects.get(household=dossier.household, first_name="Tom")
        services.measure_add(
            actor=bram,
            dossier=dossier,
            kind=Measure.Kind.OTS,
            members=[tom],
            legal_basis="Artikel 1:255 BW",
            decided_by=Measure.DecidedBy.COURT,
            reference="C/16/512345 JE RK 25-100",
            starts_on=today - datetime.timedelta(days=120),
            ends_on=today + datetime.timedelta(days=245),
        )


def _bakker(dossier: Dossier, anna: User, today: datetime.date) -> None:
    if dossier.safety_assessments.exists():
        return
    noor = Member.objects.get(household=dossier.household, first_name="Noor")
    services.assessment_record(
        actor=anna,
        dossier=dossier,
        assessed_on=today - datetime.timedelta(days=1),
        acute_danger=True,
        structural_unsafety=False,
        risk_level=SafetyAssessment.RiskLevel.ACUTE,
        acute_members=[noor],
        findings=(
            "Noor drinkt sinds een paar dagen slecht en valt af. Fatima is uitgeput en 's nachts "
            "alleen met haar. Er is niemand die kan helpen."
        ),
        actions_now=(
            "Vandaag gaat de wijkverpleging langs. Een nicht van Fatima blijft een paar nachten. "
            "Morgen belt Anna met de huisarts."
        ),
    )
