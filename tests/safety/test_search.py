"""R5: find a household by name and date of birth; minimal matches; every search audited."""

from __future__ import annotations

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safety import services
from safety.models import HouseholdSearch
from tests.factories import MemberFactory, UserFactory, open_dossier


def search(user, name, birth_date):
    return services.household_search(actor=user, name=name, birth_date=birth_date)


def test_safety_staff_find_a_minimal_match_in_their_region(world):
    [match] = search(world.safety, "tester", world.parent.date_of_birth)

    assert match.dossier_id == world.dossier.pk
    assert match.household_label == world.dossier.household.label
    assert match.municipality == world.dossier.household.municipality.name
    assert match.lead_name == world.lead.display_name
    assert match.lead_organisation == str(world.lead.organisation)
    assert match.may_join
    # Just enough to recognise the household: no members, no summary, no content.
    assert set(vars(match)) == {
        "dossier_id",
        "household_label",
        "municipality",
        "lead_name",
        "lead_organisation",
        "may_join",
        "may_open",
    }
    assert not match.may_open  # not involved yet: no way in but joining


@pytest.mark.parametrize("name", ["Ouder", "ouder", "TESTER", "Ouder Tester", "oud"])
def test_it_matches_first_last_or_full_name_in_any_case(world, name):
    assert len(search(world.safety, name, world.parent.date_of_birth)) == 1


def test_name_and_birth_date_must_both_match(world):
    assert search(world.safety, "Ouder", world.teen.date_of_birth) == []
    assert search(world.safety, "Jansen", world.parent.date_of_birth) == []


def test_members_who_left_are_not_found(world):
    world.parent.left_on = datetime.date.today()
    world.parent.save()
    assert search(world.safety, "Ouder", world.parent.date_of_birth) == []


def test_safety_staff_of_another_region_find_nothing(world, other_region_safety):
    assert search(other_region_safety, "Ouder", world.parent.date_of_birth) == []


def test_after_joining_the_match_no_longer_offers_to_join(world, joined):
    [match] = search(world.safety, "Ouder", world.parent.date_of_birth)
    assert not match.may_join
    assert match.may_open


def test_professionals_find_only_their_own_dossiers(world):
    assert len(search(world.lead, "Ouder", world.parent.date_of_birth)) == 1
    assert len(search(world.involved, "Ouder", world.parent.date_of_birth)) == 1
    [match] = search(world.lead, "Ouder", world.parent.date_of_birth)
    assert not match.may_join
    assert search(world.outsider, "Ouder", world.parent.date_of_birth) == []
    assert search(world.ended, "Ouder", world.parent.date_of_birth) == []


@pytest.mark.parametrize("who", ["family", "analyst", "administrator"])
def test_others_may_not_search(world, who):
    with pytest.raises(PermissionDenied):
        search(getattr(world, who), "Ouder", world.parent.date_of_birth)
    assert not HouseholdSearch.objects.exists()


def test_every_search_is_recorded_and_audited(world):
    search(world.safety, "Ouder", world.parent.date_of_birth)
    search(world.outsider, "Ouder", world.parent.date_of_birth)

    safety_search = HouseholdSearch.objects.get(user=world.safety)
    assert safety_search.name == "Ouder"
    assert safety_search.birth_date == world.parent.date_of_birth
    assert safety_search.result_count == 1
    assert safety_search.organisation == world.safety.organisation
    assert safety_search.role == world.safety.role
    assert HouseholdSearch.objects.get(user=world.outsider).result_count == 0
    log = LogEntry.objects.get_for_object(safety_search).get()
    assert log.actor == world.safety


@pytest.mark.parametrize(
    ("name", "birth_date", "field"),
    [
        ("", datetime.date(1980, 1, 1), "name"),
        ("A", datetime.date(1980, 1, 1), "name"),
        ("Ouder", None, "birth_date"),
    ],
)
def test_name_and_birth_date_are_required(world, name, birth_date, field):
    with pytest.raises(ValidationError) as error:
        search(world.safety, name, birth_date)
    assert field in error.value.error_dict
    assert not HouseholdSearch.objects.exists()


def test_the_region_is_filtered_in_sql(world):
    # Many households in the region: still the same few queries.
    search(world.safety, "Ouder", world.parent.date_of_birth)  # warm the content-type cache
    with CaptureQueriesContext(connection) as few:
        search(world.safety, "Ouder", world.parent.date_of_birth)
    for _ in range(5):
        dossier = open_dossier(lead=UserFactory(organisation=world.lead.organisation))
        MemberFactory(
            household=dossier.household,
            first_name="Ouder",
            date_of_birth=world.parent.date_of_birth,
        )
    with CaptureQueriesContext(connection) as many:
        matches = search(world.safety, "Ouder", world.parent.date_of_birth)
    assert len(matches) == 6
    assert len(few) == len(many)
