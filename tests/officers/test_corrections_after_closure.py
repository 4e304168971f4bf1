"""R11: the right to correction outlasts closure. A family member asks to correct an entry of a
closed dossier; the lead of record answers it, and the correction is the one entry a closed
dossier still takes."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from casefile import services
from casefile.models import Dossier, Entry
from procedures import services as procedure_services
from procedures.models import CorrectionRequest

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(world):
    world.entry = services.entry_add(actor=world.lead, dossier=world.dossier, text="Vader dronk")
    Dossier.objects.filter(pk=world.dossier.pk).update(status="closed", closed_at=timezone.now())
    world.dossier.refresh_from_db()
    return world


def test_a_family_member_asks_a_correction_on_a_closed_dossier(closed):
    client = closed.client_for(closed.family)
    url = reverse("portal:family-correction-create", args=[closed.entry.pk])
    response = client.post(url, {"text": "Ik dronk niet", "statement": "Mijn kant"})
    assert response.status_code == 302
    request = CorrectionRequest.objects.get()
    assert request.is_open and request.dossier == closed.dossier


def test_the_lead_of_record_accepts_it_with_a_correction_entry(closed):
    request = procedure_services.correction_request_file(
        actor=closed.family, entry=closed.entry, text="Ik dronk niet"
    )
    client = closed.client_for(closed.lead)
    url = reverse("procedures:correction-request-detail", args=[request.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"accept": "1", "text": "Vader dronk niet"})
    assert response.status_code == 302
    request.refresh_from_db()
    closed.dossier.refresh_from_db()
    assert request.status == CorrectionRequest.Status.ACCEPTED
    assert request.correction.corrects == closed.entry and request.correction.kind == "correction"
    assert not closed.dossier.is_open  # still closed


def test_the_lead_may_refuse_it_with_a_reason(closed):
    request = procedure_services.correction_request_file(
        actor=closed.family, entry=closed.entry, text="Ik dronk niet", statement="Mijn kant"
    )
    procedure_services.correction_request_refuse(
        actor=closed.lead, request=request, reason="Het verslag klopt"
    )
    request.refresh_from_db()
    assert request.own_statement.text == "Mijn kant"


@pytest.mark.parametrize("who", ["involved", "complaints_officer", "privacy_officer", "family"])
def test_only_the_lead_answers_it(closed, who):
    request = procedure_services.correction_request_file(
        actor=closed.family, entry=closed.entry, text="Ik dronk niet"
    )
    with pytest.raises(PermissionDenied):
        procedure_services.correction_request_accept(
            actor=getattr(closed, who), request=request, text="Anders"
        )


def test_nothing_else_is_added_to_a_closed_dossier(closed):
    with pytest.raises((ValidationError, PermissionDenied)):
        services.entry_correct(actor=closed.lead, entry=closed.entry, text="Zelf verbeterd")
    with pytest.raises((ValidationError, PermissionDenied)):
        services.entry_add(actor=closed.lead, dossier=closed.dossier, text="Nog iets")
    assert not closed.dossier.entries.filter(kind=Entry.Kind.CORRECTION).exists()
