from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from accounts.tokens import api_token_create
from tests.factories import FamilyUserFactory, MemberFactory, UserFactory, open_dossier, years_ago


def token_client(user) -> APIClient:
    """A client that signs in as an integration would: with a token."""
    client = APIClient()
    if user is not None:
        _token, key = api_token_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def api():
    return token_client


@pytest.fixture
def other(world):
    """A second world around the first: a dossier nobody in `world` relates to, and a family
    member of yet another household."""

    class Other:
        pass

    other = Other()
    other.lead = UserFactory(username="other-lead")
    other.dossier = open_dossier(lead=other.lead)
    other.colleague = UserFactory(username="other-colleague")
    from casefile import access, services

    other.involvement = services.involvement_add(
        actor=other.lead,
        dossier=other.dossier,
        professional=other.colleague,
        expertise="GGZ",
        reason="Zorgen",
    )
    third = open_dossier(lead=other.lead, members=0)
    other.family = FamilyUserFactory(username="other-family")
    MemberFactory(household=third.household, user=other.family, date_of_birth=years_ago(35))
    access.dossier_sync(third)
    other.newcomer = UserFactory(username="newcomer")
    return other
