"""Bad requests get a JSON answer in Dutch, change nothing, and never a 500."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from casefile import services as casefile_services
from casefile.models import Entry

from .conftest import token_client


def _entries(world):
    return f"/api/v1/dossiers/{world.dossier.pk}/entries/"


@pytest.mark.parametrize(
    ("body", "content_type", "status", "expected"),
    [
        ('{"text": ', "application/json", 400, {"detail": "De inhoud is geen geldige JSON."}),
        ('{"text": {"a": 1}}', "application/json", 400, {"text": ["Vul hier tekst in."]}),
        ("null", "application/json", 400, {"non_field_errors": ["Er is niets meegestuurd."]}),
        ('{"text": "a\\u0000b"}', "application/json", 400, None),
        ("<text>Iets</text>", "application/xml", 415, None),
    ],
)
def test_bad_bodies_get_a_dutch_json_answer_and_save_nothing(
    world, body, content_type, status, expected
):
    before = Entry.objects.count()

    response = token_client(world.lead).generic(
        "POST", _entries(world), body, content_type=content_type
    )

    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    if expected is not None:
        assert response.json() == expected
    assert Entry.objects.count() == before


def test_options_is_not_answered(world):
    response = token_client(world.lead).options("/api/v1/dossiers/")

    assert response.status_code == 405


def test_a_session_write_without_csrf_says_why_in_dutch(world):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.lead)

    response = client.post(_entries(world), {"text": "Iets"}, format="json")

    assert response.status_code == 403
    assert response.json()["detail"].startswith("Het CSRF-token ontbreekt of klopt niet.")
    assert not Entry.objects.filter(text="Iets").exists()


def test_a_token_stops_working_when_the_account_is_switched_off(world):
    client = token_client(world.lead)
    assert client.get("/api/v1/dossiers/").status_code == 200

    world.lead.is_active = False
    world.lead.save()

    assert client.get("/api/v1/dossiers/").status_code == 401
    assert client.get(f"/api/v1/dossiers/{world.dossier.pk}/").status_code == 401


def test_a_family_member_who_leaves_the_household_loses_access_with_the_same_token(world):
    client = token_client(world.family)
    dossier = f"/api/v1/dossiers/{world.dossier.pk}/"
    assert client.get(dossier).status_code == 200

    casefile_services.member_leave(actor=world.lead, member=world.parent)

    assert client.get("/api/v1/dossiers/").json()["count"] == 0
    for path in ("", "entries/", "involvements/", "decisions/", "access-log/", "safety/"):
        assert client.get(dossier + path).status_code == 404, path
