import pytest
from django.db import DatabaseError, transaction

from safety import services
from safety.models import HouseholdSearch

pytestmark = pytest.mark.django_db


def test_the_record_of_a_search_cannot_be_changed_or_deleted(world):
    services.household_search(
        actor=world.safety, name="Ouder", birth_date=world.parent.date_of_birth
    )
    search = HouseholdSearch.objects.get(user=world.safety)
    with pytest.raises(DatabaseError), transaction.atomic():
        HouseholdSearch.objects.filter(pk=search.pk).update(result_count=99)
    with pytest.raises(DatabaseError), transaction.atomic():
        HouseholdSearch.objects.filter(pk=search.pk).delete()
    assert HouseholdSearch.objects.filter(pk=search.pk).exists()
