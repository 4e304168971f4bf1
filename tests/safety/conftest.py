from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from safety import services
from safety.models import SafetyAssessment
from tests.factories import MunicipalityFactory, SafetyUserFactory


@pytest.fixture
def joined(world):
    """The world's safety-team member, after joining the world's dossier."""
    services.involvement_join(
        actor=world.safety, dossier=world.dossier, expertise="Veiligheid", reason="Melding"
    )
    return world.safety


@pytest.fixture
def other_region_safety(db):
    amersfoort = MunicipalityFactory(code="GM0307", name="Amersfoort")
    return SafetyUserFactory(username="elders", organisation__municipalities=[amersfoort])


def record_assessment(actor, dossier, *, acute=False, members=(), days_ago=0, **kwargs):
    values = {
        "assessed_on": timezone.localdate() - datetime.timedelta(days=days_ago),
        "acute_danger": acute,
        "acute_members": list(members),
        "structural_unsafety": False,
        "risk_level": SafetyAssessment.RiskLevel.ACUTE if acute else SafetyAssessment.RiskLevel.LOW,
        "findings": "Wat we zien",
        "actions_now": "Wat nu moet",
    }
    values.update(kwargs)
    return services.assessment_record(actor=actor, dossier=dossier, **values)


def make_plan(actor, dossier, *, agreements=None, **kwargs):
    values = {
        "concerns": "Zorgen",
        "safety_goal": "Doel",
        "danger_signals": "Signalen",
        "evaluation_date": timezone.localdate() + datetime.timedelta(days=30),
        "agreements": agreements
        if agreements is not None
        else [services.AgreementData(what="Afspraak", responsible="Ouder")],
    }
    values.update(kwargs)
    return services.safety_plan_create(actor=actor, dossier=dossier, **values)


def make_measure(actor, dossier, members, **kwargs):
    from safety.models import Measure

    values = {
        "kind": Measure.Kind.OTS,
        "members": members,
        "legal_basis": "Artikel 1:255 BW",
        "decided_by": Measure.DecidedBy.COURT,
        "starts_on": timezone.localdate() - datetime.timedelta(days=10),
    }
    values.update(kwargs)
    return services.measure_add(actor=actor, dossier=dossier, **values)
