"""R11 correction requests: accept → a correction entry (R8); refuse → reason + own statement."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from casefile import selectors, services
from casefile.models import Entry
from procedures import services as procedure_services

from .procedure_helpers import log_entries

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(world):
    return services.entry_add(actor=world.lead, dossier=world.dossier, text="Vader was boos.")


def ask(world, entry, **kwargs):
    defaults = {"actor": world.family, "entry": entry, "text": "Ik was niet boos, wel moe."}
    return procedure_services.correction_request_file(**(defaults | kwargs))


def test_a_member_asks_a_correction_due_in_four_weeks(world, entry):
    request = ask(world, entry)
    assert request.due_on == timezone.localdate() + datetime.timedelta(weeks=4)
    assert request.member == world.parent and request.status == "open"
    assert log_entries(request).get().actor == world.family


def test_a_withheld_entry_or_a_system_event_cannot_be_asked_about(world):
    withheld = services.entry_add(
        actor=world.lead,
        dossier=world.dossier,
        text="Geheim",
        visibility="withheld",
        withheld_reason="child_safety",
    )
    with pytest.raises(ValidationError):
        ask(world, withheld)
    event = world.dossier.entries.filter(kind=Entry.Kind.EVENT).first()
    with pytest.raises(ValidationError):
        ask(world, event)


def test_one_open_request_per_entry_and_member(world, entry):
    ask(world, entry)
    with pytest.raises(ValidationError):
        ask(world, entry)


def test_accepting_writes_a_correction_entry_and_keeps_the_original(world, entry):
    request = ask(world, entry)
    procedure_services.correction_request_accept(
        actor=world.lead, request=request, text="Vader was moe."
    )
    request.refresh_from_db()
    assert request.status == "accepted" and request.correction.corrects == entry
    assert request.correction.kind == Entry.Kind.CORRECTION
    assert Entry.objects.get(pk=entry.pk).text == "Vader was boos."
    with pytest.raises(ValidationError):
        procedure_services.correction_request_refuse(actor=world.lead, request=request, reason="x")


def test_refusing_needs_a_reason_and_adds_the_own_statement_beside_the_entry(world, entry):
    request = ask(world, entry, statement="Ik ben het hier niet mee eens.")
    with pytest.raises(ValidationError):
        procedure_services.correction_request_refuse(actor=world.lead, request=request, reason=" ")
    procedure_services.correction_request_refuse(
        actor=world.lead, request=request, reason="Zo is het gezien door twee collega's."
    )
    timeline = {e.pk: e for e in selectors.entry_list(dossier=world.dossier)}
    statements = list(timeline[entry.pk].own_statements.all())
    assert [s.text for s in statements] == ["Ik ben het hier niet mee eens."]
    assert statements[0].member == world.parent
    assert log_entries(request).first().actor == world.lead  # newest first


def test_without_a_separate_statement_the_request_itself_is_shown(world, entry):
    request = ask(world, entry)
    procedure_services.correction_request_refuse(actor=world.lead, request=request, reason="Nee")
    assert entry.own_statements.get().text == "Ik was niet boos, wel moe."


def test_the_timeline_shows_own_statements_on_the_dossier_page(world, entry):
    request = ask(world, entry)
    procedure_services.correction_request_refuse(actor=world.lead, request=request, reason="Nee")
    response = world.client_for(world.lead).get(f"/dossiers/{world.dossier.pk}/")
    assert "Ik was niet boos, wel moe." in response.content.decode()


@pytest.mark.parametrize("who", ["involved", "family", "outsider", "ended"])
def test_only_the_lead_answers(world, entry, who):
    request = ask(world, entry)
    with pytest.raises(PermissionDenied):
        procedure_services.correction_request_accept(
            actor=getattr(world, who), request=request, text="x"
        )
    with pytest.raises(PermissionDenied):
        procedure_services.correction_request_refuse(
            actor=getattr(world, who), request=request, reason="x"
        )


@pytest.mark.parametrize("who", ["outsider", "ended", "safety", "analyst", "administrator"])
def test_others_cannot_ask(world, entry, who):
    with pytest.raises(PermissionDenied):
        ask(world, entry, actor=getattr(world, who), member=world.parent)


def test_a_professional_records_a_request_on_behalf(world, entry):
    request = ask(world, entry, actor=world.involved, member=world.teen)
    assert request.recorded_on_behalf and request.member == world.teen
