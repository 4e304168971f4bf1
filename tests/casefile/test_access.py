"""R6: grants follow lead, involvement and membership; lists filter in SQL."""

import pytest

from casefile import access
from casefile import services as casefile_services
from casefile.models import Dossier, DossierUserObjectPermission

pytestmark = pytest.mark.django_db


def test_who_sees_the_content(world):
    visible = {
        who: access.can_see_dossier(getattr(world, who), world.dossier)
        for who in [
            "lead",
            "involved",
            "ended",
            "outsider",
            "safety",
            "family",
            "analyst",
            "administrator",
        ]
    }
    assert visible == {
        "lead": True,
        "involved": True,
        "ended": False,
        "outsider": False,
        "safety": False,
        "family": False,
        "analyst": False,
        "administrator": False,
    }


def test_administrators_see_no_case_content_even_as_superuser(world):
    assert world.administrator.is_superuser
    assert list(access.dossiers_visible_to(world.administrator)) == []
    assert list(access.family_dossiers_of(world.administrator)) == []


def test_the_family_sees_only_their_own_household(world):
    assert list(access.family_dossiers_of(world.family)) == [world.dossier]
    assert list(access.dossiers_visible_to(world.family)) == []


def test_a_member_who_leaves_loses_access(world):
    casefile_services.member_leave(actor=world.lead, member=world.parent)
    assert list(access.family_dossiers_of(world.family)) == []


def test_grants_are_guardian_object_permissions(world):
    codenames = set(
        DossierUserObjectPermission.objects.filter(content_object=world.dossier).values_list(
            "user__username", "permission__codename"
        )
    )
    assert codenames == {
        ("lead", "view_dossier"),
        ("involved", "view_dossier"),
        ("family", "view_family_dossier"),
    }


def test_a_deactivated_account_sees_nothing(world):
    world.involved.is_active = False
    world.involved.save()
    assert not access.can_see_dossier(world.involved, world.dossier)


def test_the_list_filters_in_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert list(access.dossiers_visible_to(world.lead)) == [world.dossier]
    assert Dossier.objects.count() == 1


def test_access_events_cannot_be_changed_or_deleted_in_the_database(world):
    from django.db import DatabaseError, transaction
    from django.urls import reverse

    from casefile.models import AccessEvent

    world.client_for(world.lead).get(reverse("workspace:dossier-detail", args=[world.dossier.pk]))
    event = AccessEvent.objects.get(user=world.lead)
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessEvent.objects.filter(pk=event.pk).update(action=AccessEvent.Action.PDF)
    with pytest.raises(DatabaseError), transaction.atomic():
        AccessEvent.objects.filter(pk=event.pk).delete()
    assert AccessEvent.objects.get(pk=event.pk).action == AccessEvent.Action.VIEW
