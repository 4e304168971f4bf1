from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from agenda import services
from casefile import access
from safety import services as safety_services
from tests.factories import FamilyUserFactory

TODAY = timezone.localdate()


@pytest.fixture
def joined(world):
    """The world's safety-team member, after joining the world's dossier."""
    safety_services.involvement_join(
        actor=world.safety, dossier=world.dossier, expertise="Veiligheid", reason="Melding"
    )
    return world.safety


@pytest.fixture
def teen(world):
    """An account for the world's child of 14 (the 12–15 rule)."""
    user = FamilyUserFactory(username="teen")
    world.teen.user = user
    world.teen.save()
    access.dossier_sync(world.dossier)
    return user


@pytest.fixture
def officers(world):
    """The world's complaints officer (of the lead's organisation) and privacy officer."""
    return {"complaints": world.complaints_officer, "privacy": world.privacy_officer}


def make_task(world, *, person=None, due_on=None, actor=None, **kwargs):
    return services.task_create(
        actor=actor or world.lead,
        dossier=kwargs.pop("dossier", world.dossier),
        what=kwargs.pop("what", "Bellen met school"),
        due_on=due_on or TODAY + datetime.timedelta(days=3),
        person=person or services.Person(professional=world.lead),
        **kwargs,
    )


def make_meeting(world, *, members=(), professionals=None, starts_at=None, **kwargs):
    return services.meeting_plan(
        actor=world.lead,
        dossier=world.dossier,
        kind=kwargs.pop("kind", "case"),
        starts_at=starts_at or timezone.now() - datetime.timedelta(hours=2),
        agenda=kwargs.pop("agenda", "Hoe gaat het?\nSchool"),
        invitees=services.Invitees(
            professionals=[world.lead] if professionals is None else professionals,
            members=list(members),
        ),
        **kwargs,
    )
