"""Helpers for the family portal tests."""

from __future__ import annotations

from casefile import access, services
from casefile.models import Entry

from ..factories import FamilyUserFactory

WITHHELD_TEXT = "Geheime melding van de buurvrouw over de vader"
ABOUT_PARENT_TEXT = "Gesprek met de ouder over werk en schulden"
ABOUT_TEEN_TEXT = "Gesprek met de tiener op school over vrienden"
HOUSEHOLD_TEXT = "Huisbezoek bij het hele gezin in de nieuwe woning"


def link_teen(world):
    """Give the world's 14-year-old a family account."""
    world.teen_user = FamilyUserFactory(username="teen")
    world.teen.user = world.teen_user
    world.teen.save()
    access.dossier_sync(world.dossier)
    return world.teen_user


def write_entries(world):
    lead, dossier = world.lead, world.dossier
    services.entry_add(
        actor=lead,
        dossier=dossier,
        text=WITHHELD_TEXT,
        visibility=Entry.Visibility.WITHHELD,
        withheld_reason=Entry.WithheldReason.THIRD_PARTY_PRIVACY,
        about_members=[world.parent],
    )
    services.entry_add(
        actor=lead, dossier=dossier, text=ABOUT_PARENT_TEXT, about_members=[world.parent]
    )
    services.entry_add(
        actor=lead, dossier=dossier, text=ABOUT_TEEN_TEXT, about_members=[world.teen]
    )
    return services.entry_add(actor=lead, dossier=dossier, text=HOUSEHOLD_TEXT)
