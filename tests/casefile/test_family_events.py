"""System events about a decision reach only the members it concerns (R7 with the 12–15 rule)."""

import pytest

from casefile import access
from casefile.selectors.family import family_entry_list
from casefile.visibility import reader_for
from procedures import services as procedure_services
from procedures.models import Decision
from tests.factories import FamilyUserFactory

pytestmark = pytest.mark.django_db


def test_a_teenager_does_not_see_events_about_a_decision_on_their_parent(world):
    teen_user = FamilyUserFactory()
    world.teen.user = teen_user
    world.teen.save()
    access.dossier_sync(world.dossier)
    decision = procedure_services.decision_propose(
        actor=world.lead,
        dossier=world.dossier,
        kind=Decision.Kind.REFERRAL,
        title="Verwijzing naar schuldhulp",
        proposal="Ouder gaat naar schuldhulp.",
        concerns=[world.parent],
    )
    procedure_services.decision_start_hearing(actor=world.lead, decision=decision)

    teen_sees = [
        entry.text for entry in family_entry_list(reader=reader_for(teen_user, world.dossier))
    ]
    parent_sees = [
        entry.text for entry in family_entry_list(reader=reader_for(world.family, world.dossier))
    ]
    assert not any("Verwijzing naar schuldhulp" in text for text in teen_sees)
    assert any("Verwijzing naar schuldhulp" in text for text in parent_sees)
