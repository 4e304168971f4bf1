"""R1, R3, R4, R7, R8 and the audit rows of every dossier service (R12)."""

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from casefile import access, services
from casefile.models import Dossier, Entry, Involvement
from tests.factories import (
    HouseholdFactory,
    MemberFactory,
    SafetyUserFactory,
    SpecialistFactory,
    UserFactory,
    open_dossier,
)

pytestmark = pytest.mark.django_db


def audit_of(obj):
    return LogEntry.objects.get_for_object(obj).order_by("timestamp")


# --- R1 one dossier per household ------------------------------------------------------------


def test_opening_a_dossier_makes_the_opener_lead_and_involved():
    lead = UserFactory()
    dossier = open_dossier(lead=lead)
    assert dossier.lead == lead
    assert dossier.involvements.get().kind == Involvement.Kind.LEAD
    assert access.can_see_dossier(lead, dossier)
    assert audit_of(dossier).get().actor == lead


def test_a_household_gets_one_dossier_only():
    dossier = open_dossier()
    with pytest.raises(ValidationError) as error:
        services.dossier_open(actor=dossier.lead, household=dossier.household)
    assert "al een dossier" in str(error.value)
    assert Dossier.objects.count() == 1


def test_the_database_holds_one_dossier_per_household():
    dossier = open_dossier()
    with pytest.raises(IntegrityError), transaction.atomic():
        Dossier.objects.create(household=dossier.household, lead=dossier.lead)


# --- R3 one fixed lead from a local team -----------------------------------------------------


@pytest.mark.parametrize("factory", [SafetyUserFactory, SpecialistFactory])
def test_only_a_local_team_professional_opens_and_leads(factory):
    with pytest.raises(PermissionDenied):
        services.dossier_open(actor=factory(), household=HouseholdFactory())
    assert not Dossier.objects.exists()


def test_changing_the_lead_is_explicit_reasoned_and_shown_to_the_family():
    dossier = open_dossier()
    old, new = dossier.lead, UserFactory()
    services.dossier_lead_change(
        actor=old, dossier=dossier, new_lead=new, reason="Anna gaat met verlof"
    )
    dossier.refresh_from_db()
    assert dossier.lead == new
    event = dossier.entries.filter(kind=Entry.Kind.EVENT).first()
    assert "Anna gaat met verlof" in event.text
    assert event.visibility == Entry.Visibility.FAMILY
    assert access.can_see_dossier(new, dossier)
    assert not access.can_see_dossier(old, dossier)
    assert audit_of(dossier).last().actor == old


def test_the_previous_lead_may_stay_involved():
    dossier = open_dossier()
    old, new = dossier.lead, UserFactory()
    services.dossier_lead_change(
        actor=old, dossier=dossier, new_lead=new, reason="Andere wijk", previous_lead_stays=True
    )
    assert access.can_see_dossier(old, dossier)


def test_a_lead_change_needs_a_reason_and_a_local_team_professional():
    dossier = open_dossier()
    with pytest.raises(ValidationError):
        services.dossier_lead_change(
            actor=dossier.lead, dossier=dossier, new_lead=UserFactory(), reason=" "
        )
    with pytest.raises(ValidationError):
        services.dossier_lead_change(
            actor=dossier.lead, dossier=dossier, new_lead=SafetyUserFactory(), reason="x"
        )
    dossier.refresh_from_db()
    assert dossier.lead.pk == dossier.involvements.get().professional_id


def test_only_the_lead_changes_the_lead():
    dossier = open_dossier()
    involved = UserFactory()
    services.involvement_add(
        actor=dossier.lead, dossier=dossier, professional=involved, expertise="GGZ", reason="x"
    )
    with pytest.raises(PermissionDenied):
        services.dossier_lead_change(actor=involved, dossier=dossier, new_lead=involved, reason="x")


def test_the_lead_cannot_end_their_own_involvement():
    dossier = open_dossier()
    with pytest.raises(ValidationError):
        services.involvement_end(
            actor=dossier.lead, involvement=dossier.involvements.get(), reason="weg"
        )


# --- R4 no handovers ---------------------------------------------------------------------------


def test_adding_a_professional_removes_or_demotes_nobody():
    dossier = open_dossier()
    first, second = SafetyUserFactory(), SpecialistFactory()
    for professional in (first, second):
        services.involvement_add(
            actor=dossier.lead,
            dossier=dossier,
            professional=professional,
            expertise="x",
            reason="y",
        )
    dossier.refresh_from_db()
    assert dossier.involvements.filter(ended_at__isnull=True).count() == 3
    assert all(access.can_see_dossier(u, dossier) for u in (dossier.lead, first, second))


def test_only_the_lead_adds_professionals():
    dossier = open_dossier()
    involved = UserFactory()
    services.involvement_add(
        actor=dossier.lead, dossier=dossier, professional=involved, expertise="x", reason="y"
    )
    with pytest.raises(PermissionDenied):
        services.involvement_add(
            actor=involved, dossier=dossier, professional=UserFactory(), expertise="x", reason="y"
        )


def test_adding_needs_expertise_and_reason_and_refuses_twice():
    dossier = open_dossier()
    professional = UserFactory()
    with pytest.raises(ValidationError) as error:
        services.involvement_add(
            actor=dossier.lead, dossier=dossier, professional=professional, expertise="", reason=""
        )
    assert set(error.value.error_dict) == {"expertise", "reason"}
    services.involvement_add(
        actor=dossier.lead, dossier=dossier, professional=professional, expertise="x", reason="y"
    )
    with pytest.raises(ValidationError):
        services.involvement_add(
            actor=dossier.lead,
            dossier=dossier,
            professional=professional,
            expertise="x",
            reason="y",
        )


def test_only_professionals_can_be_involved(world):
    with pytest.raises(ValidationError):
        services.involvement_add(
            actor=world.lead,
            dossier=world.dossier,
            professional=world.family,
            expertise="x",
            reason="y",
        )


def test_ending_revokes_access_and_keeps_history_and_writing():
    dossier = open_dossier()
    professional = UserFactory()
    involvement = services.involvement_add(
        actor=dossier.lead, dossier=dossier, professional=professional, expertise="x", reason="y"
    )
    entry = services.entry_add(actor=professional, dossier=dossier, text="Mijn bevindingen")
    services.involvement_end(actor=professional, involvement=involvement, reason="Traject klaar")
    assert not access.can_see_dossier(professional, dossier)
    involvement.refresh_from_db()
    assert involvement.ended_at is not None
    assert involvement.end_reason == "Traject klaar"
    assert Entry.objects.filter(pk=entry.pk).exists()
    assert audit_of(involvement).last().actor == professional


def test_the_lead_can_end_someone_elses_involvement_but_others_cannot(world):
    other = UserFactory()
    involvement = services.involvement_add(
        actor=world.lead, dossier=world.dossier, professional=other, expertise="x", reason="y"
    )
    with pytest.raises(PermissionDenied):
        services.involvement_end(actor=world.involved, involvement=involvement, reason="z")
    services.involvement_end(actor=world.lead, involvement=involvement, reason="z")
    assert not access.can_see_dossier(other, world.dossier)


def test_ending_needs_a_reason(world):
    with pytest.raises(ValidationError):
        services.involvement_end(actor=world.involved, involvement=world.involvement, reason="")
    assert access.can_see_dossier(world.involved, world.dossier)


def test_a_professional_can_be_added_again_after_ending(world):
    again = services.involvement_add(
        actor=world.lead, dossier=world.dossier, professional=world.ended, expertise="x", reason="y"
    )
    assert again.is_active
    assert world.dossier.involvements.filter(professional=world.ended).count() == 2


# --- R7 open by default ----------------------------------------------------------------------


def test_entries_are_visible_to_the_family_by_default(world):
    entry = services.entry_add(actor=world.lead, dossier=world.dossier, text="Huisbezoek")
    assert entry.visibility == Entry.Visibility.FAMILY
    assert audit_of(entry).get().actor == world.lead


def test_withholding_needs_a_reason_from_the_list(world):
    with pytest.raises(ValidationError) as error:
        services.entry_add(
            actor=world.lead, dossier=world.dossier, text="x", visibility=Entry.Visibility.WITHHELD
        )
    assert "withheld_reason" in error.value.error_dict
    with pytest.raises(ValidationError):
        services.entry_add(
            actor=world.lead,
            dossier=world.dossier,
            text="x",
            visibility=Entry.Visibility.WITHHELD,
            withheld_reason="because",
        )
    entry = services.entry_add(
        actor=world.lead,
        dossier=world.dossier,
        text="x",
        visibility=Entry.Visibility.WITHHELD,
        withheld_reason=Entry.WithheldReason.CHILD_SAFETY,
    )
    assert entry.is_withheld


def test_the_database_refuses_a_withheld_entry_without_reason(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.create(
            dossier=world.dossier, author=world.lead, text="x", visibility=Entry.Visibility.WITHHELD
        )


def test_entries_are_about_members_of_this_household_only(world):
    stranger = MemberFactory()
    with pytest.raises(ValidationError):
        services.entry_add(
            actor=world.lead, dossier=world.dossier, text="x", about_members=[stranger]
        )
    entry = services.entry_add(
        actor=world.lead, dossier=world.dossier, text="x", about_members=[world.child]
    )
    assert list(entry.about_members.all()) == [world.child]


@pytest.mark.parametrize(
    "who", ["outsider", "ended", "safety", "family", "analyst", "administrator"]
)
def test_only_lead_and_involved_write_entries(world, who):
    with pytest.raises(PermissionDenied):
        services.entry_add(actor=getattr(world, who), dossier=world.dossier, text="x")


def test_an_empty_entry_is_refused(world):
    with pytest.raises(ValidationError):
        services.entry_add(actor=world.lead, dossier=world.dossier, text="   ")


# --- R8 append-only --------------------------------------------------------------------------


def test_a_correction_is_a_new_entry_linked_to_the_original(world):
    original = services.entry_add(
        actor=world.involved, dossier=world.dossier, text="Tom is 8", about_members=[world.child]
    )
    correction = services.entry_correct(actor=world.lead, entry=original, text="Tom is 9")
    original.refresh_from_db()
    assert original.text == "Tom is 8"
    assert correction.corrects == original
    assert correction.kind == Entry.Kind.CORRECTION
    assert list(correction.about_members.all()) == [world.child]
    assert {row.actor for row in audit_of(correction)} == {world.lead}
    # Created (and its members linked), never changed afterwards.
    updates = audit_of(original).filter(action=LogEntry.Action.UPDATE)
    assert all(set(row.changes_dict) == {"about_members"} for row in updates)


def test_a_correction_keeps_the_originals_visibility(world):
    original = services.entry_add(
        actor=world.lead,
        dossier=world.dossier,
        text="x",
        visibility=Entry.Visibility.WITHHELD,
        withheld_reason=Entry.WithheldReason.CRIMINAL_INVESTIGATION,
    )
    correction = services.entry_correct(actor=world.lead, entry=original, text="y")
    assert correction.withheld_reason == Entry.WithheldReason.CRIMINAL_INVESTIGATION


def test_the_database_refuses_a_correction_without_original(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.create(
            dossier=world.dossier, author=world.lead, text="x", kind=Entry.Kind.CORRECTION
        )


def test_system_events_cannot_be_corrected(world):
    event = world.dossier.entries.filter(kind=Entry.Kind.EVENT).first()
    with pytest.raises(ValidationError):
        services.entry_correct(actor=world.lead, entry=event, text="x")


def test_no_service_edits_or_deletes_entries():
    public = [name for name in services.__all__ if name.startswith("entry_")]
    # entry_correct_on_request adds a correction for an accepted request (R11), like entry_correct.
    assert sorted(public) == ["entry_add", "entry_correct", "entry_correct_on_request"]


# --- closed dossiers -------------------------------------------------------------------------


def test_a_closed_dossier_takes_no_new_entries(world):
    from django.utils import timezone

    world.dossier.status = Dossier.Status.CLOSED
    world.dossier.closed_at = timezone.now()
    world.dossier.save()
    with pytest.raises(PermissionDenied):
        services.entry_add(actor=world.lead, dossier=world.dossier, text="x")
    assert access.can_see_dossier(world.lead, world.dossier)


def test_what_services_store_is_dutch_whatever_the_screen_language(world):
    from django.utils import translation

    with translation.override("en"):
        services.involvement_add(
            actor=world.lead,
            dossier=world.dossier,
            professional=UserFactory(),
            expertise="GGZ",
            reason="Zorgen",
        )
    event = world.dossier.entries.filter(kind=Entry.Kind.EVENT).order_by("-created_at").first()
    assert "helpt nu mee als GGZ" in event.text


def test_closing_writes_the_dossier_a_timeline_line_and_an_audit_row(world):
    services.dossier_close(actor=world.lead, dossier=world.dossier)
    dossier = Dossier.objects.get(pk=world.dossier.pk)
    assert dossier.status == Dossier.Status.CLOSED and dossier.closed_at
    assert dossier.entries.filter(kind=Entry.Kind.EVENT, text__contains="gesloten").exists()
    closing = audit_of(dossier).filter(changes__icontains="closed_at").get()
    assert closing.actor == world.lead
    with pytest.raises(ValidationError):
        services.dossier_close(actor=world.lead, dossier=dossier)  # closed once
