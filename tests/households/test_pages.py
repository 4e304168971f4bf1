import pytest
from django.urls import reverse

from casefile.models import AccessEvent
from households.models import Member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "who,expected",
    [
        ("lead", 200),
        ("involved", 200),
        ("ended", 404),
        ("outsider", 404),
        ("safety", 404),
        ("family", 404),
        ("analyst", 404),
        ("administrator", 404),
    ],
)
def test_household_page_access(world, who, expected):
    response = world.client_for(getattr(world, who)).get(
        reverse("workspace:household-detail", args=[world.dossier.pk])
    )
    assert response.status_code == expected


def test_viewing_the_household_is_logged(world):
    world.client_for(world.involved).get(
        reverse("workspace:household-detail", args=[world.dossier.pk])
    )
    assert AccessEvent.objects.filter(user=world.involved, dossier=world.dossier).exists()


@pytest.mark.parametrize(
    "who,expected",
    [
        ("lead", 302),
        ("involved", 302),
        ("ended", 404),
        ("outsider", 404),
        ("family", 404),
        ("analyst", 404),
        ("administrator", 404),
    ],
)
def test_adding_a_member(world, who, expected):
    data = {
        "new-first_name": "Noor",
        "new-last_name": "Tester",
        "new-date_of_birth": "2024-01-01",
        "new-role": "child",
    }
    response = world.client_for(getattr(world, who)).post(
        reverse("workspace:member-create", args=[world.dossier.pk]), data
    )
    assert response.status_code == expected
    assert Member.objects.filter(first_name="Noor").exists() == (expected == 302)


def test_a_member_of_101_is_refused_on_the_page(world):
    data = {
        "new-first_name": "Oud",
        "new-last_name": "Tester",
        "new-date_of_birth": "1900-01-01",
        "new-role": "other",
    }
    response = world.client_for(world.lead).post(
        reverse("workspace:member-create", args=[world.dossier.pk]), data
    )
    assert response.status_code == 400
    assert "ouder zijn dan 100 jaar" in response.content.decode()
    assert not Member.objects.filter(first_name="Oud").exists()


def test_editing_and_leaving(world):
    client = world.client_for(world.lead)
    url = reverse("workspace:member-edit", args=[world.dossier.pk, world.child.pk])
    assert client.get(url).status_code == 200
    data = {
        "first_name": "Kind",
        "last_name": "Anders",
        "date_of_birth": str(world.child.date_of_birth),
        "role": "child",
    }
    assert client.post(url, data).status_code == 302
    world.child.refresh_from_db()
    assert world.child.last_name == "Anders"
    leave = reverse("workspace:member-leave", args=[world.dossier.pk, world.parent.pk])
    assert client.post(leave, {"left_on": "2026-01-01"}).status_code == 302
    world.parent.refresh_from_db()
    assert world.parent.left_on is not None


def test_a_member_of_another_household_is_404(world):
    from tests.factories import MemberFactory

    stranger = MemberFactory()
    url = reverse("workspace:member-edit", args=[world.dossier.pk, stranger.pk])
    assert world.client_for(world.lead).get(url).status_code == 404


def test_adding_a_network_contact(world):
    response = world.client_for(world.involved).post(
        reverse("workspace:contact-create", args=[world.dossier.pk]),
        {"contact-name": "Buurvrouw Els", "contact-relation": "buurvrouw"},
    )
    assert response.status_code == 302
    assert world.dossier.household.network.get().name == "Buurvrouw Els"


def test_a_bsn_known_elsewhere_gets_the_same_answer_as_an_unknown_one(world):
    """R5: nothing may tell that a person is known in a household the user cannot see."""
    from tests.factories import open_dossier

    elsewhere = open_dossier(members=1)
    known = "111222333"
    unknown = "123456782"
    Member.objects.filter(household=elsewhere.household).update(bsn=known)
    client = world.client_for(world.lead)
    url = reverse("workspace:member-create", args=[world.dossier.pk])

    answers = []
    for name, bsn in (("Kind", known), ("Ander", unknown)):
        data = {
            "new-first_name": name,
            "new-last_name": "Tester",
            "new-date_of_birth": "2015-01-01",
            "new-role": "child",
            "new-bsn": bsn,
        }
        response = client.post(url, data)
        answers.append((response.status_code, response.get("Location")))

    assert answers[0] == answers[1] == (302, answers[0][1])
    # The child now lives in both households, as a child of parents who live apart does.
    assert Member.objects.filter(bsn=known).count() == 2


def test_a_bsn_twice_in_one_household_is_refused(world):
    url = reverse("workspace:member-create", args=[world.dossier.pk])
    data = {
        "new-first_name": "Kind",
        "new-last_name": "Tester",
        "new-date_of_birth": "2015-01-01",
        "new-role": "child",
        "new-bsn": "111222333",
    }
    client = world.client_for(world.lead)
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "new-first_name": "Tweede"})

    assert response.status_code == 400
    assert "Dit BSN staat al bij een ander lid van dit huishouden." in response.content.decode()
    assert not Member.objects.filter(first_name="Tweede").exists()
