"""R10 complaints: filed by a family member or for them, due in 6 weeks, a visible status trail."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from procedures import services as procedure_services
from procedures.models import Complaint
from tests.factories import FamilyUserFactory, MemberFactory, years_ago

from .procedure_helpers import log_entries

pytestmark = pytest.mark.django_db


def file(world, **kwargs):
    defaults = {
        "actor": world.family,
        "dossier": world.dossier,
        "about": "dossier",
        "text": "Klopt niet",
    }
    return procedure_services.complaint_file(**(defaults | kwargs))


def test_a_family_member_files_a_complaint_due_in_six_weeks(world):
    complaint = file(world)
    assert complaint.member == world.parent and not complaint.recorded_on_behalf
    assert complaint.due_on == timezone.localdate() + datetime.timedelta(weeks=6)
    assert complaint.status == Complaint.Status.RECEIVED
    assert [step.status for step in complaint.trail.all()] == ["received"]
    assert log_entries(complaint).get().actor == world.family


def test_a_professional_records_a_complaint_on_behalf(world):
    complaint = file(world, actor=world.involved, member=world.teen)
    assert complaint.member == world.teen and complaint.recorded_on_behalf
    with pytest.raises(ValidationError):
        file(world, actor=world.involved)  # must name the member


def test_a_complaint_about_conduct_names_a_professional_of_the_dossier(world):
    with pytest.raises(ValidationError) as error:
        file(world, about="conduct", about_professional=world.outsider)
    assert "about_professional" in error.value.error_dict
    complaint = file(world, about="conduct", about_professional=world.ended)
    assert complaint.about_professional == world.ended


def test_a_child_under_12_cannot_file_and_is_not_filed_for(world):
    young = FamilyUserFactory()
    world.child.user = young
    world.child.save()
    from casefile import access

    access.dossier_sync(world.dossier)
    with pytest.raises(ValidationError):
        file(world, actor=young)
    with pytest.raises(ValidationError):
        file(world, actor=world.lead, member=world.child)


@pytest.mark.parametrize("who", ["outsider", "ended", "safety", "analyst", "administrator"])
def test_others_cannot_file(world, who):
    with pytest.raises(PermissionDenied):
        file(world, actor=getattr(world, who), member=world.parent)


def test_another_household_cannot_file(world):
    other = FamilyUserFactory()
    MemberFactory(user=other, date_of_birth=years_ago(30))
    with pytest.raises(PermissionDenied):
        file(world, actor=other)


def test_the_complaints_officer_handles_it_with_a_status_trail_and_a_written_answer(world):
    complaint = file(world)
    procedure_services.complaint_start(
        actor=world.complaints_officer, complaint=complaint, note="We zoeken het uit"
    )
    with pytest.raises(ValidationError) as error:
        procedure_services.complaint_answer(
            actor=world.complaints_officer, complaint=complaint, outcome="", answer=""
        )
    assert set(error.value.error_dict) == {"outcome", "answer"}
    procedure_services.complaint_answer(
        actor=world.complaints_officer,
        complaint=complaint,
        outcome="partly",
        answer="U heeft deels gelijk.",
    )
    complaint.refresh_from_db()
    assert complaint.status == "handled" and complaint.answered_by == world.complaints_officer
    assert [s.status for s in complaint.trail.all()] == ["received", "in_progress", "handled"]
    assert complaint.trail.last().actor == world.complaints_officer
    with pytest.raises(ValidationError):
        procedure_services.complaint_answer(
            actor=world.complaints_officer, complaint=complaint, outcome="founded", answer="x"
        )


def test_answering_directly_still_records_in_behandeling(world):
    complaint = file(world)
    procedure_services.complaint_answer(
        actor=world.complaints_officer, complaint=complaint, outcome="unfounded", answer="Nee"
    )
    assert [s.status for s in complaint.trail.all()] == ["received", "in_progress", "handled"]


@pytest.mark.parametrize(
    "who", ["lead", "involved", "family", "outsider", "safety", "administrator", "privacy_officer"]
)
def test_only_the_complaints_officer_handles_complaints(world, who):
    complaint = file(world)
    with pytest.raises(PermissionDenied):
        procedure_services.complaint_start(actor=getattr(world, who), complaint=complaint)
    with pytest.raises(PermissionDenied):
        procedure_services.complaint_answer(
            actor=getattr(world, who), complaint=complaint, outcome="founded", answer="x"
        )
