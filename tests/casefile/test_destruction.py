"""R15 destruction requests: 12+, decided within 3 months, refusal from the fixed list, and an
accepted request removes the content (audit log included) and leaves a stub."""

from __future__ import annotations

import json

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from casefile import services
from casefile.models import Entry
from core.dates import add_months
from procedures import services as procedure_services
from procedures.models import DestructionRequest

from .procedure_helpers import in_hearing, log_entries, pass_deadline

pytestmark = pytest.mark.django_db

SECRET = "Vader dronk veel op zaterdag"


@pytest.fixture
def entry(world):
    return services.entry_add(
        actor=world.lead, dossier=world.dossier, text=SECRET, about_members=[world.parent]
    )


def ask(world, **kwargs):
    defaults = {"actor": world.family, "dossier": world.dossier, "scope": "dossier"}
    return procedure_services.destruction_request_file(**(defaults | kwargs))


def all_audit_text() -> str:
    return " ".join(
        json.dumps(row.changes) + row.changes_text + json.dumps(row.serialized_data)
        for row in LogEntry.objects.all()
    )


def test_a_member_aged_12_plus_asks_and_it_is_due_in_three_months(world):
    request = ask(world)
    assert request.due_on == add_months(timezone.localdate(), 3)
    assert request.status == "open" and log_entries(request).get().actor == world.family


def test_a_child_under_12_cannot_ask_and_is_not_asked_for(world):
    with pytest.raises(ValidationError):
        ask(world, actor=world.lead, member=world.child)


@pytest.mark.parametrize("who", ["outsider", "ended", "safety", "analyst", "administrator"])
def test_others_cannot_ask(world, who):
    with pytest.raises(PermissionDenied):
        ask(world, actor=getattr(world, who), member=world.parent)


def test_asking_for_entries_names_them(world, entry):
    with pytest.raises(ValidationError):
        ask(world, scope="entries")
    request = ask(world, scope="entries", entries=[entry])
    assert list(request.entries.all()) == [entry]


def test_refusal_needs_a_reason_from_the_fixed_list(world):
    request = ask(world)
    with pytest.raises(ValidationError):
        procedure_services.destruction_request_refuse(
            actor=world.lead, request=request, refusal_reason="nope"
        )
    procedure_services.destruction_request_refuse(
        actor=world.lead, request=request, refusal_reason="legal_duty", explanation="Lopende OTS"
    )
    assert request.status == "refused"
    assert log_entries(request).first().actor == world.lead


@pytest.mark.parametrize("who", ["involved", "family", "outsider"])
def test_only_the_lead_decides(world, who):
    request = ask(world)
    with pytest.raises(PermissionDenied):
        procedure_services.destruction_request_accept(actor=getattr(world, who), request=request)
    with pytest.raises(PermissionDenied):
        procedure_services.destruction_request_refuse(
            actor=getattr(world, who), request=request, refusal_reason="legal_duty"
        )


def test_destroying_entries_leaves_no_content_and_an_audit_stub(world, entry):
    correction = services.entry_correct(actor=world.lead, entry=entry, text=SECRET + " (bijna)")
    keep = services.entry_add(actor=world.lead, dossier=world.dossier, text="Dit blijft staan")
    assert SECRET in all_audit_text()
    request = ask(world, scope="entries", entries=[entry])
    procedure_services.destruction_request_accept(actor=world.lead, request=request)

    for destroyed in (entry, correction):
        destroyed.refresh_from_db()
        assert SECRET not in destroyed.text and not destroyed.about_members.exists()
    assert Entry.objects.get(pk=keep.pk).text == "Dit blijft staan"
    assert SECRET not in all_audit_text()
    # The audit rows stay as stubs: who changed what field when, without the content.
    assert log_entries(entry).filter(actor=world.lead).exists()
    request.refresh_from_db()
    assert request.status == "accepted"
    assert world.parent.full_name in request.destroyed_summary
    assert "2 notities" in request.destroyed_summary
    stub = world.dossier.entries.filter(kind=Entry.Kind.EVENT).first()
    assert stub.text == request.destroyed_summary
    assert log_entries(request).first().actor == world.lead


def test_destroying_the_whole_dossier_removes_entries_decisions_and_complaints(world, entry):
    decision = pass_deadline(in_hearing(world))
    procedure_services.decision_view_give(
        actor=world.family,
        invitation=decision.invitations.get(member=world.parent),
        stance="disagree",
        text=SECRET,
    )
    procedure_services.decision_decide(
        actor=world.lead, decision=decision, outcome="Zo", weighing=SECRET
    )
    procedure_services.complaint_file(
        actor=world.family, dossier=world.dossier, about="dossier", text=SECRET
    )
    request = ask(world, reason="Ik wil een nieuwe start")
    procedure_services.destruction_request_accept(actor=world.lead, request=request)
    assert SECRET not in all_audit_text()
    assert not Entry.objects.filter(dossier=world.dossier, text__contains=SECRET).exists()
    decision.refresh_from_db()
    assert SECRET not in decision.weighing
    request.refresh_from_db()
    assert request.reason == "Ik wil een nieuwe start"  # the request itself is the stub
    assert DestructionRequest.objects.get(pk=request.pk).destroyed_summary


def test_a_closed_dossier_can_still_be_asked_to_be_destroyed(world):
    from procedures.models import Decision

    closure = pass_deadline(in_hearing(world, kind=Decision.Kind.CLOSURE))
    procedure_services.decision_decide(
        actor=world.lead, decision=closure, outcome="Dicht", weighing=""
    )
    request = ask(world)
    procedure_services.destruction_request_accept(actor=world.lead, request=request)
    assert request.status == "accepted"


def all_stored_text() -> str:
    """Every text and char value in every table, for a search for destroyed content."""
    from django.apps import apps
    from django.db import models

    values = []
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        for row in model.objects.values_list(*fields):
            values.extend(json.dumps(value, default=str) for value in row)
    return " ".join(values)


def test_destroying_the_whole_dossier_leaves_no_safety_text_no_reasons_and_no_pdf(
    world, settings, tmp_path, django_capture_on_commit_callbacks
):
    import datetime

    from django.urls import reverse

    from portal.models import CopyRequest
    from safety import services as safety_services

    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    safety_services.assessment_record(
        actor=world.lead,
        dossier=world.dossier,
        assessed_on=today,
        acute_danger=False,
        structural_unsafety=False,
        risk_level="elevated",
        findings=SECRET,
        actions_now=SECRET,
    )
    safety_services.safety_plan_create(
        actor=world.lead,
        dossier=world.dossier,
        concerns=SECRET,
        safety_goal=SECRET,
        danger_signals=SECRET,
        evaluation_date=today + datetime.timedelta(days=30),
        agreements=[safety_services.AgreementData(what=SECRET, responsible="Ouder")],
    )
    safety_services.phase_change(actor=world.lead, dossier=world.dossier, phase=2, reason=SECRET)
    safety_services.measure_add(
        actor=world.lead,
        dossier=world.dossier,
        kind="ots",
        members=[world.child],
        legal_basis="Artikel 1:255 BW",
        decided_by="court",
        starts_on=today,
        reference="C/16/999 JE RK 25-1",
    )
    services.involvement_add(
        actor=world.lead,
        dossier=world.dossier,
        professional=world.outsider,
        expertise="Verslavingszorg",
        reason=SECRET,
    )
    with django_capture_on_commit_callbacks(execute=True):
        world.client_for(world.family).post(reverse("portal:family-copy-create"))
    copy = CopyRequest.objects.get(dossier=world.dossier, status="ready")
    pdf = tmp_path / copy.file_path
    assert pdf.is_file()
    assert SECRET in all_stored_text() and "C/16/999" in all_stored_text()

    with django_capture_on_commit_callbacks(execute=True):
        procedure_services.destruction_request_accept(actor=world.lead, request=ask(world))

    stored = all_stored_text()
    assert SECRET not in stored and "C/16/999" not in stored
    assert not pdf.exists()
    # No copy of what was destroyed can be fetched again.
    download = world.client_for(world.family).get(reverse("portal:copy-download", args=[copy.pk]))
    assert download.status_code == 410
    request = DestructionRequest.objects.get(dossier=world.dossier)
    assert "alle andere teksten over het gezin" in request.destroyed_summary
