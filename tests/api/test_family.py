"""Family members read their own dossier's family-visible part (R6, R7, the 12–15 rule)."""

from __future__ import annotations

import pytest

from casefile import access, selectors, services
from casefile.models import Entry
from casefile.visibility import reader_for as reader_of
from tests.factories import FamilyUserFactory

from .conftest import token_client


def _url(world, part=""):
    return f"/api/v1/dossiers/{world.dossier.pk}/{part}"


@pytest.fixture
def timeline(world):
    """Entries about the household, the parent, the teenager, and two withheld ones."""
    add = services.entry_add
    return {
        "household": add(actor=world.lead, dossier=world.dossier, text="Over iedereen"),
        "parent": add(
            actor=world.lead, dossier=world.dossier, text="Over ouder", about_members=[world.parent]
        ),
        "teen": add(
            actor=world.lead, dossier=world.dossier, text="Over tiener", about_members=[world.teen]
        ),
        "withheld_parent": add(
            actor=world.lead,
            dossier=world.dossier,
            text="Geheim over ouder",
            visibility=Entry.Visibility.WITHHELD,
            withheld_reason=Entry.WithheldReason.CHILD_SAFETY,
            about_members=[world.parent],
        ),
        "withheld_household": add(
            actor=world.lead,
            dossier=world.dossier,
            text="Geheim over iedereen",
            visibility=Entry.Visibility.WITHHELD,
            withheld_reason=Entry.WithheldReason.CRIMINAL_INVESTIGATION,
        ),
    }


@pytest.fixture
def teen_user(world):
    user = FamilyUserFactory(username="tiener")
    world.teen.user = user
    world.teen.save()
    access.dossier_sync(world.dossier)
    return user


def _texts(response):
    return {entry["text"] for entry in response.json()["results"]}


def test_an_adult_reads_every_family_visible_entry_and_what_is_withheld(world, timeline):
    response = token_client(world.family).get(_url(world, "entries/"))

    assert response.status_code == 200
    texts = _texts(response)
    assert {"Over iedereen", "Over ouder", "Over tiener"} <= texts
    assert not {"Geheim over ouder", "Geheim over iedereen"} & texts
    assert response.json()["withheld"] == {
        "count": 2,
        "reasons": [
            {"reason": "child_safety", "label": "De veiligheid van een kind", "count": 1},
            {
                "reason": "criminal_investigation",
                "label": "Een strafrechtelijk onderzoek",
                "count": 1,
            },
        ],
    }


def test_a_child_of_12_to_15_reads_only_entries_about_them_or_everyone(world, timeline, teen_user):
    response = token_client(teen_user).get(_url(world, "entries/"))

    assert response.status_code == 200
    texts = _texts(response)
    assert "Over iedereen" in texts and "Over tiener" in texts
    assert "Over ouder" not in texts
    # Only the withheld entry about everyone is in their scope.
    assert response.json()["withheld"]["count"] == 1


def test_professionals_read_everything_and_get_no_withheld_summary(world, timeline):
    response = token_client(world.involved).get(_url(world, "entries/"))

    assert {"Geheim over ouder", "Geheim over iedereen"} <= _texts(response)
    assert response.json()["withheld"] is None


def test_family_filters_cannot_reach_withheld_entries(world, timeline):
    response = token_client(world.family).get(_url(world, "entries/?visibility=withheld"))

    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_the_family_sees_current_members_with_their_age(world):
    world.child.left_on = world.child.date_of_birth.replace(year=2024)
    world.child.save()

    data = token_client(world.family).get(_url(world)).json()

    assert {m["first_name"]: m["age"] for m in data["members"]} == {"Ouder": 40, "Tiener": 14}
    assert data["lead"]["name"] == world.lead.display_name
    assert data["phase"] is None


def test_the_family_lists_only_their_own_dossier(world, other):
    data = token_client(world.family).get("/api/v1/dossiers/").json()

    assert [d["id"] for d in data["results"]] == [str(world.dossier.pk)]


def test_selectors_scope_withheld_summary_to_the_reader(world, timeline, teen_user):
    household = selectors.withheld_summary(reader=reader_of(world.family, world.dossier))
    teen = selectors.withheld_summary(reader=reader_of(teen_user, world.dossier))

    assert (household.count, teen.count) == (2, 1)
