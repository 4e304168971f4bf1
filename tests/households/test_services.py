import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from casefile import services as casefile_services
from households import services
from households.models import Household, Member
from households.services import MemberData
from tests.factories import MunicipalityFactory, SafetyUserFactory, UserFactory, open_dossier

pytestmark = pytest.mark.django_db


def member(**overrides) -> MemberData:
    data = {
        "first_name": "Fatima",
        "last_name": "Bakker",
        "date_of_birth": datetime.date(1997, 5, 1),
        "role": Member.Role.PARENT,
    }
    return MemberData(**{**data, **overrides})


def test_a_local_team_professional_registers_a_household_with_its_members():
    actor = UserFactory()
    household = services.household_create(
        actor=actor, label="Bakker", municipality=MunicipalityFactory(), members=[member()]
    )
    assert household.members.get().first_name == "Fatima"
    entry = LogEntry.objects.get_for_object(household).get()
    assert entry.actor == actor
    assert entry.action == LogEntry.Action.CREATE


def test_only_local_team_professionals_register_households():
    with pytest.raises(PermissionDenied):
        casefile_services.household_register(
            actor=SafetyUserFactory(),
            label="X",
            municipality=MunicipalityFactory(),
            members=[member()],
        )


def test_registering_refuses_a_member_older_than_100_and_saves_nothing():
    too_old = timezone.localdate().replace(year=timezone.localdate().year - 102)
    with pytest.raises(ValidationError) as error:
        services.household_create(
            actor=UserFactory(),
            label="Bakker",
            municipality=MunicipalityFactory(),
            members=[member(), member(first_name="Riet", date_of_birth=too_old)],
        )
    assert "dan 100 jaar" in str(error.value)
    assert not Household.objects.exists()
    assert not Member.objects.exists()


def test_a_household_needs_a_member():
    with pytest.raises(ValidationError):
        services.household_create(
            actor=UserFactory(), label="Leeg", municipality=MunicipalityFactory(), members=[]
        )


def test_changing_a_member_keeps_r2():
    dossier = open_dossier()
    target = dossier.household.members.first()
    future = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        services.member_update(actor=dossier.lead, member=target, data=member(date_of_birth=future))
    target.refresh_from_db()
    assert target.date_of_birth != future


def test_only_professionals_of_the_dossier_change_its_household():
    dossier = open_dossier()
    with pytest.raises(PermissionDenied):
        casefile_services.member_add(
            actor=UserFactory(), household=dossier.household, data=member()
        )
    added = casefile_services.member_add(
        actor=dossier.lead, household=dossier.household, data=member()
    )
    assert LogEntry.objects.get_for_object(added).get().actor == dossier.lead


def test_network_contacts_are_added_by_the_dossiers_professionals():
    dossier = open_dossier()
    contact = services.network_contact_add(
        actor=dossier.lead, household=dossier.household, name="Els", relation="buurvrouw"
    )
    assert contact.household == dossier.household
    with pytest.raises(ValidationError):
        services.network_contact_add(
            actor=dossier.lead, household=dossier.household, name="", relation=""
        )


def test_a_person_may_be_a_member_of_two_households():
    actor = UserFactory()
    child = member(first_name="Daan", bsn="111222333", role=Member.Role.CHILD)
    for label in ("Moeder", "Vader"):
        services.household_create(
            actor=actor, label=label, municipality=MunicipalityFactory(), members=[child]
        )

    assert Member.objects.filter(bsn="111222333").count() == 2


def test_two_members_of_a_new_household_cannot_share_a_bsn():
    with pytest.raises(ValidationError, match="hetzelfde BSN"):
        services.household_create(
            actor=UserFactory(),
            label="Dubbel",
            municipality=MunicipalityFactory(),
            members=[member(bsn="111222333"), member(first_name="Ander", bsn="111222333")],
        )
    assert not Household.objects.filter(label="Dubbel").exists()


def test_the_bsn_is_checked_by_the_elfproef_only():
    with pytest.raises(ValidationError, match="klopt niet"):
        services.household_create(
            actor=UserFactory(),
            label="Fout",
            municipality=MunicipalityFactory(),
            members=[member(bsn="123456789")],
        )
